/**
 * The system's Chromium (Debian's `chromium` package), driven by playwright-core: no browser is
 * downloaded. LEAD_CHROMIUM names another binary.
 */
import fs from 'node:fs'
import type {Browser} from 'playwright-core'

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']

export function findChromium(): string | undefined {
  const named = process.env.LEAD_CHROMIUM
  if (named) return fs.existsSync(named) ? named : undefined
  return CANDIDATES.find((c) => fs.existsSync(c))
}

export const NO_BROWSER = `no Chromium found (looked for ${process.env.LEAD_CHROMIUM ?? CANDIDATES.join(', ')}): install it with \`apt-get install chromium\`, or set LEAD_CHROMIUM to a Chromium or Chrome binary`

export async function launch(executablePath: string): Promise<{browser: Browser; close: () => Promise<void>}> {
  // playwright-core makes a fresh, empty profile for each launch.
  const {chromium} = await import('playwright-core')
  // Flags that keep Chromium off the network (this machine has none) and quiet as root in CI.
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  return {
    browser,
    close: () => browser.close(),
  }
}
