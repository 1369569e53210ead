/**
 * The manifest contract as a valibot schema (docs/models.md, "Bring your own model"): what a
 * manifest.json must hold for the page, createLatentFlow and the Node tools to load a bundle, and
 * one message that names every bad field with its path and what was expected.
 *
 * Two levels: BUNDLE_SCHEMA is what any bundle needs (the networks, the digits, the latent size;
 * a projector and a map are optional), TRAINED_SCHEMA adds what `npm run train` records and the
 * Node tools read (recipe, seed, config, projector, map). Both keep unknown fields (looseObject):
 * a manifest may carry notes of its own.
 */
import * as v from 'valibot';
import type { ManifestIssue } from './manifest-issue';

/** Manifold names are folder names under models/ and ?manifold= values: letters, digits, - and _. */
export const MANIFOLD_NAME = /^[A-Za-z0-9_-]{1,64}$/;

// Every schema carries its message ("expected ..."): an issue quotes it, and a missing field is
// described by the message of the schema it lacks (see `expectation`).
const text = (what = 'a string') => v.string(`expected ${what}`);
const path = () => v.pipe(text('a path (a string)'), v.minLength(1, 'expected a non-empty path'));
const integer = (min: number, max?: number) => {
  const what = max === undefined ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
  return v.pipe(v.number(`expected ${what}`), v.integer(`expected ${what}`), v.minValue(min, `expected ${what}`), v.maxValue(max ?? Infinity, `expected ${what}`));
};
const finite = () => v.pipe(v.number('expected a number'), v.finite('expected a finite number'));
const object = <T extends v.ObjectEntries>(entries: T, what = 'an object') => v.looseObject(entries, `expected ${what}`);
const list = <T extends v.GenericSchema>(item: T, what: string) => v.array(item, `expected ${what}`);

const network = (what: string) => object({ path: path(), parameters: v.optional(integer(0)) }, `{"path": "<folder holding model.json>"} (the ${what})`);

const digits = object(
  {
    file: path(),
    count: integer(1),
    labels: list(integer(0, 9), 'an array of digit labels 0-9'),
    indices: v.optional(list(integer(0), 'an array of indices')),
    latents: v.optional(path()),
  },
  'an object ({"file", "count", "labels"})',
);

const map = object(
  {
    count: integer(1),
    positions: path(),
    labels: path(),
    heldOutPositions: path(),
  },
  'an object ({"count", "positions", "labels", "heldOutPositions"})',
);

const BUNDLE_ENTRIES = {
  version: v.literal(2, 'expected 2 (the manifest format this page reads)'),
  manifold: v.pipe(text('a name'), v.regex(MANIFOLD_NAME, 'expected a name of letters, digits, - and _ (at most 64)')),
  recipe: v.optional(text()),
  signal: v.optional(text()),
  seed: v.optional(integer(0)),
  latent_dim: v.optional(integer(2)),
  config: v.optional(object({ autoencoder: v.optional(object({ latentDim: v.optional(integer(2)) })) })),
  models: object(
    {
      encoder: network('encoder, 28x28x1 image -> latent'),
      decoder: network('decoder, latent -> 28x28x1 image'),
      dynamics: network('dynamics, [latent, u] -> velocity'),
      projector: v.optional(network('projector, latent -> 3D map position')),
    },
    'an object ({"encoder", "decoder", "dynamics"} and optionally "projector")',
  ),
  judge: v.optional(object({ path: path() }, '{"path": "<folder holding model.json>"} (the judge, 28x28x1 image -> 10 logits)')),
  digits: object({ training: digits, heldOut: digits }, 'an object ({"training", "heldOut"})'),
  map: v.optional(map),
};

export const BUNDLE_SCHEMA = object(BUNDLE_ENTRIES, 'a JSON object');

const TRAINED_MAP = object({ ...map.entries, normalisation: object({ centre: list(finite(), 'an array of 3 numbers'), scale: finite() }) }, 'an object (the map)');
const trainedNetworks = (projector: v.GenericSchema) =>
  object(
    {
      encoder: network('encoder'),
      decoder: network('decoder'),
      dynamics: network('dynamics'),
      projector,
    },
    'an object ({"encoder", "decoder", "dynamics", "projector"})',
  );
const TRAINED_ENTRIES = {
  ...BUNDLE_ENTRIES,
  recipe: text('a recipe name'),
  signal: text(),
  seed: integer(0),
  created: text('a date (a string)'),
  config: object({ autoencoder: object({ latentDim: integer(2) }, 'an object ({"latentDim"})') }, 'the training config (an object)'),
  dynamics_stages: list(object({}), 'an array of stages'),
};

/**
 * A trained seed's seed.json: what `npm run train` records. Only the seed a manifold ships gets a
 * map and its projector (the map is half a pipeline's time and only the shipped one is shown).
 */
export const SEED_SCHEMA = object(
  { ...TRAINED_ENTRIES, models: trainedNetworks(v.optional(network('projector'))), map: v.optional(TRAINED_MAP) },
  'a JSON object',
);

/** A manifold's manifest.json, written from its shipped seed, and what the Node tools read. */
export const TRAINED_SCHEMA = object({ ...TRAINED_ENTRIES, models: trainedNetworks(network('projector')), map: TRAINED_MAP }, 'a JSON object');

/**
 * assets/models/index.json (and a bundle's own models/index.json): the manifolds it holds and the
 * default. The page reads only the ids and the default; the rest is for people and the panel.
 */
export const INDEX_SCHEMA = object(
  {
    version: v.literal(1, 'expected 1 (the index format this page reads)'),
    default: v.pipe(text('a manifold name'), v.regex(MANIFOLD_NAME, 'expected a name of letters, digits, - and _ (at most 64)')),
    reason: v.optional(text()),
    grounding: v.optional(text('a manifold name')),
    manifolds: v.pipe(
      list(
        object(
          {
            id: v.pipe(text('a manifold name'), v.regex(MANIFOLD_NAME, 'expected a name of letters, digits, - and _ (at most 64)')),
            recipe: v.optional(text()),
            signal: v.optional(text()),
            seed: v.optional(integer(0)),
            validation_worst: v.optional(finite()),
          },
          'an object ({"id", ...})',
        ),
        'an array of manifolds ({"id", ...})',
      ),
      v.minLength(1, 'expected at least one manifold (it lists no manifolds)'),
    ),
  },
  'a JSON object',
);

/** The index's default among its manifolds, checked once both are well formed. */
export function indexCrossIssues(index: unknown): ManifestIssue[] {
  const manifolds = field(index, 'manifolds');
  const chosen = field(index, 'default');
  if (!Array.isArray(manifolds) || typeof chosen !== 'string') return [];
  const ids = manifolds.map((m) => field(m, 'id')).filter((id): id is string => typeof id === 'string');
  return ids.length > 0 && !ids.includes(chosen) ? [{ path: 'default', message: `"${chosen}" is not among its manifolds (${ids.join(', ')})` }] : [];
}

/** A short, readable rendering of a bad value. */
function shown(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 40 ? `${json.slice(0, 37)}...` : json;
}

/** The schema at `keys` under `schema`, through optional wrappers, pipes, objects and arrays. */
function schemaAt(schema: v.GenericSchema, keys: readonly (string | number)[]): v.GenericSchema | null {
  let at: v.GenericSchema | null = schema;
  const unwrap = (s: v.GenericSchema): v.GenericSchema => {
    const any = s as unknown as { wrapped?: v.GenericSchema; pipe?: readonly v.GenericSchema[] };
    if (any.wrapped) return unwrap(any.wrapped);
    if (any.pipe) return unwrap(any.pipe[0]!);
    return s;
  };
  for (const key of keys) {
    if (at === null) return null;
    const inner = unwrap(at) as unknown as { entries?: Record<string, v.GenericSchema>; item?: v.GenericSchema };
    at = (typeof key === 'number' ? inner.item : inner.entries?.[key]) ?? null;
  }
  return at;
}

/** What a schema expects, in words: its own message (all ours start "expected"). */
function expectation(schema: v.GenericSchema | null): string {
  let s = schema as unknown as { message?: unknown; wrapped?: unknown; pipe?: readonly unknown[] } | null;
  while (s && typeof s.message !== 'string') s = (s.wrapped ?? s.pipe?.[0] ?? null) as typeof s;
  return typeof s?.message === 'string' ? s.message : 'expected a value';
}

function keysOf(issue: v.BaseIssue<unknown>): (string | number)[] {
  return (issue.path ?? []).map((item) => item.key as string | number);
}

const dotted = (keys: readonly (string | number)[]) => keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i > 0 ? '.' : ''}${k}`)).join('');

/**
 * The schema's issues as one per field: a missing field says what it should hold, a wrong one
 * what it holds; the items of one array share an entry (the first bad one and how many more).
 */
export function schemaIssues(schema: v.GenericSchema, input: unknown): ManifestIssue[] {
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (result.success) return [];
  const grouped = new Map<string, { issue: ManifestIssue; more: number }>();
  for (const issue of result.issues) {
    const keys = keysOf(issue);
    const missing = issue.kind === 'schema' && issue.input === undefined && keys.length > 0;
    const message = missing ? `missing, ${expectation(schemaAt(schema, keys))}` : `${issue.message}, got ${shown(issue.input)}`;
    const group = keys.map((k) => (typeof k === 'number' ? '[]' : k)).join('.');
    const known = grouped.get(group);
    if (known) known.more++;
    else grouped.set(group, { issue: { path: dotted(keys), message }, more: 0 });
  }
  return [...grouped.values()].map(({ issue, more }) => (more === 0 ? issue : { ...issue, message: `${issue.message} (and ${more} more item${more > 1 ? 's' : ''})` }));
}

const isInteger = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);
const field = (value: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((at, k) => (at !== null && typeof at === 'object' && !Array.isArray(at) ? (at as Record<string, unknown>)[k] : undefined), value);

/**
 * What no single field's schema can say: the latent size is declared (latent_dim, or an older
 * manifest's config.autoencoder.latentDim) and both agree; each label list is as long as its
 * count; a map comes with the projector that places new latents on it. Each check runs only when
 * the fields it reads are well formed, so no field is named twice.
 */
export function crossFieldIssues(m: unknown): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  const declared = field(m, 'latent_dim');
  const configured = field(m, 'config', 'autoencoder', 'latentDim');
  if (declared === undefined && configured === undefined) issues.push({ path: 'latent_dim', message: 'missing, expected an integer >= 2 (the latent size: the encoder\'s output width)' });
  else if (isInteger(declared) && isInteger(configured) && declared !== configured) {
    issues.push({ path: 'latent_dim', message: `is ${declared} but config.autoencoder.latentDim is ${configured}` });
  }
  for (const split of ['training', 'heldOut']) {
    const count = field(m, 'digits', split, 'count');
    const labels = field(m, 'digits', split, 'labels');
    if (isInteger(count) && count >= 1 && Array.isArray(labels) && labels.length !== count) {
      issues.push({ path: `digits.${split}.labels`, message: `expected ${count} labels (digits.${split}.count), got ${labels.length}` });
    }
  }
  const mapGiven = field(m, 'map');
  const models = field(m, 'models');
  if (mapGiven !== undefined && models !== null && typeof models === 'object' && field(models, 'projector') === undefined) {
    issues.push({ path: 'models.projector', message: 'missing, expected one with a map (the projector places new latents on it; drop "map" and the page makes both)' });
  }
  return issues;
}

/** Every issue of `input` against `schema`, one per field, in one list (`cross`: the checks across fields). */
export function manifestIssues(schema: v.GenericSchema, input: unknown, cross: (input: unknown) => ManifestIssue[] = crossFieldIssues): ManifestIssue[] {
  const own = schemaIssues(schema, input);
  const named = new Set(own.map((i) => i.path));
  return [...own, ...cross(input).filter((i) => !named.has(i.path))];
}
