/**
 * Recording in the page: owns at most one Recorder, switches the app to the fixed-step clock while
 * it records (each encoded frame is exactly 1/fps of simulated time, canvas-sketch style: draw,
 * encode, then the next), and restores the live clock and the canvas size after.
 *
 * Two drivers: the page itself (keys, GUI: `toggle()` records until toggled again and downloads
 * the file) and a caller that counts frames (`npm run record`, tests: start, recordFrames, stop).
 */
import { chooseCodec, webCodecsSupport, type CodecChoice, type SupportCheck } from './codec-choice';
import { OverlayCompositor, type OverlayScene } from './overlay-compositor';
import { Recorder, type Recording } from './recorder';
import { checkSize, parseFormat, parseFps, sizeText, type FrameSize, type RecordFormat, type RecordFps } from './record-options';
import { takeStill, type Still, type StillHost } from './still';

export interface RecordHost extends StillHost {
  /** Runs `listener` right after each frame is drawn, in the same task as the draw. */
  onDrawn(listener: () => void): () => void;
  /** Switches to a fixed-step clock of 1/fps s per frame: from now on frames advance only through `advance`. */
  holdClock(fps: number): void;
  /** Back to whatever clock the page ran before `holdClock`. */
  releaseClock(): void;
  /** Draws `frames` frames on the held clock. */
  advance(frames: number): Promise<void>;
  /** What the page shows over the canvas this frame (labels, rollouts, caption), to burn into it. */
  overlayScene(): OverlayScene;
}

export interface RecordRequest {
  format: RecordFormat;
  fps: RecordFps;
  size: FrameSize;
  /** Burn the centroid labels, the rollout strip and the caption into the frames (default true). */
  overlays?: boolean;
}

/** What the indicator and the GUI show. */
export interface RecordProgress {
  frames: number;
  fps: number;
  wallSeconds: number;
  label: string;
}

export interface RecordEvents {
  /** After each recorded frame. */
  progress(p: RecordProgress): void;
  /** When recording stops for any reason (finished, failed, cancelled). */
  stopped(): void;
  /** A finished interactive recording or still, ready to save. */
  save(blob: Blob, extension: string): void;
  /** Something failed: say so on the page. */
  error(message: string): void;
}

const CODEC_NAME: Record<CodecChoice['codec'], string> = { avc: 'H.264', vp9: 'VP9', av1: 'AV1', vp8: 'VP8' };

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class RecordController {
  private recorder: Recorder | null = null;
  /** The canvas the recorder encodes when overlays are on (null: it encodes the scene canvas). */
  private compositor: OverlayCompositor | null = null;
  private starting = false;
  private stopping = false;
  private detach: (() => void) | null = null;
  /** Captures issued since the last wait: awaited before the next frame is drawn. */
  private captured: Promise<void> = Promise.resolve();
  private startedAt = 0;
  private label = '';
  private live: Promise<void> | null = null;
  private stopRequested = false;
  private lastRecording: Recording | null = null;

  constructor(
    private readonly host: RecordHost,
    private readonly events: RecordEvents,
    private readonly support: () => SupportCheck = webCodecsSupport,
  ) {}

  get recording(): boolean {
    return this.recorder !== null || this.starting || this.stopping;
  }

  get frames(): number {
    return this.recorder?.frameCount ?? 0;
  }

  /** The last finished recording (for `npm run record` to read out in chunks). */
  get last(): Recording | null {
    return this.lastRecording;
  }

  async start(request: RecordRequest): Promise<CodecChoice> {
    if (this.recording) throw new Error('a recording is already running');
    const size = checkSize(request.size);
    const fps = parseFps(request.fps);
    const format = parseFormat(request.format);
    this.starting = true;
    try {
      const codec = await chooseCodec(format, size, fps, this.support());
      this.host.holdClock(fps);
      this.host.setRenderSize(size);
      try {
        this.compositor = request.overlays === false ? null : new OverlayCompositor(size);
        this.recorder = await Recorder.start(this.compositor?.canvas ?? this.host.canvas(), { format, fps, size, codec });
      } catch (e) {
        this.restore();
        throw e;
      }
      this.captured = Promise.resolve();
      this.detach = this.host.onDrawn(() => this.capture());
      this.startedAt = performance.now();
      this.label = `${sizeText(size)} ${CODEC_NAME[codec.codec]} ${format.toUpperCase()}`;
      this.events.progress(this.progress());
      return codec;
    } finally {
      this.starting = false;
    }
  }

  private capture(): void {
    const recorder = this.recorder;
    if (recorder === null) return;
    let done: Promise<void>;
    try {
      this.compositor?.compose(this.host.canvas(), this.host.overlayScene());
      done = recorder.capture();
    } catch (e) {
      // Thrown inside the frame loop's listener, it would be lost: recordFrames reports it instead.
      done = Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    this.captured = Promise.all([this.captured, done]).then(() => undefined);
  }

  private progress(): RecordProgress {
    return { frames: this.frames, fps: this.recorder?.fps ?? 0, wallSeconds: (performance.now() - this.startedAt) / 1000, label: this.label };
  }

  /** Draws and encodes `count` frames, one at a time (the encoder's backpressure paces the drawing). */
  async recordFrames(count: number): Promise<number> {
    for (let i = 0; i < count; i++) {
      if (this.recorder === null) throw new Error('no recording is running');
      const before = this.recorder.frameCount;
      await this.host.advance(1);
      await this.captured;
      // A stopped loop (or one replaced after a lost GPU) draws nothing: fail, never spin.
      if (this.recorder === null) throw new Error('the recording was stopped while drawing');
      if (this.recorder.frameCount === before) throw new Error('the page drew no frame for the recording (its frame loop has stopped)');
      this.events.progress(this.progress());
    }
    return this.frames;
  }

  /** Finishes the file and gives the page its clock and canvas size back. */
  async stop(): Promise<Recording> {
    if (this.stopping) throw new Error('the recording is already stopping');
    this.stopping = true;
    try {
      if (this.live !== null) {
        this.stopRequested = true;
        await this.live;
      }
      const recorder = this.recorder;
      if (recorder === null) throw new Error('no recording is running');
      try {
        await this.captured;
        const recording = await recorder.finish();
        this.lastRecording = recording;
        return recording;
      } finally {
        this.recorder = null;
        this.restore();
      }
    } finally {
      this.stopping = false;
    }
  }

  /** Drops a running recording without saving it. */
  async cancel(): Promise<void> {
    const recorder = this.recorder;
    this.stopRequested = true;
    if (recorder === null) return;
    this.recorder = null;
    this.restore();
    await recorder.cancel().catch(() => undefined);
  }

  private restore(): void {
    this.detach?.();
    this.detach = null;
    this.compositor = null;
    this.host.setRenderSize(null);
    this.host.releaseClock();
    this.events.stopped();
  }

  /**
   * The key and the GUI button: starts a recording that draws frames until toggled again, then
   * hands the file to `events.save`. Errors are reported, never thrown (a key handler has no caller).
   */
  async toggle(request: () => RecordRequest): Promise<void> {
    if (this.starting || this.stopping) return;
    if (this.recorder === null) {
      try {
        await this.start(request());
      } catch (e) {
        this.events.error(`Could not start recording: ${message(e)}`);
        return;
      }
      this.stopRequested = false;
      this.live = this.runLive();
      return;
    }
    try {
      const recording = await this.stop();
      this.events.save(new Blob([recording.bytes], { type: recording.mimeType }), recording.extension);
    } catch (e) {
      this.events.error(`Recording failed: ${message(e)}`);
    }
  }

  private async runLive(): Promise<void> {
    try {
      while (!this.stopRequested && this.recorder !== null) {
        await this.recordFrames(1);
        // Let keys, the GUI and the indicator run between frames.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    } catch (e) {
      this.events.error(`Recording stopped: ${message(e)}`);
      await this.cancel();
    } finally {
      this.live = null;
    }
  }

  /** A PNG of the scene as it is, at `scale` times the canvas's pixel size, with the overlays burned in unless `overlays` is false. */
  async still(scale: number, overlays = true): Promise<Still> {
    if (this.recording) throw new Error('stills are not taken while recording (the canvas is at the recording size)');
    const compose = (scene: HTMLCanvasElement) => new OverlayCompositor(scene).compose(scene, this.host.overlayScene());
    return takeStill(this.host, scale, overlays ? compose : null);
  }
}
