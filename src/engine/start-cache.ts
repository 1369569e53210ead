/**
 * What one start learns that no GPU holds: the bundle's files, fetched and checked, and the
 * world's measures (the training latents, their neighbour distances, the reference speed). A
 * LatentFlow keeps one for all its starts, so a restart after a lost device does no download,
 * no parsing and none of those passes: only what must live on the new device is made again.
 */
import { fetchBundle, type BundleFiles } from '../model/bundle';
import type { WorldMeasures } from './world/world';

interface Entry {
  files: Promise<BundleFiles>;
  measures: WorldMeasures | null;
}

/** One per LatentFlow (src/engine/flow-handle.ts), shared by its first start and every restart. */
export class StartCache {
  private readonly entries = new Map<string, Entry>();

  /** `judge`: fetch the bundle's judge too (a flow that never reads digits spares the download). */
  constructor(private readonly judge = true) {}

  private entry(base: string, manifold: string | null): Entry {
    const key = JSON.stringify([base, manifold]);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      const made: Entry = { files: fetchBundle(base, manifold ?? undefined, { judge: this.judge }), measures: null };
      // A failed fetch is not kept: the next start (after the file is fixed) fetches again.
      made.files.catch(() => this.entries.delete(key));
      entry = made;
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** The bundle's files under `base` for `manifold` (null: the index's default), fetched once. @internal */
  files(base: string, manifold: string | null): Promise<BundleFiles> {
    return this.entry(base, manifold).files;
  }

  /** @internal */
  measures(base: string, manifold: string | null): WorldMeasures | null {
    return this.entry(base, manifold).measures;
  }

  /** @internal */
  remember(base: string, manifold: string | null, measures: WorldMeasures): void {
    this.entry(base, manifold).measures = measures;
  }
}
