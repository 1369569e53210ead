/**
 * The embedded page's end of the protocol: it hears every message posted to the window, obeys
 * only those from its parent frame at an allowed origin, and answers each of those with `ok` or
 * `error` (in the order they came). Messages from any other origin, or from a window that is not
 * the parent, are ignored without an answer and counted (status(), on the test surface). Events
 * go only to the parent, and only when its origin is allowed: nothing leaks to a page that may
 * not drive this one.
 */
import { envelope, parseMessage, type Command, type ErrorCode, type Event, type MessageId } from './protocol';

export type Answer = { ok: true } | { ok: false; code: ErrorCode; message: string };

/** Runs one valid command against the page; an answer of ok means it took effect (or, for a rollout, started). */
export type RunCommand = (command: Command, id: MessageId) => Promise<Answer>;

export interface EmbedStatus {
  /** The origins this page obeys. */
  allowed: string[];
  /** The parent's origin once known to be allowed (events go there), else null. */
  parent: string | null;
  /** latentflow started and the ready event was sent. */
  ready: boolean;
  /** Messages obeyed (answered ok), and refused (answered with an error). */
  obeyed: number;
  refused: number;
  /** Messages ignored unanswered: from an origin not allowed, or from a window other than the parent. */
  ignored: { origin: number; source: number };
}

/**
 * Where events may go before the parent has spoken: its origin when the browser tells it
 * (location.ancestorOrigins) and it is allowed, null when it is known and not allowed, and
 * 'unknown' where the browser does not tell (each allowed origin is then addressed; the browser
 * delivers to the one that matches).
 */
function parentOriginOf(win: Window, allowed: readonly string[]): string | null | 'unknown' {
  if (win.parent === win) return null;
  const ancestors = win.location.ancestorOrigins as DOMStringList | undefined;
  if (ancestors === undefined) return 'unknown';
  const origin = ancestors.length > 0 ? ancestors.item(0) : null;
  return origin !== null && allowed.includes(origin) ? origin : null;
}

export class EmbedHost {
  private readonly counts = { obeyed: 0, refused: 0, ignored: { origin: 0, source: 0 } };
  private parentOrigin: string | null | 'unknown';
  private run: RunCommand | null = null;
  private ready: (() => Event) | null = null;
  /** Commands run one after another, so answers come back in the order the messages were sent. */
  private queue: Promise<void> = Promise.resolve();
  private readonly onMessage = (event: MessageEvent) => this.hear(event);

  constructor(
    private readonly win: Window,
    private readonly allowed: readonly string[],
  ) {
    this.parentOrigin = parentOriginOf(win, allowed);
    win.addEventListener('message', this.onMessage);
  }

  /** latentflow runs: commands are obeyed from now on, and the parent hears `ready` (built afresh for each hello). */
  start(run: RunCommand, ready: () => Event): void {
    this.run = run;
    this.ready = ready;
    this.emit(ready());
  }

  /** Tells the parent (when its origin is allowed). */
  emit(event: Event): void {
    if (this.parentOrigin === null) return;
    const targets = this.parentOrigin === 'unknown' ? this.allowed : [this.parentOrigin];
    for (const origin of targets) this.win.parent.postMessage(envelope(event), origin);
  }

  status(): EmbedStatus {
    const parent = this.parentOrigin === 'unknown' ? null : this.parentOrigin;
    return { allowed: [...this.allowed], parent, ready: this.run !== null, obeyed: this.counts.obeyed, refused: this.counts.refused, ignored: { ...this.counts.ignored } };
  }

  dispose(): void {
    this.win.removeEventListener('message', this.onMessage);
  }

  private hear(event: MessageEvent): void {
    if (!this.allowed.includes(event.origin)) {
      this.counts.ignored.origin++;
      return;
    }
    if (event.source === null || event.source !== this.win.parent || this.win.parent === this.win) {
      this.counts.ignored.source++;
      return;
    }
    // The parent spoke from an allowed origin: that is where its answers and later events go.
    this.parentOrigin = event.origin;
    const parsed = parseMessage(event.data);
    this.queue = this.queue.then(async () => {
      if (!parsed.ok) {
        this.refuse(parsed.code, parsed.message, parsed.of, parsed.id);
        return;
      }
      const { command, id } = parsed;
      if (this.run === null || this.ready === null) {
        this.refuse('not-ready', 'latentflow is still starting: wait for the ready event', command.type, id);
        return;
      }
      if (command.type === 'hello') {
        this.counts.obeyed++;
        this.emit(this.ready());
        return;
      }
      let answer: Answer;
      try {
        answer = await this.run(command, id);
      } catch (e) {
        answer = { ok: false, code: 'failed', message: e instanceof Error ? e.message : String(e) };
      }
      if (answer.ok) {
        this.counts.obeyed++;
        this.emit({ type: 'ok', of: command.type, id });
      } else this.refuse(answer.code, answer.message, command.type, id);
    });
  }

  private refuse(code: ErrorCode, message: string, of: string | null, id: MessageId): void {
    this.counts.refused++;
    this.emit({ type: 'error', code, message, of, id });
  }
}
