// A slide that embeds latentflow in an iframe and drives it with postMessage (docs/embedding.md):
// a u slider, preset buttons, play/pause, a rollout from a 3 and the talk's steps, with every event
// latentflow sends back listed below them. This page's own query parameters go to the embedded
// page (e.g. ?backend=wasm&talk=latent-dynamics); ?embed=1 is added here.

/** What latentflow sends: every event carries the protocol's version and its type. */
interface LatentflowEvent {
  latentflow: 1;
  type: string;
  [field: string]: unknown;
}

const frame = document.getElementById('latentflow') as HTMLIFrameElement;
const uInput = document.getElementById('u') as HTMLInputElement;
const uValue = document.getElementById('u-value') as HTMLOutputElement;
const playButton = document.getElementById('play') as HTMLButtonElement;
const rollButton = document.getElementById('roll') as HTMLButtonElement;
const presetBox = document.getElementById('presets') as HTMLFieldSetElement;
const talkBox = document.getElementById('talk') as HTMLFieldSetElement;
const stepOutput = document.getElementById('step') as HTMLOutputElement;
const digitsLine = document.getElementById('digits') as HTMLParagraphElement;
const log = document.getElementById('log') as HTMLOListElement;

const query = new URLSearchParams(location.search);
query.set('embed', '1');
const src = new URL(`/?${query.toString()}`, location.href);
// Messages go to this origin only, and only its answers are read: another page in the frame hears nothing.
const latentflowOrigin = src.origin;

const events: LatentflowEvent[] = [];
let sent = 0;
let paused = false;
let talk: { index: number; count: number } | null = null;

/** Posts one command; returns the id its answer (ok or error) will carry. */
function send(type: string, fields: Record<string, unknown> = {}): string {
  const id = `${type}-${++sent}`;
  frame.contentWindow?.postMessage({ latentflow: 1, type, id, ...fields }, latentflowOrigin);
  return id;
}

function logLine(event: LatentflowEvent): void {
  const { latentflow: _version, type, ...fields } = event;
  const item = document.createElement('li');
  item.textContent = `${type} ${JSON.stringify(fields)}`.slice(0, 240);
  log.prepend(item);
}

function showTalk(place: { index: number; count: number; preset: string | null }): void {
  talk = place;
  talkBox.hidden = false;
  stepOutput.textContent = `step ${place.index + 1} of ${place.count}${place.preset ? ` (${place.preset})` : ''}`;
}

function onReady(event: LatentflowEvent): void {
  for (const control of [uInput, playButton, rollButton]) control.disabled = false;
  uInput.value = String(event.u);
  uValue.value = Number(event.u).toFixed(2);
  paused = event.paused === true;
  playButton.textContent = paused ? 'play' : 'pause';
  presetBox.querySelectorAll('button').forEach((b) => b.remove());
  for (const name of event.presets as string[]) {
    const button = document.createElement('button');
    button.textContent = name;
    button.dataset.preset = name;
    button.addEventListener('click', () => send('preset', { name }));
    presetBox.append(button);
  }
  const place = event.talk as { index: number; count: number; preset: string | null } | null;
  if (place !== null) showTalk(place);
}

window.addEventListener('message', (e: MessageEvent) => {
  if (e.source !== frame.contentWindow || e.origin !== latentflowOrigin) return;
  const event = e.data as LatentflowEvent | null;
  if (typeof event !== 'object' || event === null || event.latentflow !== 1) return;
  events.push(event);
  logLine(event);
  if (event.type === 'ready') onReady(event);
  else if (event.type === 'stepReached') showTalk(event as unknown as { index: number; count: number; preset: string | null });
  else if (event.type === 'rolloutFinished') digitsLine.textContent = `from a ${String(event.digit)}: ${(event.digits as number[]).join(' \u2192 ') || '(no judge in this bundle)'}`;
  else if (event.type === 'error') digitsLine.textContent = `error: ${String(event.message)}`;
});

uInput.addEventListener('input', () => {
  uValue.value = Number(uInput.value).toFixed(2);
  send('setU', { u: Number(uInput.value) });
});
playButton.addEventListener('click', () => {
  paused = !paused;
  send(paused ? 'pause' : 'play');
  playButton.textContent = paused ? 'play' : 'pause';
});
rollButton.addEventListener('click', () => send('rollout', { digit: 3 }));
document.getElementById('previous')!.addEventListener('click', () => talk && send('step', { index: Math.max(0, talk.index - 1) }));
document.getElementById('next')!.addEventListener('click', () => talk && send('step', { index: Math.min(talk.count - 1, talk.index + 1) }));

// The listener is in place before the frame loads, so the ready event cannot be missed.
frame.src = src.href;

// For tests and the console: what latentflow said, and a way to send anything.
Object.assign(window, { embedExample: { events, send } });
