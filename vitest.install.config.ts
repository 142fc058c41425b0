/**
 * The install tests alone (`npm run test:install`, run by .ci/run): lead packed and installed
 * from its tarball and from a git URL, as a site installs it. Everything else as in vitest.config.ts.
 */
import {configDefaults, defineConfig} from 'vitest/config'
import base, {INSTALL_TESTS} from './vitest.config.js'

export default defineConfig({
  ...base,
  test: {...base.test, include: [INSTALL_TESTS], exclude: [...configDefaults.exclude]},
})
