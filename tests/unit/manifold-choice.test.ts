import { describe, expect, it } from 'vitest';
import { pickManifold } from '../../src/page/manifold-choice';
import type { ManifoldIndex } from '../../src/model/manifest';
import { parseManifoldIndex } from '../../src/model/manifest';
import { parseUrlState } from '../../src/spec/url';

const index: ManifoldIndex = {
  version: 1,
  default: 'ssl-labels',
  reason: 'r',
  manifolds: [
    { id: 'ssl', recipe: 'ssl', signal: 'a', seed: 1, validation_worst: 0.9 },
    { id: 'ssl-labels', recipe: 'ssl+labels', signal: 'b', seed: 2, validation_worst: 0.96 },
  ],
};

describe('?manifold=', () => {
  it('reads the name, including ssl+labels (whose + arrives as a space)', () => {
    expect(parseUrlState('?manifold=ssl').launch.manifold).toBe('ssl');
    expect(parseUrlState('?manifold=ssl+labels').launch.manifold).toBe('ssl-labels');
    expect(parseUrlState('?manifold=ssl%2Blabels').launch.manifold).toBe('ssl-labels');
    expect(parseUrlState('').launch.manifold).toBeNull();
  });

  it('rejects a name that is not a folder name, with a notice', () => {
    const url = parseUrlState('?manifold=../../etc');
    expect(url.launch.manifold).toBeNull();
    expect(url.notices.join()).toMatch(/manifold/);
  });

  it('loads the one asked for when it is shipped, the default otherwise, saying what is shipped', () => {
    expect(pickManifold(index, null)).toEqual({ id: 'ssl-labels', notice: null });
    expect(pickManifold(index, 'ssl')).toEqual({ id: 'ssl', notice: null });
    const missing = pickManifold(index, 'plain-ae');
    expect(missing.id).toBe('ssl-labels');
    expect(missing.notice).toMatch(/plain-ae.*ssl, ssl-labels.*showing ssl-labels/);
  });

  it('refuses an index whose default is not among its manifolds', () => {
    expect(() => parseManifoldIndex(JSON.stringify({ ...index, default: 'nope' }))).toThrow(/default/);
    expect(() => parseManifoldIndex('{"version": 1, "manifolds": []}')).toThrow(/no manifolds/);
    expect(() => parseManifoldIndex('not json')).toThrow(/not valid JSON/);
  });
});
