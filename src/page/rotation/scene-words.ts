/**
 * What the rotation scene says and starts from when a talk or a preset brings the presenter here:
 * the talk's way back (talk-return.ts), the preset's view, title and caption lead. A talk shows
 * the scene, the strip and the caption only, as the counting scene's talk steps do.
 */
import type { Notices } from '../chrome/notices';
import { loadPreset } from '../present/presets';
import { DEFAULT_LEAD } from './rotation-words';
import { talkLink, type TalkReturn } from './talk-return';

export interface SceneWords {
  talk: TalkReturn | null;
  /** The preset's rotation view fields (laid under the query's). */
  presetView: Record<string, unknown>;
  title: string;
  lead: string;
}

export async function sceneWords(query: URLSearchParams, notices: Notices): Promise<SceneWords> {
  const talk = await talkLink(query, (n) => notices.notice(n));
  if (talk !== null) document.documentElement.classList.add('talk');
  let presetView: Record<string, unknown> = {};
  let title = 'The rotation experiment';
  let lead = DEFAULT_LEAD;
  // A talk step is its preset, as in the counting scene; ?preset= names one outside a talk.
  const presetName = query.get('preset') ?? talk?.preset ?? null;
  if (presetName !== null) {
    const { preset, notices: said } = await loadPreset(presetName);
    said.forEach((n) => notices.notice(n));
    if (preset !== null) {
      if (preset.scene !== 'rotation') notices.notice(`preset ${presetName} is a view of the counting scene; showing the rotation scene's default`);
      else [presetView, title, lead] = [preset.view, preset.title, preset.caption || lead];
    }
  }
  if (talk?.caption) lead = talk.caption;
  return { talk, presetView, title, lead };
}
