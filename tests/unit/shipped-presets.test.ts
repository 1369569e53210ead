/**
 * The preset and talk files the project ships, read from assets/ in Node: each loads with no
 * notice at all (a typo in a field would otherwise only show up as a notice on stage), every talk
 * step names a shipped preset, and the panel's index lists exactly the shipped files.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePreset, parsePresetIndex, parseTalk, presetView } from '../../src/page/present/presets';
import { modeSearch } from '../../src/page/present/preset-panel';
import { REPO_ROOT } from '../../harness/browser/server';
import { decodeRotationView } from '../../src/spec/rotation-view';

const PRESETS = join(REPO_ROOT, 'assets', 'presets');
const TALKS = join(REPO_ROOT, 'assets', 'talks');
const names = (dir: string, except: string[] = []) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .filter((n) => !except.includes(n))
    .sort();
const json = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

describe('shipped presets and talks', () => {
  const presets = names(PRESETS, ['index']);

  it.each(presets)('preset %s loads with no notice', (name) => {
    const { preset, notices } = parsePreset(name, json(join(PRESETS, `${name}.json`)));
    expect(notices).toEqual([]);
    expect(preset!.title).not.toBe(name);
    const view = preset!.scene === 'rotation' ? decodeRotationView(preset!.view) : presetView(preset!);
    expect(view.notices).toEqual([]);
  });

  it.each(names(TALKS))('talk %s names only shipped presets', (name) => {
    const { talk, notices } = parseTalk(name, json(join(TALKS, `${name}.json`)));
    expect(notices).toEqual([]);
    for (const step of talk!.steps) expect(presets).toContain(step.preset);
  });

  it('the panel index lists exactly the shipped presets and talks', () => {
    const { index, notices } = parsePresetIndex(json(join(PRESETS, 'index.json')));
    expect(notices).toEqual([]);
    expect([...index.presets].sort()).toEqual(presets);
    expect([...index.talks].sort()).toEqual(names(TALKS));
  });

  it('an index with bad entries keeps the good ones and says so', () => {
    const { index, notices } = parsePresetIndex({ presets: ['map', '../etc', 3], talks: 'gallery' });
    expect(index).toEqual({ presets: ['map'], talks: [] });
    expect(notices).toEqual([expect.stringMatching(/2 presets entries/), expect.stringMatching(/no "talks" list/)]);
  });
});

describe('mode links from the panel', () => {
  it('keeps launch parameters and replaces the mode', () => {
    expect(modeSearch('?backend=webgl&preset=map&particles=5000', { talk: 'latent-dynamics' })).toBe('?backend=webgl&particles=5000&talk=latent-dynamics');
    expect(modeSearch('?talk=latent-dynamics&dwell=5', { autopilot: '' })).toBe('?autopilot');
    expect(modeSearch('', { autopilot: 'latent-dynamics' })).toBe('?autopilot=latent-dynamics');
  });
});
