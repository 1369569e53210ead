/**
 * A digit from a picture: an image file dropped on the page or pasted (Ctrl/Cmd+V) goes onto the
 * draw pad, made MNIST-style (src/model/image-digit.ts). Anything else (a text file, a picture
 * that does not decode, one too large, or one with no digit in it) gets a notice saying why, and
 * the pad keeps what it had.
 */
import { imageToDigit, NotADigitError } from '../../model/image-digit';

/** Files larger than this are refused before decoding: a digit photo is far smaller. */
const MAX_BYTES = 20 * 2 ** 20;
/** The picture is read at most this many pixels a side (enough for the 20x20 fit). */
const READ_SIDE = 280;

export interface DropTarget {
  /** Shows the pad with the new digit. */
  show(digit: Float32Array): void;
  notice(text: string): void;
}

const named = (file: File) => JSON.stringify(file.name.slice(0, 60) || 'the pasted item');

/** Reads one file as a digit; the promise settles with what happened (for tests), never rejects. */
export async function readDropped(file: File, target: DropTarget): Promise<'loaded' | 'refused'> {
  const refuse = (why: string): 'refused' => {
    target.notice(`${named(file)} was not put on the pad: ${why}`);
    return 'refused';
  };
  if (!file.type.startsWith('image/')) return refuse(`it is ${file.type ? `a ${file.type} file` : 'not an image file'}, not a picture of a digit`);
  if (file.size > MAX_BYTES) return refuse(`it is ${(file.size / 2 ** 20).toFixed(0)} MB; pictures of up to ${MAX_BYTES / 2 ** 20} MB are read`);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return refuse('the picture could not be decoded (a damaged or unsupported image)');
  }
  try {
    const scale = Math.min(1, READ_SIDE / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    // Transparent pixels read as white paper, as a drawing app's transparent background means.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, height);
    ctx.drawImage(bitmap, 0, 0, width, height);
    const rgba = ctx.getImageData(0, 0, width, height).data;
    const grey = new Float32Array(width * height);
    for (let i = 0; i < grey.length; i++) grey[i] = (0.299 * rgba[i * 4]! + 0.587 * rgba[i * 4 + 1]! + 0.114 * rgba[i * 4 + 2]!) / 255;
    target.show(imageToDigit(grey, width, height));
    return 'loaded';
  } catch (e) {
    if (e instanceof NotADigitError) return refuse(e.message);
    return refuse(`reading it failed (${(e as Error).message})`);
  } finally {
    bitmap.close();
  }
}

/** Listens for drops and pastes on `root`'s window; returns the undo. */
export function acceptDroppedDigits(win: Window, target: DropTarget, onRead?: (result: Promise<'loaded' | 'refused'>) => void): () => void {
  const take = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (file === undefined) return false;
    const result = readDropped(file, target);
    onRead?.(result);
    return true;
  };
  const over = (e: DragEvent) => {
    if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
  };
  const drop = (e: DragEvent) => {
    if (take(e.dataTransfer?.files)) e.preventDefault();
  };
  const paste = (e: ClipboardEvent) => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
    if (take(e.clipboardData?.files)) e.preventDefault();
    else if (e.clipboardData?.types.includes('text/plain')) target.notice('the pasted text was not put on the pad: paste or drop a picture of a digit');
  };
  win.addEventListener('dragover', over);
  win.addEventListener('drop', drop);
  win.addEventListener('paste', paste);
  return () => {
    win.removeEventListener('dragover', over);
    win.removeEventListener('drop', drop);
    win.removeEventListener('paste', paste);
  };
}
