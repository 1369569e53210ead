/** Recording's plain logic: sizes, codec choice, CLI flags, stills, keys, progress text. */
import { describe, expect, it } from 'vitest';
import { parseRecordArgs } from '../../scripts/record-args';
import { progressLine, formatDuration } from '../../scripts/record-progress';
import { checkPreset, pageQuery, viewportFor } from '../../scripts/record-run';
import { avcCodecString, av1CodecString, chooseCodec, CodecError, vp9CodecString, type EncoderQuery } from '../../src/page/record/codec-choice';
import { checkSize, fitSize, frameCount, parseFps, parseFormat, parseSize, RecordOptionError } from '../../src/page/record/record-options';
import { fileName } from '../../src/page/chrome/save-file';
import { planStill } from '../../src/page/record/still';
import { indicatorText } from '../../src/page/record/record-indicator';
import { recordKeyOf } from '../../src/page/record/record-keys';

describe('record sizes', () => {
  it('parses WIDTHxHEIGHT', () => {
    expect(parseSize('1920x1080')).toEqual({ width: 1920, height: 1080 });
    expect(parseSize(' 320X240 ')).toEqual({ width: 320, height: 240 });
  });

  it('accepts 4K in either orientation and nothing larger', () => {
    expect(checkSize({ width: 3840, height: 2160 })).toEqual({ width: 3840, height: 2160 });
    expect(checkSize({ width: 2160, height: 3840 })).toEqual({ width: 2160, height: 3840 });
    expect(() => checkSize({ width: 3842, height: 2160 })).toThrow(/over the 3840x2160 limit/);
    expect(() => checkSize({ width: 4096, height: 2160 })).toThrow(RecordOptionError);
  });

  it('rejects odd sides and suggests the even size', () => {
    expect(() => parseSize('1921x1080')).toThrow(/odd side.*try 1920x1080/);
    expect(() => parseSize('3839x361')).toThrow(/try 3838x360/);
  });

  it('rejects garbage and tiny sizes', () => {
    expect(() => parseSize('1920')).toThrow(/WIDTHxHEIGHT/);
    expect(() => parseSize('axb')).toThrow(/WIDTHxHEIGHT/);
    expect(() => parseSize('8x8')).toThrow(/too small/);
  });

  it('fits a window size to even sides within 4K', () => {
    expect(fitSize(1001, 777)).toEqual({ width: 1000, height: 776 });
    const big = fitSize(7680, 4320);
    expect(big).toEqual({ width: 3840, height: 2160 });
    expect(() => checkSize(fitSize(5000, 3333))).not.toThrow();
  });

  it('takes 30 or 60 fps and mp4 or webm only', () => {
    expect(parseFps('30')).toBe(30);
    expect(parseFps(60)).toBe(60);
    expect(() => parseFps('24')).toThrow(/30 or 60/);
    expect(parseFormat('WEBM')).toBe('webm');
    expect(() => parseFormat('gif')).toThrow(/mp4 or webm/);
  });

  it('counts frames as seconds x fps', () => {
    expect(frameCount(20, 60)).toBe(1200);
    expect(frameCount(1, 30)).toBe(30);
    expect(frameCount(0.01, 30)).toBe(1);
    expect(() => frameCount(0, 30)).toThrow(/positive/);
  });
});

describe('codec strings', () => {
  it('uses H.264 High level 4.0 at 1080p30 and raises the level for bigger or faster video', () => {
    expect(avcCodecString({ width: 1920, height: 1080 }, 30)).toBe('avc1.640028');
    expect(avcCodecString({ width: 1920, height: 1080 }, 60)).toBe('avc1.64002a');
    expect(avcCodecString({ width: 3840, height: 2160 }, 30)).toBe('avc1.640033');
    expect(avcCodecString({ width: 3840, height: 2160 }, 60)).toBe('avc1.640034');
    expect(avcCodecString({ width: 320, height: 240 }, 30)).toBe('avc1.64001e');
  });

  it('picks VP9 and AV1 levels by picture size and rate', () => {
    expect(vp9CodecString({ width: 1920, height: 1080 }, 30)).toBe('vp09.00.40.08');
    expect(vp9CodecString({ width: 3840, height: 2160 }, 60)).toBe('vp09.00.51.08');
    expect(av1CodecString({ width: 1920, height: 1080 }, 60)).toBe('av01.0.09M.08');
    expect(av1CodecString({ width: 3840, height: 2160 }, 60)).toBe('av01.0.13M.08');
  });
});

describe('codec choice', () => {
  const size = { width: 1280, height: 720 };
  const only = (prefixes: string[]) => {
    const asked: EncoderQuery[] = [];
    const check = async (q: EncoderQuery) => {
      asked.push(q);
      return prefixes.some((p) => q.codec.startsWith(p));
    };
    return { asked, check };
  };

  it('prefers H.264 for MP4 and asks at the recording size and rate', async () => {
    const { asked, check } = only(['avc1', 'vp09', 'av01']);
    const choice = await chooseCodec('mp4', size, 60, check);
    expect(choice.codec).toBe('avc');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ width: 1280, height: 720, framerate: 60 });
    expect(asked[0]!.bitrate).toBeGreaterThan(0);
  });

  it('falls back to VP9, then AV1, for MP4', async () => {
    expect((await chooseCodec('mp4', size, 30, only(['vp09', 'av01']).check)).codec).toBe('vp9');
    expect((await chooseCodec('mp4', size, 30, only(['av01']).check)).codec).toBe('av1');
  });

  it('never puts H.264 in WebM', async () => {
    const { asked, check } = only(['avc1', 'vp8']);
    const choice = await chooseCodec('webm', size, 30, check);
    expect(choice.codec).toBe('vp8');
    expect(asked.map((q) => q.codec.slice(0, 4))).toEqual(['vp09', 'av01', 'vp8']);
  });

  it('treats a rejecting check as unsupported', async () => {
    const check = async (q: EncoderQuery) => {
      if (q.codec.startsWith('avc1')) throw new TypeError('bad codec');
      return true;
    };
    expect((await chooseCodec('mp4', size, 30, check)).codec).toBe('vp9');
  });

  it('says clearly when nothing can encode', async () => {
    const attempt = chooseCodec('mp4', { width: 3840, height: 2160 }, 60, only([]).check);
    await expect(attempt).rejects.toBeInstanceOf(CodecError);
    await expect(chooseCodec('mp4', { width: 3840, height: 2160 }, 60, only([]).check)).rejects.toThrow(
      /cannot encode MP4 video at 3840x2160 60 fps: tried H\.264 \(avc1\.640034\), VP9 .*AV1/,
    );
  });
});

describe('npm run record flags', () => {
  it('reads the documented command', () => {
    const args = parseRecordArgs(['--preset', 'counting-loop', '--seconds', '20', '--fps', '60', '--size', '1920x1080', '--out', 'loop.mp4']);
    expect(args).toMatchObject({ preset: 'counting-loop', seconds: 20, fps: 60, size: { width: 1920, height: 1080 }, format: 'mp4', out: 'loop.mp4' });
    expect(args.backend).toBeNull();
    expect(args.particles).toBeNull();
  });

  it('has defaults and takes the format from the file name', () => {
    const args = parseRecordArgs(['--out', 'clip.webm']);
    expect(args).toMatchObject({ preset: null, seconds: null, fps: 60, format: 'webm', size: { width: 1920, height: 1080 } });
    expect(parseRecordArgs(['--preset', 'attractors', '--format', 'webm']).out).toBe('attractors.webm');
  });

  it('takes a backend and a particle count', () => {
    expect(parseRecordArgs(['--backend', 'wasm', '--particles', '4096'])).toMatchObject({ backend: 'wasm', particles: 4096 });
  });

  it('burns the overlays in unless --no-overlays', () => {
    expect(parseRecordArgs([]).overlays).toBe(true);
    expect(parseRecordArgs(['--no-overlays']).overlays).toBe(false);
    expect(() => parseRecordArgs(['--no-overlays=1'])).toThrow(RecordOptionError);
  });

  it('rejects bad values with the flag named', () => {
    expect(() => parseRecordArgs(['--size', '4000x3000'])).toThrow(/over the 3840x2160 limit/);
    expect(() => parseRecordArgs(['--size', '1919x1080'])).toThrow(/odd side/);
    expect(() => parseRecordArgs(['--fps', '25'])).toThrow(/30 or 60/);
    expect(() => parseRecordArgs(['--seconds', '-2'])).toThrow(/--seconds/);
    expect(() => parseRecordArgs(['--backend', 'cuda'])).toThrow(/--backend "cuda"/);
    expect(() => parseRecordArgs(['--particles', '10'])).toThrow(/--particles 10/);
    expect(() => parseRecordArgs(['--preset', '../etc/passwd'])).toThrow(/not a preset name/);
    expect(() => parseRecordArgs(['--out', 'a.webm', '--format', 'mp4'])).toThrow(/does not match/);
    expect(() => parseRecordArgs(['--out', 'a.gif'])).toThrow(/\.mp4 or \.webm/);
    expect(() => parseRecordArgs(['--sise', '1x1'])).toThrow(RecordOptionError);
  });

  it('names the known presets when one is missing', () => {
    expect(() => checkPreset('no-such-preset-here')).toThrow(/no preset named "no-such-preset-here"/);
    expect(() => checkPreset(null)).not.toThrow();
  });

  it('opens the page on the fixed-step clock at the recording rate', () => {
    const query = new URLSearchParams(pageQuery(parseRecordArgs(['--preset', 'counting-loop', '--fps', '30', '--backend', 'webgl', '--particles', '2048'])));
    expect(Object.fromEntries(query)).toEqual({ fixedStep: '1', frameRate: '30', preset: 'counting-loop', backend: 'webgl', particles: '2048' });
  });

  it('lays the page out at the recording aspect, at most 1280x720', () => {
    expect(viewportFor({ width: 3840, height: 2160 })).toEqual({ width: 1280, height: 720 });
    expect(viewportFor({ width: 320, height: 240 })).toEqual({ width: 320, height: 240 });
    expect(viewportFor({ width: 1080, height: 1920 })).toEqual({ width: 405, height: 720 });
  });
});

describe('stills', () => {
  it('scales the canvas size', () => {
    expect(planStill({ width: 640, height: 480 }, 2, 8192)).toEqual({ size: { width: 1280, height: 960 }, scale: 2 });
    expect(planStill({ width: 1920, height: 1080 }, 4, 8192).size).toEqual({ width: 7680, height: 4320 });
  });

  it('shrinks to the GPU limit, keeping the aspect', () => {
    const plan = planStill({ width: 2560, height: 1440 }, 4, 8192);
    expect(plan.size.width).toBe(8192);
    expect(plan.size.height).toBe(4608);
    expect(plan.scale).toBeCloseTo(3.2);
  });

  it('refuses scales outside 1-4', () => {
    expect(() => planStill({ width: 100, height: 100 }, 5, 8192)).toThrow(/between 1 and 4/);
    expect(() => planStill({ width: 100, height: 100 }, 0.5, 8192)).toThrow(/between 1 and 4/);
  });
});

describe('keys, indicator and file names', () => {
  const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>>, code = 'KeyS') => ({
    key: k,
    code,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });

  it('maps Ctrl/Cmd+S to a still and Ctrl/Cmd+Shift+S to recording', () => {
    expect(recordKeyOf(key('s', { ctrlKey: true }))).toBe('still');
    expect(recordKeyOf(key('s', { metaKey: true }))).toBe('still');
    expect(recordKeyOf(key('S', { ctrlKey: true, shiftKey: true }))).toBe('record');
    expect(recordKeyOf(key('S', { metaKey: true, shiftKey: true }))).toBe('record');
  });

  it('ignores S alone, Alt combinations and other letters', () => {
    expect(recordKeyOf(key('s', {}))).toBeNull();
    expect(recordKeyOf(key('s', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(recordKeyOf(key('d', { ctrlKey: true }, 'KeyD'))).toBeNull();
  });

  it('shows frames, video time and elapsed time', () => {
    expect(indicatorText({ frames: 90, fps: 30, wallSeconds: 75.4, label: '1920x1080 H.264 MP4' })).toBe(
      'frame 90 \u00b7 3.00 s of video \u00b7 1:15 elapsed \u00b7 1920x1080 H.264 MP4',
    );
  });

  it('names files by preset and local time', () => {
    const when = new Date(2025, 0, 31, 14, 5, 9);
    expect(fileName('counting-loop', 'mp4', when)).toBe('latentflow-counting-loop-20250131-140509.mp4');
    expect(fileName('', 'png', when)).toBe('latentflow-20250131-140509.png');
    expect(fileName('a b/../c', 'webm', when)).toBe('latentflow-a-b-c-20250131-140509.webm');
  });

  it('writes a progress bar with an ETA', () => {
    expect(progressLine(30, 60, 10)).toBe('[############............]  50% 30/60 frames, 3.00 frames/s, eta 10s');
    expect(formatDuration(150)).toBe('2m 30s');
    expect(progressLine(0, 60, 0)).toMatch(/eta --$/);
  });
});
