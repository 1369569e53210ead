/**
 * Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core.
 *
 * Playwright never downloads a browser here: we always pass `executablePath`.
 *
 * The flags below give WebGL2 (ANGLE on SwiftShader), WebGPU compute and a WebGPU canvas (Dawn on
 * SwiftShader Vulkan), headless, as root, with no network chatter. Traps, measured:
 *  - Playwright adds its own `--enable-features=...` and Chromium keeps only the LAST one on the
 *    command line, so `Vulkan` in a second `--enable-features` would silently drop Playwright's
 *    entries (or vice versa). We drop Playwright's entry with `ignoreDefaultArgs` and pass ONE merged
 *    list (Playwright's entries + Vulkan). `chromiumCommandLine()` lets a test check the result.
 *  - Without `Vulkan` + `--use-vulkan=swiftshader` WebGPU computes but a WebGPU canvas dies and
 *    screenshots come out blank. `--disable-gpu` also breaks the WebGPU canvas, `--use-angle=vulkan`
 *    removes WebGL2, `--disable-software-rasterizer` removes both.
 *  - No `--user-data-dir` (Playwright refuses it and makes its own temporary profile).
 *  - Without the background-networking flags Chromium floods the closed network with connections.
 *  - The first WebGPU call compiles shaders for a few seconds: give WebGPU tests generous timeouts.
 */
import { findBrowser } from './browser-path.mjs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Features playwright-core 1.65 enables by default (its `chromiumSwitches.ts` `enabledFeatures()`:
 * `CDPScreenshotNewSurface` unless PLAYWRIGHT_LEGACY_SCREENSHOT is set, then
 * `SkipListAccountsWithoutGaiaCookies`). Keep in sync when upgrading playwright-core.
 */
export const PLAYWRIGHT_ENABLED_FEATURES = ['CDPScreenshotNewSurface', 'SkipListAccountsWithoutGaiaCookies'] as const;

/** Features we add on top: Vulkan is what makes a WebGPU canvas present (and screenshot) headless. */
export const EXTRA_ENABLED_FEATURES = ['Vulkan'] as const;

/** Every spelling of Playwright's default `--enable-features` switch, so `ignoreDefaultArgs` removes it. */
function playwrightEnableFeatureArgs(): string[] {
  const withScreenshot = PLAYWRIGHT_ENABLED_FEATURES;
  const legacy = PLAYWRIGHT_ENABLED_FEATURES.filter((f) => f !== 'CDPScreenshotNewSurface');
  return [`--enable-features=${withScreenshot.join(',')}`, `--enable-features=${legacy.join(',')}`];
}

/** The single merged `--enable-features` value we pass. */
export function mergedEnabledFeatures(): string[] {
  const own = process.env.PLAYWRIGHT_LEGACY_SCREENSHOT
    ? PLAYWRIGHT_ENABLED_FEATURES.filter((f) => f !== 'CDPScreenshotNewSurface')
    : [...PLAYWRIGHT_ENABLED_FEATURES];
  return [...new Set<string>([...own, ...EXTRA_ENABLED_FEATURES])];
}

/** Chromium switches for WebGL2 + WebGPU (compute and canvas) headless on SwiftShader. */
export function chromiumArgs(): string[] {
  return [
    // `--headless` and `--no-sandbox` are added by Playwright (headless: true, chromiumSandbox unset).
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--enable-unsafe-webgpu',
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
    '--use-vulkan=swiftshader',
    `--enable-features=${mergedEnabledFeatures().join(',')}`,
  ];
}

/**
 * Path of the Chromium executable: $CHROMIUM_PATH, else the first of the usual install paths
 * (harness/browser/browser-path.mjs, which `npm test`'s provisioning step also uses). Throws a clear
 * error if there is none.
 */
export function chromiumExecutablePath(): string {
  const path = findBrowser();
  if (path === null) {
    const fromEnv = process.env.CHROMIUM_PATH?.trim();
    throw new Error(
      `Chromium not found ${fromEnv ? `at ${fromEnv} (from $CHROMIUM_PATH)` : `at ${DEFAULT_CHROMIUM_PATH} or the other usual paths`}. ` +
        'Install Debian\'s browser with `apt-get install -y chromium` (npm test does when it runs as root), ' +
        'or point $CHROMIUM_PATH at a Chromium/Chrome executable. The tests never download a browser.',
    );
  }
  return path;
}

export interface LaunchOptions {
  /** Extra Chromium switches appended after ours (do not pass another --enable-features). */
  extraArgs?: string[];
  /** Launch timeout in ms (default 60 s: the machine may be busy with other test files). */
  timeout?: number;
}

/** Launch headless Chromium with WebGL2 + WebGPU. Close it with `browser.close()`. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const extra = options.extraArgs ?? [];
  if (extra.some((a) => a.startsWith('--enable-features='))) {
    throw new Error('launchChromium: pass no --enable-features in extraArgs; Chromium keeps only the last one. Edit EXTRA_ENABLED_FEATURES instead.');
  }
  if (extra.some((a) => a.startsWith('--user-data-dir'))) {
    throw new Error('launchChromium: pass no --user-data-dir; Playwright makes its own profile.');
  }
  return chromium.launch({
    executablePath: chromiumExecutablePath(),
    headless: true,
    args: [...chromiumArgs(), ...extra],
    ignoreDefaultArgs: playwrightEnableFeatureArgs(),
    timeout: options.timeout ?? 60_000,
  });
}

/**
 * The browser's full command line as Chromium reports it on chrome://version (CDP's
 * Browser.getBrowserCommandLine needs --enable-automation, which Playwright 1.65 no longer passes),
 * e.g. to check there is exactly one `--enable-features`. Returns the switches, split on spaces.
 */
export async function chromiumCommandLine(browser: Browser): Promise<string[]> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto('chrome://version', { waitUntil: 'load' });
    const text = (await page.locator('#command_line').textContent()) ?? '';
    return text.split(/\s+/).filter((s) => s.length > 0);
  } finally {
    await context.close();
  }
}

export interface CollectedPage {
  page: Page;
  context: BrowserContext;
  /** `console.error` messages and uncaught page errors, in order. */
  errors: string[];
  /** Every console message as `type: text`. */
  console: string[];
  /** Close the page's context (and the page). */
  close: () => Promise<void>;
}

/**
 * Open a page in a fresh context that records console errors and uncaught page errors.
 * If `url` is given, navigates to it (waiting for `load`).
 */
export async function openPage(
  browser: Browser,
  url?: string,
  contextOptions: BrowserContextOptions = {},
): Promise<CollectedPage> {
  const context = await browser.newContext({ viewport: { width: 640, height: 480 }, ...contextOptions });
  const page = await context.newPage();
  const errors: string[] = [];
  const consoleLines: string[] = [];
  page.on('console', (msg) => {
    const line = `${msg.type()}: ${msg.text()}`;
    consoleLines.push(line);
    if (msg.type() === 'error') {
      const where = msg.location().url;
      errors.push(`console.error: ${msg.text()}${where ? ` (${where})` : ''}`);
    }
  });
  page.on('pageerror', (err) => {
    errors.push(`pageerror: ${err.stack ?? err.message}`);
  });
  page.on('crash', () => {
    errors.push('page crashed');
  });
  if (url !== undefined) await page.goto(url, { waitUntil: 'load' });
  return {
    page,
    context,
    errors,
    console: consoleLines,
    close: () => context.close(),
  };
}
