/**
 * Renders a clip in headless Chromium: the vite server, the page in fixed-step mode with the
 * preset, the page's own recorder (src/page/record) for `frames` frames, and the file copied out of the
 * page in base64 slices. Used by scripts/record.ts and the end-to-end test.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { frameCount, RecordOptionError, sizeText } from '../src/page/record/record-options';
import { launchChromium, openPage } from '../harness/browser/chromium';
import { QUIET_SERVER, REPO_ROOT, startServer } from '../harness/browser/server';
import type { RecordRequestArgs } from './record-args';
import { frameProgress, type ProgressStream } from './record-progress';

export interface RecordSummary {
  out: string;
  preset: string | null;
  frames: number;
  seconds: number;
  fps: number;
  size: string;
  codec: string;
  mimeType: string;
  bytes: number;
  backend: string;
  particles: number;
  /** Wall time spent drawing and encoding the frames (start-up excluded). */
  renderSeconds: number;
  msPerFrame: number;
}

export interface RecordRunOptions {
  /** Where progress goes (default stderr); tests pass a sink to keep their output short. */
  progress?: ProgressStream;
  /** Page start-up limit (models load and compile slowly on a software GPU). */
  startTimeoutMs?: number;
}

const PRESETS_DIR = join(REPO_ROOT, 'assets', 'presets');
/** Frames per page.evaluate: enough to amortise the round trip, few enough for a lively bar. */
const FRAMES_PER_CALL = 5;
/** Bytes per base64 slice read out of the page (CDP messages stay well under their limits). */
const CHUNK_BYTES = 4 * 2 ** 20;
const DEFAULT_SECONDS = 10;
/** The page is laid out at most this size: the recording size is set on the canvas, not the window. */
const MAX_VIEWPORT = { width: 1280, height: 720 };

export function presetNames(dir = PRESETS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

export function checkPreset(name: string | null, dir = PRESETS_DIR): void {
  if (name === null) return;
  if (existsSync(join(dir, `${name}.json`))) return;
  const known = presetNames(dir);
  throw new RecordOptionError(`no preset named ${JSON.stringify(name)} in assets/presets${known.length ? `: choose one of ${known.join(', ')}` : ' (it has none)'}`);
}

/** The page's viewport: the recording's aspect, no larger than MAX_VIEWPORT. */
export function viewportFor(size: { width: number; height: number }): { width: number; height: number } {
  const scale = Math.min(1, MAX_VIEWPORT.width / size.width, MAX_VIEWPORT.height / size.height);
  return { width: Math.max(16, Math.round(size.width * scale)), height: Math.max(16, Math.round(size.height * scale)) };
}

export function pageQuery(args: RecordRequestArgs): string {
  const query = new URLSearchParams({ fixedStep: '1', frameRate: String(args.fps) });
  if (args.preset !== null) query.set('preset', args.preset);
  if (args.backend !== null) query.set('backend', args.backend);
  if (args.particles !== null) query.set('particles', String(args.particles));
  return query.toString();
}

async function waitForScene(page: Page, errors: readonly string[], timeoutMs: number): Promise<void> {
  try {
    await page.waitForFunction(() => document.documentElement.dataset.ready === '1' || document.documentElement.dataset.error !== undefined, undefined, {
      timeout: timeoutMs,
    });
  } catch (e) {
    const seen = errors.filter((line) => !/favicon\.ico/.test(line));
    throw new Error(`the page did not draw its first frame within ${Math.round(timeoutMs / 1000)} s${seen.length ? `; page errors:\n${seen.join('\n')}` : ''}`, { cause: e });
  }
  const error = await page.evaluate(() => document.documentElement.dataset.error);
  if (error !== undefined) throw new Error(`the page could not start: ${error}`);
}

/** Seconds the page says the preset lasts, if it knows. */
async function presetSeconds(page: Page): Promise<number | null> {
  const seconds = await page.evaluate(() => {
    const api = (window as unknown as { latentflow: { presetDuration?: () => number | null } }).latentflow;
    return typeof api.presetDuration === 'function' ? api.presetDuration() : null;
  });
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

export async function recordClip(args: RecordRequestArgs, options: RecordRunOptions = {}): Promise<RecordSummary> {
  checkPreset(args.preset);
  const out = resolve(args.out);
  const server = await startServer(QUIET_SERVER);
  try {
    const browser = await launchChromium();
    try {
      const tab = await openPage(browser, server.url(`/?${pageQuery(args)}`), { viewport: viewportFor(args.size) });
      const { page } = tab;
      await waitForScene(page, tab.errors, options.startTimeoutMs ?? 300_000);
      const seconds = args.seconds ?? (await presetSeconds(page)) ?? DEFAULT_SECONDS;
      const frames = frameCount(seconds, args.fps);
      const call = <T>(expression: string) => page.evaluate(`window.latentflow.${expression}`) as Promise<T>;
      // Rollouts are computed asynchronously: have them in place before the first frame.
      await call('settleRollouts()');
      const { codec } = await call<{ codec: string }>(
        `recorder.start(${JSON.stringify({ format: args.format, fps: args.fps, width: args.size.width, height: args.size.height, overlays: args.overlays })})`,
      );
      const bar = frameProgress(frames, options.progress);
      const started = performance.now();
      let done = 0;
      bar.update(0);
      while (done < frames) {
        const n = Math.min(FRAMES_PER_CALL, frames - done);
        done = await call<number>(`recorder.frames(${n})`);
        bar.update(done);
      }
      const renderSeconds = (performance.now() - started) / 1000;
      const file = await call<{ bytes: number; mimeType: string; frames: number }>('recorder.stop()');
      bar.end();
      const buffer = Buffer.alloc(file.bytes);
      for (let offset = 0; offset < file.bytes; offset += CHUNK_BYTES) {
        const slice = Buffer.from(await call<string>(`recorder.chunk(${offset}, ${CHUNK_BYTES})`), 'base64');
        slice.copy(buffer, offset);
      }
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, buffer);
      const stats = await call<{ backend: string; particles: number }>('stats()');
      const pageErrors = tab.errors.filter((e) => !/favicon\.ico/.test(e));
      if (pageErrors.length > 0) process.stderr.write(`page errors while recording:\n${pageErrors.join('\n')}\n`);
      return {
        out,
        preset: args.preset,
        frames: file.frames,
        seconds: file.frames / args.fps,
        fps: args.fps,
        size: sizeText(args.size),
        codec,
        mimeType: file.mimeType,
        bytes: file.bytes,
        backend: stats.backend,
        particles: stats.particles,
        renderSeconds: Math.round(renderSeconds * 10) / 10,
        msPerFrame: Math.round((renderSeconds * 1000) / Math.max(1, file.frames)),
      };
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
}
