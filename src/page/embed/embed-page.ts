/**
 * ?embed=1: the page as a part of someone else's (a slide, an article). It hides the chrome and
 * listens for the parent's messages from the first moment (commands before the start are answered
 * `not-ready`), then, once latentflow runs, obeys them and tells the parent what happens: ready,
 * each talk step reached, each rollout it asked for finished, and errors. Wired by boot.ts with a
 * few lines; the engine knows nothing of it.
 */
import './embed.css';
import type { LatentFlow } from '../../engine';
import type { AppState, LaunchOptions } from '../../spec/spec';
import type { Presentation } from '../present/presentation';
import { loadPresetIndex } from '../present/presets';
import { embedCommands, talkPlace } from './embed-commands';
import { EmbedHost, type EmbedStatus } from './embed-host';
import { COMMAND_TYPES, PROTOCOL_VERSION, type Event } from './protocol';

/** How often a talk moved by the page itself (its keys, a clicker) is looked for, ms. */
const STEP_WATCH_MS = 250;

export interface Embed {
  status(): EmbedStatus;
  /** latentflow started (`flow` runs) or could not start (`flow` null: the page shows why). */
  started(flow: (() => LatentFlow) | null): void;
}

export function startEmbed(launch: LaunchOptions, state: AppState, presentation: Pick<Presentation, 'story' | 'storyStatus' | 'choosePreset'>, win: Window = window): Embed {
  win.document.documentElement.classList.add('embed');
  const host = new EmbedHost(win, launch.origins ?? [win.location.origin]);
  const presets = loadPresetIndex().then(({ index }) => index);
  let shownStep = presentation.storyStatus()?.index ?? -1;
  const stepMoved = () => {
    const place = talkPlace(presentation.storyStatus());
    if (place === null || place.index === shownStep) return;
    shownStep = place.index;
    host.emit({ type: 'stepReached', ...place });
  };
  return {
    status: () => host.status(),
    started(flow) {
      if (flow === null) {
        const why = win.document.querySelector('.fatal')?.textContent?.trim().slice(0, 300) ?? '';
        host.emit({ type: 'error', code: 'engine', message: `latentflow could not start${why ? `: ${why}` : ''}`, of: null, id: null });
        return;
      }
      void presets.then((index) => {
        const ready = (): Event => {
          const stats = flow().stats();
          return { type: 'ready', version: PROTOCOL_VERSION, manifold: stats.manifold.id, backend: stats.backend, presets: [...index.presets], talk: talkPlace(presentation.storyStatus()), u: state.u, paused: state.paused, commands: [...COMMAND_TYPES] };
        };
        shownStep = presentation.storyStatus()?.index ?? -1;
        host.start(embedCommands({ state, presentation, flow, presets, manifold: launch.manifold, emit: (e) => host.emit(e), stepMoved }), ready);
        const engineError = (message: string) => host.emit({ type: 'error', code: 'engine', message, of: null, id: null });
        flow().on('error', engineError);
        flow().on('stopped', ({ reason }) => engineError(`latentflow stopped: ${reason}`));
        // The talk also moves without a message (the page's keys, a clicker pointed at the frame).
        if (presentation.story !== null) win.setInterval(stepMoved, STEP_WATCH_MS);
      });
    },
  };
}
