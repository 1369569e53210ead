/**
 * The vite dev server, started programmatically for browser tests.
 *
 *   let server: TestServer;
 *   beforeAll(async () => { server = await startServer(); });
 *   afterAll(async () => { await server?.close(); });
 *   // page.goto(`${server.baseUrl}/tests/browser/fixtures/capabilities.html`)
 *
 * It uses the repo's vite.config.ts (so the COOP/COEP headers that make pages crossOriginIsolated
 * apply), binds 127.0.0.1 on a free port, and serves every file under the repo root at its path
 * from the root (publicDir `assets/` is served at `/`).
 */
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createServer, type InlineConfig, type ViteDevServer } from 'vite';

/** Repository root (two levels up from harness/browser/). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface TestServer {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash). */
  baseUrl: string;
  port: number;
  vite: ViteDevServer;
  /** `${baseUrl}${path}`; `path` should start with `/`. */
  url: (path: string) => string;
  close: () => Promise<void>;
}

export interface StartServerOptions {
  /** Extra vite config merged over the repo's vite.config.ts (e.g. `{ server: { hmr: false } }`). */
  config?: InlineConfig;
}

/**
 * No hot reload and no file watching: an edit anywhere in the repository would otherwise reload
 * the page mid-run (vite's client reloads on change): a recording would lose every frame so far.
 */
export const QUIET_SERVER: StartServerOptions = { config: { server: { hmr: false, watch: null } } };

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createNetServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const address = srv.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      srv.close(() => (port > 0 ? resolvePort(port) : reject(new Error('could not get a free port'))));
    });
  });
}

function isAddressInUse(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === 'EADDRINUSE' || /EADDRINUSE|already in use/i.test(e?.message ?? '');
}

/** Start the vite dev server on 127.0.0.1 and a free port. */
export async function startServer(options: StartServerOptions = {}): Promise<TestServer> {
  const host = '127.0.0.1';
  let lastError: unknown;
  // Another process may grab the port between freePort() and listen(): retry a few times.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort(host);
    const extra = options.config ?? {};
    // A dependency cache of its own: servers of parallel test files sharing node_modules/.vite
    // re-optimise into one folder, and a page then asks for a dependency by a hash the other
    // server just replaced ('504 Outdated Optimize Dep'), so its app never starts.
    const cacheDir = extra.cacheDir ?? mkdtempSync(join(tmpdir(), 'latentflow-vite-'));
    const vite = await createServer({
      ...extra,
      cacheDir,
      configFile: resolve(REPO_ROOT, 'vite.config.ts'),
      root: REPO_ROOT,
      logLevel: extra.logLevel ?? 'warn',
      clearScreen: false,
      server: {
        ...extra.server,
        host,
        port,
        strictPort: true,
        open: false,
      },
    });
    // Best effort: vite's optimiser may still be writing a deps_temp folder as the server closes,
    // and a temporary folder left behind harms nothing.
    const removeCache = () =>
      extra.cacheDir === undefined ? rm(cacheDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch(() => undefined) : Promise.resolve();
    try {
      await vite.listen();
    } catch (err) {
      await vite.close().catch(() => undefined);
      await removeCache();
      lastError = err;
      if (isAddressInUse(err)) continue;
      throw err;
    }
    const baseUrl = `http://${host}:${port}`;
    return {
      baseUrl,
      port,
      vite,
      url: (path: string) => `${baseUrl}${path.startsWith('/') ? path : `/${path}`}`,
      close: async () => {
        await vite.close();
        await removeCache();
      },
    };
  }
  throw new Error(`could not start the vite dev server: ${String(lastError)}`);
}

/** Stop a server started by `startServer` (tolerates undefined, for afterAll after a failed beforeAll). */
export async function stopServer(server: TestServer | undefined): Promise<void> {
  if (server) await server.close();
}
