/**
 * The gallery kiosk's arithmetic and the offline build's lists (src/page/kiosk/): the watchdog's
 * judgement, the camera drift, the status line, the service worker's routes and stale caches, and
 * the precache list the build step makes from the shipped assets.
 */
import { join } from 'node:path';
import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { publicPrecache, type PublicFolder } from '../../src/page/kiosk/build/precache-list';
import { publicFolderAt, sealPrecache } from '../../src/page/kiosk/build/precache-plugin';
import { applyDrift, driftAt, driftBounds, restorePose, savePose } from '../../src/page/kiosk/camera-drift';
import { formatUptime, statusText } from '../../src/page/kiosk/status-line';
import { cacheName, isBuildMessage, routeFor, staleCaches } from '../../src/page/kiosk/sw-routes';
import { Watchdog } from '../../src/page/kiosk/watchdog';
import { DEFAULT_WATCHDOG_S } from '../../src/spec/spec';
import { parseUrlState } from '../../src/spec/url';

const ASSETS = join(import.meta.dirname, '..', '..', 'assets');

describe('kiosk URL', () => {
  it('reads ?kiosk and ?watchdog, and a bad limit falls back with a notice', () => {
    expect(parseUrlState('').launch).toMatchObject({ kiosk: false, watchdog: DEFAULT_WATCHDOG_S });
    expect(parseUrlState('?kiosk=1&watchdog=5').launch).toMatchObject({ kiosk: true, watchdog: 5 });
    expect(parseUrlState('?kiosk').launch.kiosk).toBe(true);
    for (const bad of ['0', '-3', 'soon', '', '1e9']) {
      const { launch, notices } = parseUrlState(`?kiosk=1&watchdog=${bad}`);
      expect(launch.watchdog).toBe(DEFAULT_WATCHDOG_S);
      expect(notices.join('\n')).toMatch(/watchdog=.* is not a number of seconds in \[1, 3600\]; using 20/);
    }
    expect(parseUrlState('?kiosk=maybe').notices.join('\n')).toMatch(/kiosk="maybe" is not 0 or 1/);
  });
});

describe('watchdog', () => {
  const make = (limit = 5) => {
    const reasons: string[] = [];
    return { dog: new Watchdog(limit, (r) => reasons.push(r), 0), reasons };
  };

  it('restarts once frames stall for its limit, and not before', () => {
    const { dog, reasons } = make(5);
    expect(dog.check(1000, { frame: 10, expecting: true })).toBe(false);
    expect(dog.check(5500, { frame: 10, expecting: true })).toBe(false);
    expect(dog.check(6000, { frame: 10, expecting: true })).toBe(true);
    expect(dog.restarts).toBe(1);
    expect(reasons[0]).toMatch(/no frame for 5 s/);
  });

  it('leaves frames that advance, a restart under way, a hidden page and a fixed-step clock alone', () => {
    const { dog } = make(2);
    let t = 0;
    for (let frame = 0; frame < 10; frame++) expect(dog.check((t += 3000), { frame, expecting: true })).toBe(false);
    expect(dog.check((t += 3000), { frame: null, expecting: false })).toBe(false);
    expect(dog.check((t += 3000), { frame: 9, expecting: false })).toBe(false);
    expect(dog.check((t += 3000), { frame: 9, expecting: false })).toBe(false);
    expect(dog.restarts).toBe(0);
    // Expected again: the stall counts from the last reading that expected none, not from when frames stopped.
    expect(dog.check((t += 1000), { frame: 9, expecting: true })).toBe(false);
    expect(dog.check((t += 1000), { frame: 9, expecting: true })).toBe(true);
  });

  it('gives a restarted engine its limit again before it judges it', () => {
    const { dog } = make(3);
    dog.check(0, { frame: 4, expecting: true });
    expect(dog.check(3000, { frame: 4, expecting: true })).toBe(true);
    expect(dog.check(4000, { frame: null, expecting: false })).toBe(false);
    expect(dog.check(5000, { frame: 4, expecting: true })).toBe(false);
    expect(dog.check(7900, { frame: 4, expecting: true })).toBe(false);
    expect(dog.check(8000, { frame: 4, expecting: true })).toBe(true);
    expect(dog.restarts).toBe(2);
  });

  it('refuses a limit that is not a positive number', () => {
    expect(() => new Watchdog(0, () => undefined, 0)).toThrow(/positive/);
    expect(() => new Watchdog(Number.NaN, () => undefined, 0)).toThrow(/positive/);
  });
});

describe('camera drift', () => {
  const camera = () => {
    const c = new THREE.PerspectiveCamera(45, 1, 0.01, 100);
    c.position.set(-3, -3, -0.4);
    c.lookAt(0.2, -0.3, 0.1);
    c.updateMatrixWorld();
    return c;
  };
  const pivot = new THREE.Vector3(0.1, -0.2, 0);

  it('starts at rest and stays within its bounds, every part moving over an hour', () => {
    expect(Object.values(driftAt(0)).every((v) => v === 0)).toBe(true);
    const bounds = driftBounds();
    const seen = { yaw: [0, 0], pitch: [0, 0], dolly: [0, 0], shiftX: [0, 0], shiftY: [0, 0] } as Record<keyof typeof bounds, number[]>;
    for (let t = 0; t < 3600; t += 5) {
      const d = driftAt(t);
      for (const key of Object.keys(bounds) as (keyof typeof bounds)[]) {
        expect(Math.abs(d[key])).toBeLessThanOrEqual(bounds[key] + 1e-12);
        seen[key] = [Math.min(seen[key]![0]!, d[key]), Math.max(seen[key]![1]!, d[key])];
      }
    }
    for (const key of Object.keys(bounds) as (keyof typeof bounds)[]) expect(seen[key]![1]! - seen[key]![0]!).toBeGreaterThan(bounds[key]);
  });

  it('moves the camera as one rigid turn about the pivot, and comes off exactly', () => {
    const c = camera();
    const before = savePose(c);
    const distance = c.position.distanceTo(pivot);
    applyDrift(c, pivot, { yaw: 0.3, pitch: 0, dolly: 0, shiftX: 0, shiftY: 0 });
    expect(c.position.distanceTo(before.position)).toBeGreaterThan(0.1);
    expect(c.position.distanceTo(pivot)).toBeCloseTo(distance, 6);
    // The pivot sits where it sat in the view: the turn moved the camera and its gaze together.
    const seen = (cam: THREE.Camera) => pivot.clone().applyMatrix4(cam.matrixWorldInverse);
    const reference = camera();
    expect(seen(c).distanceTo(seen(reference))).toBeLessThan(1e-9);
    applyDrift(c, pivot, { yaw: 0, pitch: 0, dolly: 0.05, shiftX: 0.02, shiftY: -0.02 });
    expect(c.position.distanceTo(pivot)).not.toBeCloseTo(distance, 3);
    restorePose(c, before);
    expect(c.position.toArray()).toEqual(before.position.toArray());
    expect(c.quaternion.toArray()).toEqual(before.quaternion.toArray());
  });

  it('moves nothing when the drift is zero', () => {
    const c = camera();
    const before = savePose(c);
    applyDrift(c, pivot, driftAt(0));
    expect(c.position.distanceTo(before.position)).toBeLessThan(1e-12);
    // angleTo is acos of a dot product: a rounding of 1e-16 there reads as 1e-8 rad.
    expect(c.quaternion.angleTo(before.quaternion)).toBeLessThan(1e-6);
  });
});

describe('status line', () => {
  it('says uptime, restarts, memory, tensors, frame rate and build in one line', () => {
    expect(formatUptime(59)).toBe('0 min 59 s');
    expect(formatUptime(3 * 3600 + 5 * 60 + 7)).toBe('3 h 05 min');
    expect(formatUptime(2 * 86400 + 3600)).toBe('2 d 1 h');
    const text = statusText({ uptime: 75, restarts: 1, watchdog: 1, heapMb: 83.6, tensors: 212, fps: 59.7, build: 'abc123' });
    expect(text).toBe('up 1 min 15 s \u00b7 restarts 1 (watchdog 1) \u00b7 heap 84 MB \u00b7 tensors 212 \u00b7 60 fps \u00b7 build abc123');
    expect(statusText({ uptime: 0, restarts: 0, watchdog: 0, heapMb: null, tensors: null, fps: 0, build: null })).toMatch(/heap n\/a .* tensors n\/a .* build none/);
  });
});

describe('service worker routes', () => {
  const scope = 'https://gallery.example/latentflow/';
  const files = new Set(['./', 'assets/index-abc.js', 'models/index.json']);
  const route = (url: string, mode = 'cors', method = 'GET') => routeFor({ url, mode, method }, scope, files);

  it('answers the build from its cache, any page load with the page, other GETs of the site network-first', () => {
    expect(route(`${scope}assets/index-abc.js`)).toEqual({ kind: 'precached', key: `${scope}assets/index-abc.js` });
    expect(route(`${scope}models/index.json?x=1`)).toEqual({ kind: 'precached', key: `${scope}models/index.json` });
    expect(route(`${scope}?kiosk=1&autopilot=gallery`, 'navigate')).toEqual({ kind: 'precached', key: scope });
    expect(route(`${scope}index.html`)).toEqual({ kind: 'precached', key: scope });
    expect(route(`${scope}models/plain-ae/encoder/model.json`)).toEqual({ kind: 'runtime' });
  });

  it('leaves other origins, other paths and writes to the browser', () => {
    expect(route('https://elsewhere.example/latentflow/assets/index-abc.js')).toEqual({ kind: 'pass' });
    expect(route('https://gallery.example/other/app.js')).toEqual({ kind: 'pass' });
    expect(route(`${scope}assets/index-abc.js`, 'cors', 'POST')).toEqual({ kind: 'pass' });
  });

  it('deletes only its own caches of other builds', () => {
    expect(staleCaches([cacheName('new'), cacheName('old'), 'someone-else', cacheName('older')], 'new')).toEqual([cacheName('old'), cacheName('older')]);
  });

  it('knows its own messages', () => {
    expect(isBuildMessage({ type: 'latentflow-build', build: 'abc', event: 'activated', files: 3 })).toBe(true);
    expect(isBuildMessage({ type: 'latentflow-build', build: 'abc', event: 'other', files: 3 })).toBe(false);
    expect(isBuildMessage('latentflow-build')).toBe(false);
    expect(isBuildMessage(null)).toBe(false);
  });
});

describe('precache list', () => {
  it('holds what the page loads from the shipped assets: every manifold the index offers, not the other seeds', () => {
    const list = publicPrecache(publicFolderAt(ASSETS));
    expect(list).toContain('models/index.json');
    expect(list).toContain('models/stage-figures.json');
    expect(list).toContain('data/training.u8');
    expect(list).toContain('data/heldout.u8');
    expect(list).toContain('presets/index.json');
    expect(list).toContain('talks/gallery.json');
    expect(list).toContain('manifest.webmanifest');
    expect(list).toContain('models/judge/weights.bin');
    const index = JSON.parse(publicFolderAt(ASSETS).read('models/index.json')!) as { manifolds: { id: string; seed: number }[] };
    for (const { id, seed } of index.manifolds) {
      for (const part of ['encoder', 'decoder', 'dynamics', 'projector']) {
        expect(list).toContain(`models/${id}/seed-${seed}/${part}/model.json`);
        expect(list).toContain(`models/${id}/seed-${seed}/${part}/weights.bin`);
      }
      expect(list).toContain(`models/${id}/seed-${seed}/map.f32`);
      expect(list.filter((f) => f.startsWith(`models/${id}/seed-`) && !f.startsWith(`models/${id}/seed-${seed}/`))).toEqual([]);
    }
    expect(list.some((f) => f.startsWith('models/plain-ae/'))).toBe(false);
    expect(new Set(list).size).toBe(list.length);
  });

  it('stops the build with the name of a file a manifest names but the folder lacks', () => {
    const real = publicFolderAt(ASSETS);
    const lacking: PublicFolder = { ...real, exists: (p) => p !== 'data/heldout.u8' && real.exists(p), read: (p) => (p === 'data/heldout.u8' ? null : real.read(p)) };
    expect(() => publicPrecache(lacking)).toThrow(/data\/heldout\.u8 .*not in the public folder/);
    const broken: PublicFolder = { ...real, read: (p) => (p === 'models/index.json' ? '{ not json' : real.read(p)) };
    expect(() => publicPrecache(broken)).toThrow(/models\/index\.json .*not JSON/);
  });

  it('names a build by its contents: the same files the same name, any changed byte a new one', () => {
    const files = [
      { url: './', bytes: '<html>' },
      { url: 'assets/a.js', bytes: 'console.log(1)' },
      { url: 'data/x.u8', bytes: new Uint8Array([1, 2, 3]) },
    ];
    const sealed = sealPrecache(files);
    expect(sealed.files).toEqual(['./', 'assets/a.js', 'data/x.u8']);
    expect(sealed.build).toMatch(/^[0-9a-f]{12}$/);
    expect(sealPrecache([...files].reverse()).build).toBe(sealed.build);
    expect(sealPrecache([files[0]!, files[1]!, { url: 'data/x.u8', bytes: new Uint8Array([1, 2, 4]) }]).build).not.toBe(sealed.build);
    expect(sealPrecache([files[0]!, files[1]!]).build).not.toBe(sealed.build);
    expect(() => sealPrecache([...files, files[0]!])).toThrow(/listed twice/);
  });
});
