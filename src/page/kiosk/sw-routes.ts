/**
 * What the service worker (src/page/kiosk/service-worker.ts) does with each request, apart from
 * the worker so it can be tested in Node: the build's precache list answers from its own cache
 * (cache-first: a build is served whole or not at all), any page navigation gets the precached
 * page, other same-origin GETs go to the network and are kept for offline, the rest pass through.
 * Also the messages the worker and the page (src/page/kiosk/offline.ts) exchange.
 */

/** What the build step writes into the worker (src/page/kiosk/build/precache-plugin.ts). */
export interface Precache {
  /** A content hash of every precached file: a new build has a new one. */
  build: string;
  /** URLs relative to the worker's scope; './' is the page itself. */
  files: string[];
}

/** Every cache this app makes starts so; activate deletes the ones of other builds. */
export const CACHE_PREFIX = 'latentflow-';

export const cacheName = (build: string): string => `${CACHE_PREFIX}${build}`;

/** The page's own entry in the precache list (index.html, as the site root serves it). */
export const PAGE_ENTRY = './';

/** Our caches that belong to no longer current builds (another app's caches on the origin are left alone). */
export function staleCaches(names: readonly string[], build: string): string[] {
  return names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== cacheName(build));
}

export type Route =
  /** Answer from the build's cache under `key` (an absolute URL), the network if it is missing. */
  | { kind: 'precached'; key: string }
  /** Network first, kept in the cache; the cached copy when the network fails. */
  | { kind: 'runtime' }
  /** Not ours to answer: the browser fetches it as if there were no worker. */
  | { kind: 'pass' };

export interface RequestFacts {
  url: string;
  method: string;
  /** Request.mode: 'navigate' for a page load. */
  mode: string;
}

/** Where `request` is answered from, for a worker of `scope` (absolute, ending in /) holding `files`. */
export function routeFor(request: RequestFacts, scope: string, files: ReadonlySet<string>): Route {
  if (request.method !== 'GET') return { kind: 'pass' };
  const url = new URL(request.url);
  const root = new URL(scope);
  if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) return { kind: 'pass' };
  if (request.mode === 'navigate') return files.has(PAGE_ENTRY) ? { kind: 'precached', key: new URL(PAGE_ENTRY, root).href } : { kind: 'runtime' };
  const relative = url.pathname.slice(root.pathname.length);
  const entry = relative === '' || relative === 'index.html' ? PAGE_ENTRY : relative;
  if (files.has(entry)) return { kind: 'precached', key: new URL(entry, root).href };
  return { kind: 'runtime' };
}

/** The page asks the worker which build it serves. */
export const ASK_BUILD = 'latentflow-build?';

/** The worker's answer, and what it tells every page when it takes over ('activated'). */
export interface BuildMessage {
  type: 'latentflow-build';
  build: string;
  /** 'activated': this worker just replaced another (or was the first); 'serving': an answer to ASK_BUILD. */
  event: 'activated' | 'serving';
  /** Files in the precache. */
  files: number;
}

export function isBuildMessage(data: unknown): data is BuildMessage {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Record<string, unknown>;
  return m.type === 'latentflow-build' && typeof m.build === 'string' && (m.event === 'activated' || m.event === 'serving') && typeof m.files === 'number';
}
