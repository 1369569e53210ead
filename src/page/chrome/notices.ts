/**
 * Messages for people, never only for the console: notices (something was substituted: a path,
 * a URL value, the map) and errors (something failed). Each is a DOM line tests can read. On a
 * stage a line is brief: after a while it is marked expired and the stage's CSS hides it (the
 * debug view shows every line still), so it never stays over the scene.
 */

/** How long a line stays on a stage, ms: a notice is read at a glance, an error a little longer. */
export const NOTICE_MS = { notice: 8000, error: 15000 } as const;
export class Notices {
  readonly element: HTMLElement;
  private readonly seen = new Set<string>();

  constructor(parent: HTMLElement) {
    this.element = document.createElement('div');
    this.element.className = 'notices';
    this.element.setAttribute('role', 'status');
    parent.append(this.element);
  }

  notice(text: string): void {
    this.add(text, 'notice');
  }

  error(text: string): void {
    this.add(text, 'error');
    document.documentElement.dataset.errors = String(this.element.querySelectorAll('.error').length);
  }

  /** Every message shown so far, oldest first. */
  all(): string[] {
    return [...this.element.querySelectorAll('p > span')].map((el) => el.textContent ?? '');
  }

  private add(text: string, kind: 'notice' | 'error'): void {
    // A GPU error storm must not grow the page without bound.
    if (this.seen.has(text) || this.seen.size > 50) return;
    this.seen.add(text);
    const line = document.createElement('p');
    line.className = kind;
    const body = document.createElement('span');
    body.textContent = text;
    line.append(body);
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = '\u00d7';
    close.setAttribute('aria-label', 'dismiss');
    close.addEventListener('click', () => line.remove());
    line.append(close);
    this.element.append(line);
    setTimeout(() => line.classList.add('expired'), NOTICE_MS[kind]);
  }
}

/** Replaces the page with a message when the app cannot start at all. */
export function showFatal(message: string, detail?: string): void {
  const box = document.createElement('div');
  box.className = 'fatal';
  box.setAttribute('role', 'alert');
  const title = document.createElement('h2');
  title.textContent = 'latentflow could not start';
  const text = document.createElement('p');
  text.textContent = message;
  box.append(title, text);
  if (detail) {
    const pre = document.createElement('pre');
    pre.textContent = detail;
    box.append(pre);
  }
  document.body.append(box);
  document.documentElement.dataset.error = message;
}
