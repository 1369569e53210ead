/**
 * The page's side of the service worker (src/page/kiosk/service-worker.ts): a production build
 * registers /sw.js, so after one visit the page starts with no network; the development server
 * has no worker, and any left on its origin by an earlier build are unregistered. The worker
 * says which build it serves; when a new build's worker takes over a page that an older one
 * served, the page says so: "updated to build X; reload to use it", or on a kiosk it reloads by
 * itself once nobody has touched it for a minute (on the new build, from the new cache).
 */
import { ASK_BUILD, isBuildMessage, type BuildMessage } from './sw-routes';

export interface OfflineStatus {
  /** False where the browser has no service workers (or the origin is not secure). */
  supported: boolean;
  /** A service worker answers this page's requests. */
  controlled: boolean;
  /** The build the worker serves (null until it says). */
  build: string | null;
  /** Files in its precache. */
  files: number;
  /** The build a newer worker brought while this page ran (null: none). */
  updatedTo: string | null;
}

export interface OfflineOptions {
  /** The worker's script and scope: the site's base URL (vite's BASE_URL). */
  base: string;
  /** A build with a worker beside it: register it. Otherwise (the dev server) clear any stale one. */
  worker: boolean;
  notice: (text: string) => void;
  /** A kiosk reloads itself onto a new build when idle, and looks for one every so often. */
  kiosk: boolean;
}

/** A kiosk reloads onto a new build after this long without input. */
const IDLE_RELOAD_MS = 60_000;
/** How often a kiosk asks the server for a new build (a page load asks anyway). */
const UPDATE_CHECK_MS = 30 * 60_000;
const INPUTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

export function installOffline(options: OfflineOptions): () => OfflineStatus {
  const container = typeof navigator !== 'undefined' ? navigator.serviceWorker : undefined;
  const status: OfflineStatus = { supported: container !== undefined, controlled: false, build: null, files: 0, updatedTo: null };
  const read = () => ({ ...status, controlled: container?.controller != null });
  if (container === undefined) return read;
  if (!options.worker) {
    // A cross-site frame is refused service workers outright: nothing to clean up there.
    void container.getRegistrations().then((all) => Promise.all(all.map((r) => r.unregister()))).catch(() => undefined);
    return read;
  }
  // A page an older worker served: a worker that activates now is a new build.
  const servedAtLoad = container.controller !== null;
  container.addEventListener('message', (event: MessageEvent) => {
    if (isBuildMessage(event.data)) heard(event.data);
  });
  const heard = (message: BuildMessage) => {
    const update = message.event === 'activated' && servedAtLoad && message.build !== status.build && status.updatedTo !== message.build;
    status.files = message.files;
    if (!update) {
      status.build ??= message.build;
      return;
    }
    status.updatedTo = message.build;
    document.documentElement.dataset.updatedTo = message.build;
    options.notice(`updated to build ${message.build}; ${options.kiosk ? 'reloading when nobody has touched the screen for a minute' : 'reload to use it'}`);
    if (options.kiosk) reloadWhenIdle();
  };
  container.controller?.postMessage(ASK_BUILD);
  container.addEventListener('controllerchange', () => container.controller?.postMessage(ASK_BUILD));
  container
    .register(`${options.base}sw.js`, { scope: options.base })
    .then((registration) => {
      if (options.kiosk) setInterval(() => void registration.update().catch(() => undefined), UPDATE_CHECK_MS);
    })
    .catch((e: unknown) => options.notice(`offline use is unavailable: the service worker did not register (${e instanceof Error ? e.message : String(e)})`));
  return read;
}

let reloading = false;

function reloadWhenIdle(): void {
  // A second new build before the reload: the one reload serves the newest.
  if (reloading) return;
  reloading = true;
  let last = performance.now();
  for (const type of INPUTS) window.addEventListener(type, () => (last = performance.now()), { passive: true });
  setInterval(() => {
    if (performance.now() - last >= IDLE_RELOAD_MS) location.reload();
  }, 5000);
}
