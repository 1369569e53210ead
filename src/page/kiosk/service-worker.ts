/**
 * The service worker of a production build (served as /sw.js; registered by
 * src/page/kiosk/offline.ts): install precaches the build's list (the app, the shipped models,
 * data, presets and talks) in a cache named for the build, then takes over at once; activate
 * deletes the caches of other builds and tells every open page which build now serves it. Requests
 * are answered as src/page/kiosk/sw-routes.ts says, so after one visit the page starts with no
 * network. The build step (src/page/kiosk/build/precache-plugin.ts) bundles this file with the
 * precache list in place of LATENTFLOW_PRECACHE; `vite` in development never serves it.
 */
import { ASK_BUILD, cacheName, routeFor, staleCaches, type BuildMessage, type Precache } from './sw-routes';

declare const LATENTFLOW_PRECACHE: Precache;

// The worker's own globals, as far as this file uses them: the project compiles against the DOM
// library, and TypeScript's WebWorker library cannot be loaded beside it.
interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  readonly data: unknown;
  readonly source: { postMessage(message: unknown): void } | null;
}
interface WorkerScope {
  readonly registration: { readonly scope: string };
  readonly clients: {
    claim(): Promise<void>;
    matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<{ postMessage(message: unknown): void }[]>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
}

const worker = self as unknown as WorkerScope;
const { build, files } = LATENTFLOW_PRECACHE;
const CACHE = cacheName(build);
const listed = new Set(files);
const scope = worker.registration.scope;
const message = (event: BuildMessage['event']): BuildMessage => ({ type: 'latentflow-build', build, event, files: files.length });

worker.addEventListener('install', (event) => {
  // 'reload': past the HTTP cache, so a file a server has changed is never precached stale.
  const requests = files.map((file) => new Request(new URL(file, scope).href, { cache: 'reload' }));
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(requests))
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(staleCaches(names, build).map((name) => caches.delete(name)));
      await worker.clients.claim();
      for (const client of await worker.clients.matchAll({ type: 'window', includeUncontrolled: true })) client.postMessage(message('activated'));
    })(),
  );
});

worker.addEventListener('message', (event) => {
  if (event.data === ASK_BUILD) event.source?.postMessage(message('serving'));
});

async function fromCache(key: string, request: Request): Promise<Response> {
  const cached = await (await caches.open(CACHE)).match(key);
  return cached ?? fetch(request);
}

async function networkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
    return response;
  } catch (e) {
    const cached = await cache.match(request);
    if (cached !== undefined) return cached;
    throw e;
  }
}

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  const route = routeFor(request, scope, listed);
  if (route.kind === 'precached') event.respondWith(fromCache(route.key, request));
  else if (route.kind === 'runtime') event.respondWith(networkFirst(request));
});
