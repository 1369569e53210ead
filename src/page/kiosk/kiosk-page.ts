/**
 * The page's part in offline use and the kiosk, kept out of boot.ts: the service worker for every
 * page of a production build, and with ?kiosk=1 a Kiosk wired to the page's flow and frame loop.
 */
import type { FlowStats, LatentFlow } from '../../engine';
import type { LaunchOptions } from '../../spec/spec';
import { Kiosk, type KioskHost } from './kiosk';
import { installOffline, type OfflineStatus } from './offline';

/** The page as the kiosk sees it: each throws before the engine starts and while it restarts. */
export interface KioskPage {
  flow(): LatentFlow;
  loop(): { readonly clock: { readonly frame: number }; readonly fixedStep: boolean; stop(): void };
}

function orNull<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    // Not started yet, or restarting: nothing to read.
    return null;
  }
}

function hostOf(page: KioskPage, offline: () => OfflineStatus): KioskHost {
  return {
    frames: () => {
      const loop = orNull(() => page.loop());
      return { frame: loop?.clock.frame ?? null, expecting: loop !== null && !loop.fixedStep && document.visibilityState === 'visible' };
    },
    restart: (reason) => orNull(() => page.flow())?.debug.restart(reason),
    stats: (): FlowStats | null => orNull(() => page.flow().stats()),
    build: () => offline().build,
    stopFrames: () => page.loop().stop(),
  };
}

/** Registers the service worker (in a build) and, with ?kiosk=1, starts the kiosk. */
export function installKioskPage(launch: LaunchOptions, root: HTMLElement, page: KioskPage, notice: (text: string) => void): { offline: () => OfflineStatus; kiosk: Kiosk | null } {
  // A build sets the flag (src/page/kiosk/build/precache-plugin.ts); the dev server has no worker.
  const worker = import.meta.env.LATENTFLOW_OFFLINE === true;
  const offline = installOffline({ base: import.meta.env.BASE_URL, worker, notice, kiosk: launch.kiosk });
  const kiosk = launch.kiosk ? new Kiosk(root, launch.watchdog, hostOf(page, offline)) : null;
  return { offline, kiosk };
}
