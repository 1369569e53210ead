/**
 * The draw pad's digit in a URL: 784 pixels quantised to bytes and written as base64url (1,046
 * characters), so a link or a preset carries the very probe it was made with. Pure, no DOM.
 */
const PIXELS = 784;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** The length of an encoded digit: 784 bytes in groups of 3 make 261 groups and 1 byte over. */
export const PROBE_CODE_LENGTH = Math.floor(PIXELS / 3) * 4 + 2;
export const PROBE_CODE_PATTERN = new RegExp(`^[A-Za-z0-9_-]{${PROBE_CODE_LENGTH}}$`);

export function encodeProbeImage(image: Float32Array): string {
  if (image.length !== PIXELS) throw new RangeError(`a probe image has ${PIXELS} pixels, got ${image.length}`);
  const bytes = Uint8Array.from(image, (v) => Math.round(Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0)) * 255));
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1] ?? 0, bytes[i + 2] ?? 0];
    const n = (a << 16) | (b << 8) | c;
    const chars = [ALPHABET[(n >> 18) & 63], ALPHABET[(n >> 12) & 63], ALPHABET[(n >> 6) & 63], ALPHABET[n & 63]];
    out += chars.slice(0, Math.min(4, bytes.length - i + 1)).join('');
  }
  return out;
}

/** The image a code holds, or null when the text is not a code of this length and alphabet. */
export function decodeProbeImage(code: string): Float32Array | null {
  if (!PROBE_CODE_PATTERN.test(code)) return null;
  const out = new Float32Array(PIXELS);
  let p = 0;
  for (let i = 0; i < code.length; i += 4) {
    const group = code.slice(i, i + 4);
    let n = 0;
    for (let k = 0; k < 4; k++) n = (n << 6) | (k < group.length ? ALPHABET.indexOf(group[k]!) : 0);
    for (const byte of [(n >> 16) & 255, (n >> 8) & 255, n & 255]) if (p < PIXELS) out[p++] = byte / 255;
  }
  return out;
}
