/**
 * Web MIDI: every connected input's control changes and notes, as controls (src/page/perform/
 * controls.ts). Access is asked for on a click in the panel (the browser asks the visitor once),
 * and at start-up when MIDI was connected on an earlier visit or the site already has permission.
 * Inputs plugged in or out while the page runs are picked up (statechange). Without Web MIDI, or
 * with the permission refused, the status says so and nothing else changes.
 */
import { controlKey, type Control } from './controls';
import { midiWanted, rememberMidi } from './control-store';

export interface MidiMessage {
  kind: 'cc' | 'note';
  /** 1..16, as people read it. */
  channel: number;
  number: number;
  /** CC value or note velocity, 0..127; a note off (or a note on at velocity 0) is 0. */
  value: number;
}

/** A control change, note on or note off; anything else (clock, sysex, pitch bend) is null. */
export function parseMidiMessage(data: ArrayLike<number>): MidiMessage | null {
  if (data.length < 3) return null;
  const status = data[0]! & 0xf0;
  const channel = (data[0]! & 0x0f) + 1;
  const number = data[1]! & 0x7f;
  const value = data[2]! & 0x7f;
  if (status === 0xb0) return { kind: 'cc', channel, number, value };
  if (status === 0x90) return { kind: 'note', channel, number, value };
  if (status === 0x80) return { kind: 'note', channel, number, value: 0 };
  return null;
}

export type ControlListener = (control: Control, key: string, value: number) => void;

export class MidiInput {
  private access: MIDIAccess | null = null;
  private asking = false;
  private text: string;
  /** One control object per (kind, channel, number) seen, so a busy knob makes no garbage. */
  private readonly known = new Map<number, { control: Control; key: string }>();

  constructor(
    private readonly onControl: ControlListener,
    private readonly onStatus: () => void,
  ) {
    this.text = this.available ? 'MIDI: not connected — click "connect MIDI" (the browser asks once)' : unavailableText();
  }

  get available(): boolean {
    return typeof navigator.requestMIDIAccess === 'function';
  }

  get connected(): boolean {
    return this.access !== null;
  }

  get status(): string {
    return this.text;
  }

  /** Connects now when an earlier visit did, or when the site already holds the permission. */
  async connectIfAllowed(): Promise<void> {
    if (!this.available) return;
    if (midiWanted()) return this.connect();
    try {
      const permission = await navigator.permissions?.query({ name: 'midi' });
      if (permission?.state === 'granted') return this.connect();
    } catch {
      // A browser that cannot say: wait for the click.
    }
  }

  async connect(): Promise<void> {
    if (!this.available || this.access !== null || this.asking) return;
    this.asking = true;
    this.setStatus('MIDI: asking the browser for access…');
    try {
      const access = await navigator.requestMIDIAccess();
      this.access = access;
      access.onstatechange = () => this.attach();
      rememberMidi();
      this.attach();
    } catch (e) {
      // The wish is kept: a frame without allow="midi" is refused where its top page is not.
      const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      this.setStatus(`MIDI permission refused (${why.slice(0, 120)}) — allow MIDI for this site in the browser's site settings, then click "connect MIDI" again`);
    } finally {
      this.asking = false;
    }
  }

  private readonly onMessage = (event: MIDIMessageEvent) => {
    if (event.data === null) return;
    const message = parseMidiMessage(event.data);
    if (message === null) return;
    const id = (message.kind === 'cc' ? 0 : 1 << 11) | (message.channel << 7) | message.number;
    let entry = this.known.get(id);
    if (entry === undefined) {
      const control: Control = { device: 'midi', kind: message.kind, channel: message.channel, number: message.number };
      entry = { control, key: controlKey(control) };
      this.known.set(id, entry);
    }
    this.onControl(entry.control, entry.key, message.value);
  };

  /** Listens to every connected input and names them in the status. */
  private attach(): void {
    if (this.access === null) return;
    const names: string[] = [];
    this.access.inputs.forEach((input) => {
      if (input.state !== 'connected') return;
      if (input.onmidimessage !== this.onMessage) input.onmidimessage = this.onMessage;
      names.push(input.name ?? input.id);
    });
    this.setStatus(names.length === 0 ? 'MIDI: connected, no controller plugged in — plug one in (it is picked up at once)' : `MIDI: ${names.join(', ')}`);
  }

  private setStatus(text: string): void {
    this.text = text;
    this.onStatus();
  }
}

function unavailableText(): string {
  return window.isSecureContext ? 'Web MIDI not available in this browser' : 'Web MIDI needs a secure page (https or localhost)';
}
