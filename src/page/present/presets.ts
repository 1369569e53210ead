/**
 * Preset and talk files. A preset (assets/presets/<name>.json) is a view with a title and a
 * caption; a talk (assets/talks/<name>.json) is an ordered list of presets. Both are validated
 * like the URL hash: a bad field is dropped with a notice naming it, the rest still loads; a
 * missing or garbled file is one notice and null, never an exception.
 *
 *   { "title": "Counting forward", "caption": "...", "view": { "version": 2, "u": 1, ... } }
 *   { "title": "...", "scene": "rotation", "view": { "manifold": "ssl", "digit": 4, ... } }
 *   { "title": "...", "steps": [{ "preset": "map", "caption": "optional", "transition": 1.5 }] }
 */
import { decodeStateJson } from '../../spec/codec';
import { DEFAULT_STATE, type AppState } from '../../spec/spec';

export interface Preset {
  name: string;
  title: string;
  caption: string;
  /** Which scene the view is of: the counting scene's view spec, or the rotation scene's view (src/spec/rotation-view.ts). */
  scene: 'counting' | 'rotation';
  /** The view's fields as written in the file (validated when applied, see presetView). */
  view: Record<string, unknown>;
  /**
   * The manifold the preset must be shown on (assets/models/<name>), e.g. one where ungrounded
   * rollouts really drift; null: whichever the page runs.
   */
  manifold: string | null;
}

export interface TalkStep {
  preset: string;
  /** Overrides the preset's caption for this step. */
  caption: string | null;
  /** Seconds the camera and u take to glide into this step. */
  transition: number;
}

export interface Talk {
  name: string;
  title: string;
  steps: TalkStep[];
}

const TEXT_LIMIT = 400;
export const DEFAULT_TRANSITION = 1.5;
const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Site root for assets/ (served at /), honouring vite's base. */
function siteBase(): string {
  return (import.meta.env?.BASE_URL ?? '/').replace(/\/$/, '');
}

async function fetchJson(url: string, what: string): Promise<{ json: unknown } | { error: string }> {
  try {
    const response = await fetch(url);
    // A dev server answers a missing file with its index page: that is "not found", not bad JSON.
    const html = (response.headers.get('content-type') ?? '').includes('text/html');
    if (!response.ok || html) return { error: `${what} could not be loaded (${url}: ${html ? 'not found' : `HTTP ${response.status}`})` };
    const text = await response.text();
    try {
      return { json: JSON.parse(text) as unknown };
    } catch {
      return { error: `${what} is not valid JSON (${url})` };
    }
  } catch (e) {
    return { error: `${what} could not be loaded (${url}: ${e instanceof Error ? e.message : String(e)})` };
  }
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.length <= TEXT_LIMIT ? v : null);

/** Validates a preset file's JSON; the view itself is checked field by field when applied. */
export function parsePreset(name: string, json: unknown): { preset: Preset | null; notices: string[] } {
  const source = `preset ${name}`;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { preset: null, notices: [`${source} is not an object with a view; using the default view`] };
  const rec = json as Record<string, unknown>;
  const notices: string[] = [];
  const view = rec.view;
  if (typeof view !== 'object' || view === null || Array.isArray(view)) return { preset: null, notices: [`${source} has no "view" object; using the default view`] };
  const title = rec.title === undefined ? name : text(rec.title);
  const caption = rec.caption === undefined ? '' : text(rec.caption);
  if (title === null) notices.push(`${source}: title is not text of at most ${TEXT_LIMIT} characters; using ${JSON.stringify(name)}`);
  if (caption === null) notices.push(`${source}: caption is not text of at most ${TEXT_LIMIT} characters; none shown`);
  const scene = rec.scene === undefined || rec.scene === 'counting' ? 'counting' : rec.scene === 'rotation' ? 'rotation' : null;
  if (scene === null) return { preset: null, notices: [`${source}: scene ${JSON.stringify(String(rec.scene).slice(0, 40))} is not "counting" or "rotation"; using the default view`] };
  for (const key of Object.keys(rec)) if (!['title', 'caption', 'view', 'scene', 'manifold'].includes(key)) notices.push(`${source}: field ${JSON.stringify(key)} is not known; ignored`);
  const manifold = typeof rec.manifold === 'string' && NAME.test(rec.manifold) ? rec.manifold : null;
  if (rec.manifold !== undefined && manifold === null) notices.push(`${source}: manifold ${JSON.stringify(String(rec.manifold).slice(0, 40))} is not a manifold name; the page's own is used`);
  return { preset: { name, title: title ?? name, caption: caption ?? '', scene, view: view as Record<string, unknown>, manifold }, notices };
}

/** The preset's view over `base` (by default the default view), with a notice per bad field. */
export function presetView(preset: Preset, base: Readonly<AppState> = DEFAULT_STATE): { state: AppState; applied: string[]; notices: string[] } {
  return decodeStateJson(preset.view, base, `preset ${preset.name}`);
}

export async function loadPreset(name: string): Promise<{ preset: Preset | null; notices: string[] }> {
  if (!NAME.test(name)) return { preset: null, notices: [`preset name ${JSON.stringify(name.slice(0, 40))} is not a file name; using the default view`] };
  const got = await fetchJson(`${siteBase()}/presets/${name}.json`, `preset ${name}`);
  if ('error' in got) return { preset: null, notices: [`${got.error}; using the default view`] };
  return parsePreset(name, got.json);
}

export function parseTalk(name: string, json: unknown): { talk: Talk | null; notices: string[] } {
  const source = `talk ${name}`;
  const rec = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
  if (rec === null || !Array.isArray(rec.steps)) return { talk: null, notices: [`${source} has no "steps" list`] };
  const notices: string[] = [];
  const steps: TalkStep[] = [];
  (rec.steps as unknown[]).forEach((raw, i) => {
    const step = typeof raw === 'string' ? { preset: raw } : typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const preset = typeof step.preset === 'string' && NAME.test(step.preset) ? step.preset : null;
    if (preset === null) {
      notices.push(`${source}: step ${i + 1} names no preset file; skipped`);
      return;
    }
    const caption = step.caption === undefined ? null : text(step.caption);
    if (step.caption !== undefined && caption === null) notices.push(`${source}: step ${i + 1} caption is not short text; using the preset's`);
    const t = step.transition;
    const transition = typeof t === 'number' && t >= 0 && t <= 30 ? t : DEFAULT_TRANSITION;
    if (t !== undefined && transition !== t) notices.push(`${source}: step ${i + 1} transition is not seconds in [0, 30]; using ${DEFAULT_TRANSITION}`);
    steps.push({ preset, caption, transition });
  });
  const title = text(rec.title) ?? name;
  return { talk: steps.length > 0 ? { name, title, steps } : null, notices: steps.length > 0 ? notices : [...notices, `${source} has no usable steps`] };
}

export async function loadTalk(name: string): Promise<{ talk: Talk | null; notices: string[] }> {
  if (!NAME.test(name)) return { talk: null, notices: [`talk name ${JSON.stringify(name.slice(0, 40))} is not a file name`] };
  const got = await fetchJson(`${siteBase()}/talks/${name}.json`, `talk ${name}`);
  if ('error' in got) return { talk: null, notices: [got.error] };
  return parseTalk(name, got.json);
}

/** What the panel offers: assets/presets/index.json, `{ "presets": [names], "talks": [names] }`. */
export interface PresetIndex {
  presets: string[];
  talks: string[];
}

export function parsePresetIndex(json: unknown): { index: PresetIndex; notices: string[] } {
  const rec = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const notices: string[] = [];
  const names = (key: 'presets' | 'talks'): string[] => {
    const list = Array.isArray(rec[key]) ? (rec[key] as unknown[]) : [];
    if (!Array.isArray(rec[key])) notices.push(`presets/index.json has no "${key}" list`);
    const good = list.filter((n): n is string => typeof n === 'string' && NAME.test(n));
    if (good.length < list.length) notices.push(`presets/index.json: ${list.length - good.length} ${key} entries are not file names; left out`);
    return good;
  };
  return { index: { presets: names('presets'), talks: names('talks') }, notices };
}

export async function loadPresetIndex(): Promise<{ index: PresetIndex; notices: string[] }> {
  const got = await fetchJson(`${siteBase()}/presets/index.json`, 'the preset list');
  if ('error' in got) return { index: { presets: [], talks: [] }, notices: [got.error] };
  return parsePresetIndex(got.json);
}
