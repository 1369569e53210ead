/**
 * What each protocol command does to the page: the same moves a presenter makes with the panel,
 * the keys and the talk, through the same doors (the view spec, the presentation, the flow's
 * rollouts). A command that cannot run here answers why and changes nothing.
 */
import type { LatentFlow, RolloutSet } from '../../engine';
import type { AppState } from '../../spec/spec';
import type { Presentation } from '../present/presentation';
import { loadPreset, type PresetIndex } from '../present/presets';
import { needsOwnPage } from '../present/scene-link';
import type { StoryStatus } from '../present/story';
import type { Answer, RunCommand } from './embed-host';
import type { Command, ErrorCode, Event, MessageId, TalkPlace, TrackDigits } from './protocol';

export interface EmbedPage {
  state: AppState;
  presentation: Pick<Presentation, 'story' | 'storyStatus' | 'choosePreset'>;
  flow(): LatentFlow;
  /** The preset index (assets/presets/index.json): the names a preset message may use. */
  presets: Promise<PresetIndex>;
  /** The manifold the page was asked for (?manifold=), for presets that need their own. */
  manifold: string | null;
  emit(event: Event): void;
  /** Called after a command may have moved the talk, so stepReached goes out at once. */
  stepMoved(): void;
}

const OK: Answer = { ok: true };
const refuse = (code: ErrorCode, message: string): Answer => ({ ok: false, code, message });

export function talkPlace(status: StoryStatus | null): TalkPlace | null {
  if (status === null) return null;
  return { talk: status.talk, title: status.title, index: status.index, count: status.count, preset: status.preset };
}

export function trackDigits(set: RolloutSet): TrackDigits[] {
  return set.tracks.map((t) => ({ mode: t.mode, digits: t.labels === null ? [] : Array.from(t.labels) }));
}

async function goToPreset(page: EmbedPage, name: string): Promise<Answer> {
  const { presets } = await page.presets;
  if (!presets.includes(name)) return refuse('unknown-preset', `preset ${JSON.stringify(name)} is not one of ${presets.join(', ') || '(none: assets/presets/index.json did not load)'}`);
  const { preset, notices } = await loadPreset(name);
  if (preset === null) return refuse('failed', notices[0] ?? `preset ${name} could not be loaded`);
  // Another scene or manifold would replace this page, and the parent would lose its embed.
  if (needsOwnPage(preset, page.manifold, false)) return refuse('unavailable', `preset ${name} needs a page of its own (the ${preset.scene} scene${preset.manifold === null ? '' : ` on the ${preset.manifold} manifold`}); embed that page instead`);
  return (await page.presentation.choosePreset(name)) ? OK : refuse('failed', `preset ${name} could not be applied`);
}

function goToStep(page: EmbedPage, index: number): Answer {
  const { story } = page.presentation;
  if (story === null) return refuse('no-talk', 'this page runs no talk: embed it with ?talk=<name> to step through one');
  if (index >= story.count) return refuse('bad-value', `step: index ${index} is past the last step of talk ${story.talk.name} (0..${story.count - 1})`);
  const moved = story.go(index);
  page.stepMoved();
  return moved ? OK : refuse('failed', `talk ${story.talk.name}: no step from ${index} on could be shown`);
}

/** Starts rollouts from a typical held-out digit of class `digit`; the result follows as rolloutFinished. */
function rollOut(page: EmbedPage, digit: number, id: MessageId): Answer {
  const { state } = page;
  const started = page.flow().rollouts.start({ cluster: digit, count: 1, u: state.u, steps: state.rolloutSteps, ungrounded: state.ungrounded });
  started.then(
    (set) => {
      if (set === null) page.emit({ type: 'error', code: 'failed', message: 'the rollout was replaced before it finished', of: 'rollout', id });
      else page.emit({ type: 'rolloutFinished', id, digit, u: set.u, steps: set.steps, digits: trackDigits(set).find((t) => t.mode === 'grounded')?.digits ?? [], tracks: trackDigits(set) });
    },
    (e: unknown) => page.emit({ type: 'error', code: 'failed', message: `rollout from a ${digit}: ${e instanceof Error ? e.message : String(e)}`, of: 'rollout', id }),
  );
  return OK;
}

export function embedCommands(page: EmbedPage): RunCommand {
  return async (command: Command, id: MessageId): Promise<Answer> => {
    const { state } = page;
    switch (command.type) {
      case 'setU':
        // A hand on u takes it from any schedule the view was playing, as it would from a presenter's.
        state.uKeys = [];
        state.u = command.u;
        return OK;
      case 'play':
        state.paused = false;
        return OK;
      case 'pause':
        state.paused = true;
        return OK;
      case 'preset':
        return goToPreset(page, command.name);
      case 'step':
        return goToStep(page, command.index);
      case 'rollout':
        return rollOut(page, command.digit, id);
      case 'hello':
        // The host answers hello itself (with ready); reaching here is a wiring mistake.
        return refuse('failed', 'hello is answered by the host');
    }
  };
}
