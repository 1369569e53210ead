/**
 * A talk that passes through the rotation scene: the counting scene sends the presenter here with
 * ?talk=<name>&step=<n> (1-based, as the caption counts), and n / p go back to the counting
 * scene at the next or previous step.
 */
import { ROTATION_VIEW_KEYS } from '../../spec/rotation-view';
import { loadTalk } from '../present/presets';

export interface TalkReturn {
  /** 0-based index of this step. */
  index: number;
  count: number;
  /** The step's preset (its title, caption and view) and its own caption, when the talk gives one. */
  preset: string;
  caption: string | null;
  next: string;
  previous: string;
}

export async function talkLink(query: URLSearchParams, notice: (text: string) => void): Promise<TalkReturn | null> {
  const name = query.get('talk');
  if (name === null) return null;
  const { talk, notices } = await loadTalk(name);
  notices.forEach(notice);
  if (talk === null) return null;
  const step = Number(query.get('step') ?? '1');
  if (!Number.isInteger(step) || step < 1 || step > talk.steps.length) {
    notice(`step=${JSON.stringify((query.get('step') ?? '').slice(0, 20))} is not a step of talk ${name} (1..${talk.steps.length}); using step 1`);
  }
  const index = Number.isInteger(step) && step >= 1 && step <= talk.steps.length ? step - 1 : 0;
  const kept = [...query].filter(([key]) => !['scene', 'preset', 'talk', 'step', ...ROTATION_VIEW_KEYS].includes(key));
  const at = (i: number) => {
    const link = new URLSearchParams({ talk: name, step: String((((i % talk.steps.length) + talk.steps.length) % talk.steps.length) + 1) });
    for (const [key, value] of kept) link.append(key, value);
    return `${location.pathname}?${link.toString()}`;
  };
  const current = talk.steps[index]!;
  return { index, count: talk.steps.length, preset: current.preset, caption: current.caption, next: at(index + 1), previous: at(index - 1) };
}
