/**
 * Which video codec a recording uses: the first the browser's encoder accepts for this size and
 * frame rate. MP4 prefers H.264 (plays everywhere), then VP9, then AV1; WebM takes VP9, AV1, then
 * VP8. Codec strings carry a level that fits the frame size and rate, because encoders refuse a
 * level too small for the picture (avc1.640028, level 4.0, stops at 1080p30).
 *
 * The support check is passed in, so the choice is plain logic (tested with a fake check) and the
 * page passes `VideoEncoder.isConfigSupported`.
 */
import { sizeText, type FrameSize, type RecordFormat, type RecordFps } from './record-options';

/** mediabunny's names for the codecs we may pick. */
export type VideoCodecName = 'avc' | 'vp9' | 'av1' | 'vp8';

export interface EncoderQuery {
  codec: string;
  width: number;
  height: number;
  framerate: number;
  bitrate: number;
}

/** Resolves true when the encoder accepts the configuration (VideoEncoder.isConfigSupported's `supported`). */
export type SupportCheck = (query: EncoderQuery) => Promise<boolean>;

export interface CodecChoice {
  codec: VideoCodecName;
  /** The full WebCodecs codec string, e.g. avc1.640028. */
  codecString: string;
  bitrate: number;
}

export class CodecError extends Error {
  override name = 'CodecError';
}

export const CODEC_ORDER: Readonly<Record<RecordFormat, readonly VideoCodecName[]>> = {
  mp4: ['avc', 'vp9', 'av1'],
  webm: ['vp9', 'av1', 'vp8'],
};

const CODEC_LABEL: Readonly<Record<VideoCodecName, string>> = { avc: 'H.264', vp9: 'VP9', av1: 'AV1', vp8: 'VP8' };

/**
 * Bits per pixel per frame. Thousands of one-pixel particles with trails are close to noise for an
 * encoder; at 0.1 bpp (12 Mbit/s at 1080p60) they stay crisp instead of smearing into blocks.
 */
const BITS_PER_PIXEL = 0.1;
const MIN_BITRATE = 1_000_000;

export function bitrateFor(size: FrameSize, fps: number): number {
  return Math.max(MIN_BITRATE, Math.round(size.width * size.height * fps * BITS_PER_PIXEL));
}

/** [level_idc, max frame size in 16x16 macroblocks, max macroblocks per second] (H.264 Table A-1). */
const AVC_LEVELS: readonly (readonly [number, number, number])[] = [
  [30, 1620, 40_500],
  [31, 3600, 108_000],
  [32, 5120, 216_000],
  [40, 8192, 245_760],
  [42, 8704, 522_240],
  [50, 22_080, 589_824],
  [51, 36_864, 983_040],
  [52, 36_864, 2_073_600],
  [60, 139_264, 4_177_920],
];

/** High profile (64), no constraint flags (00), the smallest level that holds the picture and rate. */
export function avcCodecString(size: FrameSize, fps: number): string {
  const mbs = Math.ceil(size.width / 16) * Math.ceil(size.height / 16);
  const level = AVC_LEVELS.find(([, maxFs, maxMbps]) => mbs <= maxFs && mbs * fps <= maxMbps && Math.max(size.width, size.height) / 16 <= Math.sqrt(8 * maxFs));
  const idc = (level ?? AVC_LEVELS[AVC_LEVELS.length - 1]!)[0];
  return `avc1.6400${idc.toString(16).padStart(2, '0')}`;
}

/** [level x10, max picture size in samples, max samples per second] (VP9 levels). */
const VP9_LEVELS: readonly (readonly [number, number, number])[] = [
  [10, 36_864, 829_440],
  [20, 122_880, 4_608_000],
  [21, 245_760, 9_216_000],
  [30, 552_960, 20_736_000],
  [31, 983_040, 36_864_000],
  [40, 2_228_224, 83_558_400],
  [41, 2_228_224, 160_432_128],
  [50, 8_912_896, 311_951_360],
  [51, 8_912_896, 588_251_136],
  [52, 8_912_896, 1_176_502_272],
];

/** Profile 0 (8-bit 4:2:0) at the smallest level that holds the picture and rate. */
export function vp9CodecString(size: FrameSize, fps: number): string {
  const samples = size.width * size.height;
  const level = VP9_LEVELS.find(([, maxSize, maxRate]) => samples <= maxSize && samples * fps <= maxRate);
  const value = (level ?? VP9_LEVELS[VP9_LEVELS.length - 1]!)[0];
  return `vp09.00.${String(value).padStart(2, '0')}.08`;
}

/** [seq_level_idx, max picture size, max display rate in samples per second] (AV1 Annex A). */
const AV1_LEVELS: readonly (readonly [number, number, number])[] = [
  [0, 147_456, 4_423_680],
  [1, 278_784, 8_363_520],
  [4, 665_856, 19_975_680],
  [5, 1_065_024, 31_950_720],
  [8, 2_359_296, 70_778_880],
  [9, 2_359_296, 141_557_760],
  [12, 8_912_896, 267_386_880],
  [13, 8_912_896, 534_773_760],
  [14, 8_912_896, 1_069_547_520],
];

/** Main profile, main tier, 8-bit, at the smallest level that holds the picture and rate. */
export function av1CodecString(size: FrameSize, fps: number): string {
  const samples = size.width * size.height;
  const level = AV1_LEVELS.find(([, maxSize, maxRate]) => samples <= maxSize && samples * fps <= maxRate);
  const idx = (level ?? AV1_LEVELS[AV1_LEVELS.length - 1]!)[0];
  return `av01.0.${String(idx).padStart(2, '0')}M.08`;
}

export function codecString(codec: VideoCodecName, size: FrameSize, fps: number): string {
  switch (codec) {
    case 'avc':
      return avcCodecString(size, fps);
    case 'vp9':
      return vp9CodecString(size, fps);
    case 'av1':
      return av1CodecString(size, fps);
    case 'vp8':
      return 'vp8';
  }
}

/** The first codec of the format's order that the encoder accepts; a CodecError naming all tried if none. */
export async function chooseCodec(format: RecordFormat, size: FrameSize, fps: RecordFps, supported: SupportCheck): Promise<CodecChoice> {
  const bitrate = bitrateFor(size, fps);
  const tried: string[] = [];
  for (const codec of CODEC_ORDER[format]) {
    const query: EncoderQuery = { codec: codecString(codec, size, fps), width: size.width, height: size.height, framerate: fps, bitrate };
    let ok = false;
    try {
      ok = await supported(query);
    } catch {
      // isConfigSupported rejects (TypeError) on strings it cannot parse: the same as unsupported.
      ok = false;
    }
    if (ok) return { codec, codecString: query.codec, bitrate };
    tried.push(`${CODEC_LABEL[codec]} (${query.codec})`);
  }
  throw new CodecError(`this browser cannot encode ${format.toUpperCase()} video at ${sizeText(size)} ${fps} fps: tried ${tried.join(', ')}`);
}

/** The page's support check: WebCodecs' own answer, or a clear error where WebCodecs is missing. */
export function webCodecsSupport(): SupportCheck {
  if (typeof VideoEncoder === 'undefined') {
    throw new CodecError('this browser has no WebCodecs VideoEncoder, so it cannot record video (try a recent Chromium, Edge or Safari)');
  }
  return async (query) => (await VideoEncoder.isConfigSupported(query)).supported === true;
}
