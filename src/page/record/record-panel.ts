/**
 * The "Record" folder of the lil-gui panel: size, frame rate, container, start / stop, and PNG
 * stills at 1-4x. It edits its own settings object; the recording itself lives in src/page/record.
 */
import type GUI from 'lil-gui';
import { MAX_STILL_SCALE, RECORD_FORMATS, RECORD_FPS, SIZE_PRESETS, type RecordFormat, type RecordFps } from './record-options';

/** The size choice that follows the canvas's own pixel size (rounded to even, within 4K). */
export const WINDOW_SIZE = 'window';

export interface RecordSettings {
  /** A key of SIZE_PRESETS or WINDOW_SIZE. */
  size: string;
  fps: RecordFps;
  format: RecordFormat;
  stillScale: number;
  /** Burn the digit labels, the rollout strip and the caption into videos and stills. */
  overlays: boolean;
}

export function defaultRecordSettings(): RecordSettings {
  return { size: '1920x1080 (1080p)', fps: 60, format: 'mp4', stillScale: 2, overlays: true };
}

export interface RecordPanelActions {
  toggleRecording(): void;
  saveStill(): void;
}

export interface RecordPanel {
  /** Relabels the start / stop button. */
  setRecording(recording: boolean): void;
}

const START_LABEL = 'start recording (ctrl/\u2318 shift S)';
const STOP_LABEL = 'stop + save recording (ctrl/\u2318 shift S)';

export function addRecordFolder(gui: GUI, settings: RecordSettings, actions: RecordPanelActions): RecordPanel {
  const folder = gui.addFolder('Record');
  folder.add(settings, 'size', [WINDOW_SIZE, ...Object.keys(SIZE_PRESETS)]).name('video size');
  folder.add(settings, 'fps', [...RECORD_FPS]).name('fps');
  folder.add(settings, 'format', [...RECORD_FORMATS]).name('format');
  folder.add(settings, 'overlays').name('labels + rollout strip');
  const button = folder.add(actions, 'toggleRecording').name(START_LABEL);
  folder.add(settings, 'stillScale', 1, MAX_STILL_SCALE, 1).name('still scale (x canvas)');
  folder.add(actions, 'saveStill').name('save PNG still (ctrl/\u2318 S)');
  folder.close();
  return {
    setRecording(recording) {
      button.name(recording ? STOP_LABEL : START_LABEL);
    },
  };
}
