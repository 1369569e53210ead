/**
 * The vite plugin that makes a production build work offline (vite.config.ts): once the bundle
 * is written out in memory, it lists what the service worker precaches (every file of the bundle:
 * the page, its scripts, styles and tfjs's wasm binaries; and the shipped files precache-list.ts
 * picks from the public folder), names the build by a hash of those files' contents, and emits
 * /sw.js: src/page/kiosk/service-worker.ts bundled by esbuild with that list in place. Any change
 * to a precached file gives a new build name, so a new sw.js, which browsers install in place of
 * the old one. Builds only: the dev server (`npm start`) serves no worker.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import type { Plugin, ResolvedConfig } from 'vite';
import { PAGE_ENTRY, type Precache } from '../sw-routes.ts';
import { publicPrecache, type PublicFolder } from './precache-list.ts';

/** Where the worker lands in the build, beside index.html. */
export const WORKER_FILE = 'sw.js';

const WORKER_SOURCE = fileURLToPath(new URL('../service-worker.ts', import.meta.url));

/** Characters of the content hash kept as the build's name. */
const BUILD_HASH_LENGTH = 12;

export interface PrecacheEntry {
  /** URL relative to the worker's scope. */
  url: string;
  bytes: string | Uint8Array;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The precache list of `entries` (sorted) and the build's name: a hash of every URL and its content. */
export function sealPrecache(entries: readonly PrecacheEntry[]): Precache {
  const sorted = [...entries].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  const seen = new Set<string>();
  for (const { url } of sorted) {
    if (seen.has(url)) throw new Error(`precache: ${url} is listed twice`);
    seen.add(url);
  }
  const digest = sha256(sorted.map(({ url, bytes }) => `${url}\0${sha256(bytes)}\n`).join(''));
  return { build: digest.slice(0, BUILD_HASH_LENGTH), files: sorted.map((e) => e.url) };
}

/** The public folder on disk, as precache-list.ts reads it. */
export function publicFolderAt(root: string): PublicFolder {
  const file = (path: string) => join(root, path);
  const isFile = (path: string) => existsSync(file(path)) && statSync(file(path)).isFile();
  return {
    read: (path) => (isFile(path) ? readFileSync(file(path), 'utf8') : null),
    exists: isFile,
    list: (folder) => (existsSync(file(folder)) ? readdirSync(file(folder), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : []),
  };
}

/** The worker's source, bundled into one classic script with `precache` in place. */
export async function workerScript(precache: Precache): Promise<string> {
  const result = await esbuild({
    entryPoints: [WORKER_SOURCE],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'silent',
    define: { LATENTFLOW_PRECACHE: JSON.stringify(precache) },
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('precache: esbuild gave no service worker');
  return `// latentflow service worker, build ${precache.build} (src/page/kiosk/service-worker.ts)\n${output.text}`;
}

/**
 * Set in the page by a build with this plugin, whatever NODE_ENV says (tests build with 'test'):
 * only a page that has a /sw.js beside it registers one (src/page/kiosk/offline.ts).
 */
export const OFFLINE_FLAG = 'import.meta.env.LATENTFLOW_OFFLINE';

export function precachePlugin(): Plugin {
  let config: ResolvedConfig | undefined;
  return {
    name: 'latentflow-precache',
    apply: 'build',
    config: () => ({ define: { [OFFLINE_FLAG]: 'true' } }),
    configResolved(resolved) {
      config = resolved;
    },
    generateBundle: {
      // After vite's own HTML plugin has put index.html in the bundle.
      order: 'post',
      async handler(_options, bundle) {
        if (config === undefined || config.build.lib || config.build.ssr) return;
        const entries: PrecacheEntry[] = Object.values(bundle)
          .filter((out) => !out.fileName.endsWith('.map') && out.fileName !== WORKER_FILE)
          .map((out) => ({ url: out.fileName === 'index.html' ? PAGE_ENTRY : out.fileName, bytes: out.type === 'chunk' ? out.code : out.source }));
        if (config.publicDir) {
          const root = config.publicDir;
          entries.push(...publicPrecache(publicFolderAt(root)).map((url) => ({ url, bytes: readFileSync(join(root, url)) })));
        }
        const precache = sealPrecache(entries);
        this.emitFile({ type: 'asset', fileName: WORKER_FILE, source: await workerScript(precache) });
        this.info(`precache: build ${precache.build}, ${precache.files.length} files`);
      },
    },
  };
}
