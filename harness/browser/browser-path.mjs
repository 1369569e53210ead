// Where a Chromium or Chrome executable is on this machine: $CHROMIUM_PATH first, then the usual
// install paths of Debian/Ubuntu, Fedora, Google's packages, snap and macOS. Shared by the test
// command's provisioning step (scripts/provision-browser.mjs) and the tests' launcher.
import { existsSync } from 'node:fs';

export const BROWSER_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** The browser to drive, or null; `env` is where $CHROMIUM_PATH is read. */
export function findBrowser(env = process.env) {
  const fromEnv = env.CHROMIUM_PATH?.trim();
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return BROWSER_PATHS.find((path) => existsSync(path)) ?? null;
}
