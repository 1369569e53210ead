/**
 * Recording wired into the page: the controller, the indicator, the keys, the GUI folder and the
 * downloads, plus the small API `npm run record` and the tests drive (window.latentflow.recorder).
 */
import type GUI from 'lil-gui';
import { RecordIndicator } from './record-indicator';
import { bindRecordKeys } from './record-keys';
import { addRecordFolder, defaultRecordSettings, WINDOW_SIZE } from './record-panel';
import { RecordController, type RecordHost, type RecordRequest } from './record-control';
import { fitSize, parseFormat, parseFps, SIZE_PRESETS, type FrameSize } from './record-options';
import { fileName, saveBlob } from '../chrome/save-file';

export interface RecordApi {
  /**
   * Starts a recording (the page switches to fixed steps of 1/fps s); resolves with the codec string.
   * `overlays: false` records the bare canvas, without the burned-in labels, strip and caption.
   */
  start(request: { format: string; fps: number; width: number; height: number; overlays?: boolean }): Promise<{ codec: string }>;
  /** Draws and encodes `n` more frames; resolves with the frames recorded so far. */
  frames(n: number): Promise<number>;
  /** Finishes the file and keeps it for `chunk`. */
  stop(): Promise<{ bytes: number; mimeType: string; frames: number; codec: string; width: number; height: number }>;
  /** Base64 of bytes [offset, offset + length) of the last finished recording. */
  chunk(offset: number, length: number): string;
  status(): { recording: boolean; frames: number };
  /** A PNG still as base64 (as Ctrl/Cmd+S saves it, without the download). */
  still(options?: { scale?: number; overlays?: boolean }): Promise<{ png: string; width: number; height: number }>;
}

export interface PageRecordingDeps {
  /** Where the indicator goes (above the canvas). */
  parent: HTMLElement;
  host: RecordHost;
  /** The panel to add the Record folder to (none in the gallery autopilot). */
  gui: GUI | null;
  notices: { notice(text: string): void; error(text: string): void };
  /** A word for file names (the preset's name, or empty). */
  stem(): string;
}

/** btoa takes a binary string; building it in slices keeps String.fromCharCode's arguments small. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function installRecording(deps: PageRecordingDeps): RecordApi {
  const settings = defaultRecordSettings();
  const indicator = new RecordIndicator(deps.parent);
  let panelState: { setRecording(recording: boolean): void } | null = null;
  const controller = new RecordController(deps.host, {
    progress: (p) => {
      indicator.show(p);
      panelState?.setRecording(true);
    },
    stopped: () => {
      indicator.hide();
      panelState?.setRecording(false);
    },
    save: (blob, extension) => {
      const name = fileName(deps.stem(), extension);
      saveBlob(blob, name);
      deps.notices.notice(`Saved ${name} (${(blob.size / 2 ** 20).toFixed(1)} MB)`);
    },
    error: (text) => deps.notices.error(text),
  });

  const request = (): RecordRequest => {
    const canvas = deps.host.canvas();
    const windowSize: FrameSize = fitSize(Math.round(canvas.clientWidth * devicePixelRatio), Math.round(canvas.clientHeight * devicePixelRatio));
    const size = settings.size === WINDOW_SIZE ? windowSize : SIZE_PRESETS[settings.size];
    if (size === undefined) throw new Error(`unknown video size ${settings.size}`);
    return { size, fps: parseFps(settings.fps), format: parseFormat(settings.format), overlays: settings.overlays };
  };
  const toggleRecording = () => void controller.toggle(request);
  const saveStill = () => {
    controller
      .still(settings.stillScale, settings.overlays)
      .then((still) => {
        const name = fileName(deps.stem(), 'png');
        saveBlob(still.blob, name);
        const shrunk = still.scale < settings.stillScale ? ` (${still.scale.toFixed(2)}x: the GPU's largest render size)` : '';
        deps.notices.notice(`Saved ${name}, ${still.size.width}x${still.size.height}${shrunk}`);
      })
      .catch((e: unknown) => deps.notices.error(`Could not save a still: ${e instanceof Error ? e.message : String(e)}`));
  };
  bindRecordKeys(window, { toggleRecording, saveStill });
  if (deps.gui !== null) panelState = addRecordFolder(deps.gui, settings, { toggleRecording, saveStill });

  return {
    start: async ({ format, fps, width, height, overlays }) => {
      const codec = await controller.start({ format: parseFormat(format), fps: parseFps(fps), size: { width, height }, overlays: overlays !== false });
      return { codec: codec.codecString };
    },
    frames: (n) => controller.recordFrames(Math.max(0, Math.floor(n))),
    stop: async () => {
      const r = await controller.stop();
      return { bytes: r.bytes.length, mimeType: r.mimeType, frames: r.frames, codec: r.codec, width: r.size.width, height: r.size.height };
    },
    chunk: (offset, length) => {
      const last = controller.last;
      if (last === null) throw new Error('no finished recording to read');
      return toBase64(last.bytes.subarray(offset, offset + length));
    },
    status: () => ({ recording: controller.recording, frames: controller.frames }),
    still: async ({ scale = 1, overlays = true } = {}) => {
      const still = await controller.still(scale, overlays);
      return { png: toBase64(new Uint8Array(await still.blob.arrayBuffer())), width: still.size.width, height: still.size.height };
    },
  };
}
