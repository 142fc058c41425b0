import {defineConfig} from 'vitest/config'

// `npm run test:browser`: every HTML form printed by headless Chromium (see test/browser/).
export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.ts'],
    disableConsoleIntercept: true,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
})
