/**
 * End-to-end check of the headless-browser harness, independent of app code: the vite dev server
 * serves a static fixture page with COOP/COEP, and headless Chromium (SwiftShader) gives it WebGL2,
 * WebGPU compute and a WebGPU canvas whose screenshot shows what was drawn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumCommandLine, launchChromium, openPage, type CollectedPage } from '../../harness/browser/chromium';
import { startServer, type TestServer } from '../../harness/browser/server';
import { decodePng, fractionNear, isBlank, isUniform, pixelStats, type Rgb } from '../../harness/browser/pixels';

const FIXTURE = '/tests/browser/fixtures/capabilities.html';
const WEBGPU_COLOUR: Rgb = [51, 153, 204]; // 0.2, 0.6, 0.8
const WEBGL_COLOUR: Rgb = [230, 90, 20];

interface Capabilities {
  crossOriginIsolated: boolean;
  isSecureContext: boolean;
  sharedArrayBuffer: boolean;
  userAgent: string;
  webgl2: {
    ok: boolean;
    error?: string;
    version?: string;
    vendor?: string;
    renderer?: string;
    maxTextureSize?: number;
    floatColorBuffer?: boolean;
    readPixel?: number[];
    glError?: number;
  };
  webgpu: {
    available: boolean;
    adapter: null | {
      vendor?: string;
      architecture?: string;
      device?: string;
      description?: string;
      infoIsFallbackAdapter?: boolean;
      isFallbackAdapter?: boolean;
      features: string[];
      maxBufferSize: number;
      maxStorageBufferBindingSize: number;
    };
    compute: null | { ok: boolean; error?: string; first?: number[]; last?: number };
    canvas: null | { ok: boolean; error?: string; format?: string };
    uncapturedErrors?: string[];
    timingsMs: Record<string, number>;
  };
}

let server: TestServer | undefined;
let browser: Browser | undefined;
let tab: CollectedPage | undefined;
let caps: Capabilities;
let launchMs = 0;

beforeAll(async () => {
  server = await startServer();
  const t0 = performance.now();
  browser = await launchChromium();
  launchMs = performance.now() - t0;
  tab = await openPage(browser, server.url(FIXTURE));
  await tab.page.waitForFunction('window.capabilitiesReady === true');
  caps = (await tab.page.evaluate(
    `window.runCapabilities(${JSON.stringify({ webgpu: WEBGPU_COLOUR, webgl: WEBGL_COLOUR })})`,
  )) as Capabilities;
  console.log(
    `[capabilities] chromium ${browser.version()} launched in ${launchMs.toFixed(0)} ms\n` +
      `[capabilities] ${JSON.stringify(caps, null, 2)}`,
  );
});

afterAll(async () => {
  await tab?.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

describe('headless chromium harness', () => {
  it('passes ONE --enable-features, with Playwright\'s entries and Vulkan', async () => {
    const args = await chromiumCommandLine(browser!);
    const enableFeatures = args.filter((a) => a.startsWith('--enable-features='));
    expect(enableFeatures).toHaveLength(1);
    const features = enableFeatures[0]!.slice('--enable-features='.length).split(',');
    expect(features).toContain('Vulkan');
    expect(features).toContain('SkipListAccountsWithoutGaiaCookies');
    expect(args).toContain('--use-vulkan=swiftshader');
    expect(args).toContain('--use-angle=swiftshader');
    expect(args).toContain('--enable-unsafe-webgpu');
    expect(args).not.toContain('--disable-gpu');
    expect(args).not.toContain('--disable-software-rasterizer');
  });

  it('serves the page crossOriginIsolated (COOP/COEP from vite.config.ts)', () => {
    expect(caps.isSecureContext).toBe(true);
    expect(caps.crossOriginIsolated).toBe(true);
    expect(caps.sharedArrayBuffer).toBe(true);
  });

  it('creates a WebGL2 context that renders', () => {
    expect(caps.webgl2.error).toBeUndefined();
    expect(caps.webgl2.ok).toBe(true);
    expect(caps.webgl2.version).toMatch(/WebGL 2\.0/);
    expect(caps.webgl2.renderer).toMatch(/SwiftShader/i);
    expect(caps.webgl2.glError).toBe(0);
    expect(caps.webgl2.readPixel).toEqual([...WEBGL_COLOUR, 255]);
  });

  it('gets a WebGPU adapter and device, and computes', () => {
    expect(caps.webgpu.available).toBe(true);
    expect(caps.webgpu.adapter).not.toBeNull();
    expect(caps.webgpu.compute?.error).toBeUndefined();
    expect(caps.webgpu.compute?.ok).toBe(true);
    expect(caps.webgpu.compute?.first).toEqual([1, 3, 5, 7]);
  });

  it('configures a WebGPU canvas, and the screenshot shows the cleared colour', async () => {
    expect(caps.webgpu.canvas?.error).toBeUndefined();
    expect(caps.webgpu.canvas?.ok).toBe(true);
    expect(caps.webgpu.uncapturedErrors ?? []).toEqual([]);

    const page = tab!.page;
    const gpuShot = decodePng(await page.locator('#gpu').screenshot());
    const gpuStats = pixelStats(gpuShot);
    expect([gpuShot.width, gpuShot.height]).toEqual([128, 128]);
    expect(isUniform(gpuShot, { tolerance: 3 }), JSON.stringify(gpuStats)).toBe(true);
    expect(fractionNear(gpuShot, WEBGPU_COLOUR, 3), JSON.stringify(gpuStats)).toBeGreaterThan(0.99);

    const glShot = decodePng(await page.locator('#gl').screenshot());
    expect(fractionNear(glShot, WEBGL_COLOUR, 3), JSON.stringify(pixelStats(glShot))).toBeGreaterThan(0.99);

    const full = decodePng(await page.screenshot());
    expect(isBlank(full)).toBe(false);
    expect(pixelStats(full).modal.slice(0, 3)).toEqual([255, 255, 255]); // white page around the canvases
  });

  it('logs no console or page errors', () => {
    expect(tab!.errors).toEqual([]);
  });
});
