/**
 * ?origins=: the parent pages an embedded latentflow (?embed=1) obeys, as a comma-separated list
 * of web origins (scheme, host and port only: https://slides.example,http://localhost:8000). Each
 * entry is read through the URL parser and kept as its canonical origin, so case and a default
 * port cannot make one origin look like two. No wildcard: a page that anyone may drive is a page
 * anyone may hijack, so '*' and 'null' (sandboxed frames, file: pages) are refused by design.
 */

/** More than this is a mistake, not a deck: the list is checked on every message. */
export const MAX_ORIGINS = 16;
const MAX_ENTRY = 200;

export interface OriginList {
  /** Canonical origins, each once, in the order given. */
  origins: string[];
  /** Entries that are not an http(s) origin, cut to 40 characters, for a notice. */
  rejected: string[];
}

/** The canonical origin of `entry`, or null when it is not an http(s) origin alone. */
export function canonicalOrigin(entry: string): string | null {
  if (entry.length === 0 || entry.length > MAX_ENTRY) return null;
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // A path, query, fragment or credentials say the entry was a page's address, not an origin.
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') return null;
  if (entry.includes('?') || entry.includes('#')) return null;
  return url.origin;
}

export function parseOrigins(text: string): OriginList {
  const origins: string[] = [];
  const rejected: string[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const origin = canonicalOrigin(entry);
    if (origin === null || origins.length >= MAX_ORIGINS) rejected.push(entry.slice(0, 40));
    else if (!origins.includes(origin)) origins.push(origin);
  }
  return { origins, rejected };
}
