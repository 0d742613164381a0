// Debian's Chromium: Playwright's own browser builds cannot be downloaded here, and need not be.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const CHROMIUM_ARGS = [
  // Needed when the tests run as root (CI containers); the page is our own app.
  '--no-sandbox',
  '--disable-gpu',
  // No traffic to anything but the app under test.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]
