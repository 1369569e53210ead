/**
 * One bad field of a manifest, and how a list of them reads: apart from the valibot schema
 * (manifest-schema.ts), so that ManifestError's declaration, which sketches see, names no valibot.
 */

/** One bad field: its dotted path ('' for the whole file) and what is wrong with it. */
export interface ManifestIssue {
  path: string;
  message: string;
}

/** `path: message; path: message` (a whole-file issue has no path). */
export function formatIssues(issues: readonly ManifestIssue[]): string {
  return issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ');
}
