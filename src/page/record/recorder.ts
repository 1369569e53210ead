/**
 * One recording: a canvas encoded frame by frame with WebCodecs (through mediabunny's CanvasSource)
 * and muxed into MP4 or WebM in memory. The caller drives it, canvas-record style: draw a frame,
 * `capture()` it, await the returned promise (encoder backpressure), draw the next.
 *
 * Frame i gets timestamp i / fps whatever the wall clock did, so the file plays at the recorded
 * rate however slowly it was made.
 */
import { BufferTarget, CanvasSource, Mp4OutputFormat, Output, WebMOutputFormat } from 'mediabunny';
import type { CodecChoice } from './codec-choice';
import type { FrameSize, RecordFormat, RecordFps } from './record-options';

export interface RecorderSettings {
  format: RecordFormat;
  fps: RecordFps;
  size: FrameSize;
  codec: CodecChoice;
}

export interface Recording {
  bytes: Uint8Array<ArrayBuffer>;
  mimeType: string;
  /** File name extension without the dot. */
  extension: RecordFormat;
  frames: number;
  fps: RecordFps;
  size: FrameSize;
  /** The WebCodecs codec string used, e.g. avc1.640028. */
  codec: string;
}

/** Seconds between key frames: short enough to scrub a clip, long enough to keep it small. */
const KEY_FRAME_INTERVAL_S = 2;

export class Recorder {
  private frames = 0;
  private closed = false;

  private constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly settings: RecorderSettings,
    private readonly output: Output<Mp4OutputFormat | WebMOutputFormat, BufferTarget>,
    private readonly source: CanvasSource,
  ) {}

  /** Opens the encoder and the muxer. The canvas must already be `settings.size` pixels. */
  static async start(canvas: HTMLCanvasElement, settings: RecorderSettings): Promise<Recorder> {
    // 'in-memory' fast start puts the index first, so a browser can play the MP4 while it loads.
    const format = settings.format === 'mp4' ? new Mp4OutputFormat({ fastStart: 'in-memory' }) : new WebMOutputFormat();
    const output = new Output({ format, target: new BufferTarget() });
    const source = new CanvasSource(canvas, {
      codec: settings.codec.codec,
      fullCodecString: settings.codec.codecString,
      bitrate: settings.codec.bitrate,
      keyFrameInterval: KEY_FRAME_INTERVAL_S,
      latencyMode: 'quality',
    });
    output.addVideoTrack(source, { frameRate: settings.fps });
    await output.start();
    return new Recorder(canvas, settings, output, source);
  }

  get frameCount(): number {
    return this.frames;
  }

  get fps(): RecordFps {
    return this.settings.fps;
  }

  /**
   * Takes the canvas as it is now. Call it in the same task as the draw: without
   * preserveDrawingBuffer the browser clears a WebGL canvas once the page composites.
   * The promise resolves when the encoder can take the next frame.
   */
  capture(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('this recording has already finished'));
    const { width, height } = this.settings.size;
    if (this.canvas.width !== width || this.canvas.height !== height) {
      return Promise.reject(new Error(`the canvas is ${this.canvas.width}x${this.canvas.height}, not the recording's ${width}x${height}`));
    }
    const index = this.frames++;
    return this.source.add(index / this.settings.fps, 1 / this.settings.fps);
  }

  /** Flushes the encoder and returns the finished file. */
  async finish(): Promise<Recording> {
    if (this.closed) throw new Error('this recording has already finished');
    this.closed = true;
    if (this.frames === 0) {
      await this.output.cancel();
      throw new Error('no frames were recorded');
    }
    await this.output.finalize();
    const buffer = this.output.target.buffer;
    if (buffer === null) throw new Error('the muxer produced no file');
    const { format, fps, size, codec } = this.settings;
    return { bytes: new Uint8Array(buffer), mimeType: await this.output.getMimeType(), extension: format, frames: this.frames, fps, size, codec: codec.codecString };
  }

  /** Drops the recording (an error, or the page going away). */
  async cancel(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.output.cancel();
  }
}
