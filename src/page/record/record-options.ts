/**
 * What a recording is asked for (size, frame rate, container), validated in one place so the page,
 * the GUI and `npm run record` reject the same things with the same words. Plain TypeScript: no DOM.
 */

export type RecordFormat = 'mp4' | 'webm';
export const RECORD_FORMATS: readonly RecordFormat[] = ['mp4', 'webm'];

export type RecordFps = 30 | 60;
export const RECORD_FPS: readonly RecordFps[] = [30, 60];

export interface FrameSize {
  width: number;
  height: number;
}

/** 4K UHD: the largest frame we record (H.264 level 5.2 and the encoders here stop near it). */
export const MAX_SIZE: FrameSize = { width: 3840, height: 2160 };
/** Below this the encoders refuse or the scene is unreadable. */
export const MIN_SIDE = 16;

/** Sizes the GUI offers, by name. */
export const SIZE_PRESETS: Readonly<Record<string, FrameSize>> = {
  '640x360': { width: 640, height: 360 },
  '1280x720 (720p)': { width: 1280, height: 720 },
  '1920x1080 (1080p)': { width: 1920, height: 1080 },
  '1080x1080 (square)': { width: 1080, height: 1080 },
  '1080x1920 (portrait)': { width: 1080, height: 1920 },
  '2560x1440 (1440p)': { width: 2560, height: 1440 },
  '3840x2160 (4K)': { width: 3840, height: 2160 },
};

export const MAX_STILL_SCALE = 4;

export class RecordOptionError extends Error {
  override name = 'RecordOptionError';
}

export function sizeText(size: FrameSize): string {
  return `${size.width}x${size.height}`;
}

/** Parses `1920x1080` (also `1920X1080`, `1920×1080`); throws a RecordOptionError naming the input. */
export function parseSize(text: string): FrameSize {
  const match = /^\s*(\d{1,5})\s*[xX\u00d7]\s*(\d{1,5})\s*$/.exec(text);
  if (match === null) throw new RecordOptionError(`size ${JSON.stringify(text)} is not WIDTHxHEIGHT (for example 1920x1080)`);
  return checkSize({ width: Number(match[1]), height: Number(match[2]) });
}

/**
 * A size every encoder here accepts: within MIN_SIDE..4K (either orientation) and with even sides,
 * because H.264 and VP9 store colour at half resolution (4:2:0) and the encoders reject odd sizes.
 */
export function checkSize(size: FrameSize): FrameSize {
  const { width, height } = size;
  const text = sizeText(size);
  if (!Number.isInteger(width) || !Number.isInteger(height)) throw new RecordOptionError(`size ${text}: width and height must be whole pixels`);
  if (width < MIN_SIDE || height < MIN_SIDE) throw new RecordOptionError(`size ${text} is too small: each side must be at least ${MIN_SIDE} pixels`);
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  if (long > MAX_SIZE.width || short > MAX_SIZE.height) {
    throw new RecordOptionError(`size ${text} is over the ${sizeText(MAX_SIZE)} limit (4K, either orientation)`);
  }
  if (width % 2 !== 0 || height % 2 !== 0) {
    const even = `${width - (width % 2)}x${height - (height % 2)}`;
    throw new RecordOptionError(`size ${text} has an odd side: video encoders need even sides (try ${even})`);
  }
  return { width, height };
}

/** The nearest valid size to an arbitrary one (a window's pixel size): even sides, within 4K. */
export function fitSize(width: number, height: number): FrameSize {
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  const scale = Math.min(1, MAX_SIZE.width / long, MAX_SIZE.height / Math.max(1, short));
  const even = (x: number) => Math.max(MIN_SIDE, 2 * Math.floor((x * scale) / 2));
  return { width: even(width), height: even(height) };
}

export function parseFps(text: string | number): RecordFps {
  const fps = Number(text);
  if (fps === 30 || fps === 60) return fps;
  throw new RecordOptionError(`fps ${JSON.stringify(String(text))} is not supported: use 30 or 60`);
}

export function parseFormat(text: string): RecordFormat {
  const format = text.toLowerCase();
  if (format === 'mp4' || format === 'webm') return format;
  throw new RecordOptionError(`format ${JSON.stringify(text)} is not supported: use mp4 or webm`);
}

/** Still scale: 1 to 4 times the canvas's pixel size. */
export function checkStillScale(scale: number): number {
  if (!Number.isFinite(scale) || scale < 1 || scale > MAX_STILL_SCALE) {
    throw new RecordOptionError(`still scale ${scale} is not between 1 and ${MAX_STILL_SCALE}`);
  }
  return scale;
}

/** Frames in a clip of `seconds` at `fps`, rounded to the nearest whole frame (at least one). */
export function frameCount(seconds: number, fps: RecordFps): number {
  if (!Number.isFinite(seconds) || seconds <= 0) throw new RecordOptionError(`seconds ${seconds} must be a positive number`);
  return Math.max(1, Math.round(seconds * fps));
}
