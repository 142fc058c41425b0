import {configDefaults, defineConfig} from 'vitest/config'

/** Tests that pack and install lead with npm: minutes, and the registry or a warm cache (npm run test:install). */
export const INSTALL_TESTS = 'test/install/**/*.test.ts'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // npm test needs only Node and git; the install tests run in `npm run test:install` (vitest.install.config.ts).
    exclude: [...configDefaults.exclude, INSTALL_TESTS],
    // oclif writes through console.log; end-to-end tests spawn bin/run.js anyway.
    disableConsoleIntercept: true,
    // Generous: CI machines are small and shared; a test that hangs still fails.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Most tests spawn the CLI and wait on git: two files at a time use both cores (findings.md: 1.55x).
    maxWorkers: 2,
    // Tests a file runs at once (describe.concurrent: each on files of its own), two at a time: one per core.
    maxConcurrency: 2,
    globalSetup: ['test/support/global-setup.ts'],
  },
})
