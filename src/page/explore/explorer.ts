/**
 * Hand exploration over the engine's public API: the draw pad's digit becomes a probe (encoded,
 * reconstructed, judged and placed on the map as it is drawn), and grounded rollouts start from
 * it at the current u. One explorer per engine; the pad itself outlives a lost GPU.
 */
import type { Engine } from '../../engine';
import { PIXELS } from '../../model/dataset';
import type { AppState } from '../../spec/spec';
import type { DrawPad } from './draw-pad';
import { createProbeLayer } from './probe-layer';

export interface ProbeStatus {
  /** The judge's digit for the probe, and its probability (null without a judge or a probe). */
  label: number | null;
  confidence: number | null;
  /** The probe's place on the map, or null. */
  place: [number, number, number] | null;
  /** Digits processed so far (each stroke, each loaded digit). */
  updates: number;
}

export interface Explorer {
  status(): ProbeStatus;
  /** Grounded rollouts (and the ungrounded ones when the spec shows them) from the probe at the current u. */
  rollFromProbe(): Promise<void>;
  dispose(): void;
}

export function bindExplorer(flow: Engine, pad: DrawPad, state: AppState): Explorer {
  const layer = createProbeLayer();
  flow.layers.add(layer);
  let status: ProbeStatus = { label: null, confidence: null, place: null, updates: 0 };
  // The newest digit wins: a digit drawn while the last one is being read waits, older ones are dropped.
  let running = false;
  let queued: Float32Array | null | undefined;

  async function read(digit: Float32Array | null): Promise<void> {
    if (digit === null) {
      layer.moveTo(null, null);
      status = { label: null, confidence: null, place: null, updates: status.updates + 1 };
      return;
    }
    const z = await flow.encode(digit);
    const [reconstruction, readings, place] = await Promise.all([flow.decode(z), flow.models.classify(digit), flow.project(z)]);
    const reading = readings?.[0] ?? null;
    pad.showReading({ reconstruction, label: reading?.label ?? null, confidence: reading?.confidence ?? null });
    layer.moveTo(place, reading?.label ?? null);
    status = { label: reading?.label ?? null, confidence: reading?.confidence ?? null, place: [place[0]!, place[1]!, place[2]!], updates: status.updates + 1 };
  }

  async function pump(): Promise<void> {
    if (running) return;
    running = true;
    try {
      while (queued !== undefined) {
        const digit = queued;
        queued = undefined;
        await read(digit);
      }
    } finally {
      running = false;
    }
  }

  const offDigit = pad.onDigit((digit) => {
    queued = digit;
    void pump();
  });
  const offButton = pad.addButton('roll out from here', () => void explorer.rollFromProbe());
  if (pad.digit() !== null) {
    queued = pad.digit();
    void pump();
  }

  const explorer: Explorer = {
    status: () => ({ ...status, place: status.place && [...status.place] }),
    async rollFromProbe() {
      const digit = pad.digit();
      if (digit === null || digit.length !== PIXELS) return;
      await flow.rollouts.start({ images: digit, u: state.u, steps: state.rolloutSteps, ungrounded: state.ungrounded });
    },
    dispose() {
      offDigit();
      offButton();
      flow.layers.remove(layer);
      layer.dispose();
    },
  };
  return explorer;
}
