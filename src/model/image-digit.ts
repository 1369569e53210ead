/**
 * A picture (a dropped or pasted image file, already decoded to grey levels) to a 28x28 digit:
 * the ink is whichever of dark or light is the minority (a photo of pen on paper, or a white
 * digit on black as MNIST has it), then the MNIST-style fit and centring of src/model/mnist-style.ts.
 * A picture with no digit in it is refused with a reason a person can act on.
 */
import { mnistStyle } from './mnist-style';

export class NotADigitError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotADigitError';
  }
}

/** Grey levels below this contrast (max - min) are a flat picture, not a drawing. */
const MIN_CONTRAST = 0.2;
/** Ink covering more of the picture than this is a photo or a texture, not a digit. */
const MAX_INK_SHARE = 0.45;

/** `grey`: width x height values in [0, 1] (0 black). Returns the 28x28 digit, ink 1 on paper 0. */
export function imageToDigit(grey: ArrayLike<number>, width: number, height: number): Float32Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || grey.length !== width * height) {
    throw new NotADigitError(`a ${width} x ${height} picture needs ${width * height} grey levels, got ${grey.length}`);
  }
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < grey.length; i++) {
    const v = grey[i]!;
    if (!Number.isFinite(v)) throw new NotADigitError('the picture holds values that are not numbers');
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  if (max - min < MIN_CONTRAST) throw new NotADigitError('the picture is flat (no strokes stand out from the paper)');
  // The paper is the majority: light paper means dark ink, which is turned into MNIST's white ink.
  const lightPaper = sum / grey.length > (min + max) / 2;
  const ink = new Float32Array(grey.length);
  let inked = 0;
  for (let i = 0; i < grey.length; i++) {
    const v = (grey[i]! - min) / (max - min);
    ink[i] = lightPaper ? 1 - v : v;
    if (ink[i]! > 0.5) inked++;
  }
  if (inked / ink.length > MAX_INK_SHARE) throw new NotADigitError(`ink covers ${Math.round((100 * inked) / ink.length)}% of the picture: a digit covers far less`);
  // Faint paper texture must not count as ink for the fit box: keep only clear strokes.
  for (let i = 0; i < ink.length; i++) if (ink[i]! < 0.15) ink[i] = 0;
  const digit = mnistStyle(ink, width, height);
  if (digit === null) throw new NotADigitError('no strokes were found in the picture');
  return digit;
}
