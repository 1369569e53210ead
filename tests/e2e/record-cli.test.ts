/**
 * `npm run record` end to end (its main function, in this process): a short clip of a preset
 * rendered in headless Chromium, read back by ffprobe frame by frame.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRecordArgs } from '../../scripts/record-args';
import { recordClip } from '../../scripts/record-run';
import { probeVideo } from '../../harness/record-helpers';

const dir = mkdtempSync(join(tmpdir(), 'latentflow-record-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Progress lines go nowhere: the test reads the file, not the bar. */
const sink = () => ({ write: () => true });

describe('npm run record', () => {
  it('writes exactly seconds x fps frames at the requested size (1 s, 30 fps, 320x240, MP4)', async () => {
    const out = join(dir, 'loop.mp4');
    const args = parseRecordArgs(['--preset', 'counting-loop', '--seconds', '1', '--fps', '30', '--size', '320x240', '--particles', '512', '--out', out]);
    const summary = await recordClip(args, { progress: sink() });
    expect(summary.frames).toBe(30);
    expect(summary.codec).toMatch(/^avc1\./);
    const video = probeVideo(out);
    expect(video).toEqual({ codec: 'h264', width: 320, height: 240, frames: 30 });
  }, 400_000);

  it('rejects a preset that does not exist before starting a browser', async () => {
    const args = parseRecordArgs(['--preset', 'no-such-preset', '--seconds', '1', '--out', join(dir, 'x.mp4')]);
    await expect(recordClip(args, { progress: sink() })).rejects.toThrow(/no preset named "no-such-preset"/);
  });
});
