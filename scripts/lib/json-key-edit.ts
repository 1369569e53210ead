/**
 * Edits one key of a hand-formatted JSON file as text, so every other line keeps its layout (the
 * preset files put a u schedule's keys one to a line, and people read them in diffs). Nothing is
 * parsed but the key's own value: a string or bracket inside it is skipped correctly.
 */

/** Where the value of `"key":` that starts with `{` or `[` begins and ends (end exclusive), or null. */
function valueSpan(text: string, key: string): { keyAt: number; start: number; end: number } | null {
  const keyAt = text.indexOf(`"${key}":`);
  if (keyAt < 0) return null;
  const start = text.slice(keyAt).search(/[[{]/) + keyAt;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return { keyAt, start, end: i + 1 };
    }
  }
  return null;
}

/** `text` with the object or array value of `key` replaced by `value` (as written); unchanged when the key is absent. */
export function replaceValue(text: string, key: string, value: string): string {
  const span = valueSpan(text, key);
  return span === null ? text : text.slice(0, span.start) + value + text.slice(span.end);
}

/** `text` without `key` and its object or array value, and without the comma that joined it to its neighbour. */
export function removeKey(text: string, key: string): string {
  const span = valueSpan(text, key);
  if (span === null) return text;
  const after = text.slice(span.end).match(/^\s*,/);
  if (after !== null) {
    // Not the last key: drop it with its line's indentation and the comma after it.
    const lineStart = text.lastIndexOf('\n', span.keyAt) + 1;
    const next = span.end + after[0].length;
    return text.slice(0, lineStart) + text.slice(next).replace(/^[ \t]*\n/, '');
  }
  // The last key: drop the comma before it.
  const before = text.slice(0, span.keyAt).search(/,\s*$/);
  return text.slice(0, before) + text.slice(span.end);
}
