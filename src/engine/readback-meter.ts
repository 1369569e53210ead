/**
 * Counts every GPU -> CPU transfer the page makes, by wrapping the browser calls that can do one
 * (GPUBuffer.mapAsync for reading; WebGL2 readPixels and getBufferSubData). Installed before any
 * GPU work, so "0 bytes read back last frame" is measured, not assumed.
 */
export class ReadbackMeter {
  private total = 0;
  private frameStart = 0;
  private lastFrame = 0;

  /** Bytes read back since the page started. */
  get totalBytes(): number {
    return this.total;
  }

  /** Bytes read back between the start of the last frame and the start of this one. */
  get lastFrameBytes(): number {
    return this.lastFrame;
  }

  /** Bytes read back since the current frame began (the frame's own work so far). */
  get currentFrameBytes(): number {
    return this.total - this.frameStart;
  }

  beginFrame(): void {
    this.lastFrame = this.total - this.frameStart;
    this.frameStart = this.total;
  }

  install(): void {
    const add = (n: number) => {
      this.total += n;
    };
    if (typeof GPUBuffer !== 'undefined') {
      const mapAsync = GPUBuffer.prototype.mapAsync;
      GPUBuffer.prototype.mapAsync = function (this: GPUBuffer, mode: number, offset?: number, size?: number) {
        if ((mode & GPUMapMode.READ) !== 0) add(size ?? this.size - (offset ?? 0));
        return mapAsync.call(this, mode, offset, size);
      };
    }
    if (typeof WebGL2RenderingContext === 'undefined') return;
    const gl2 = WebGL2RenderingContext.prototype;
    const readPixels = gl2.readPixels;
    // readPixels has many overloads; the wrapper reads only the size arguments and forwards the
    // rest untouched (typing every overload would add nothing).
    gl2.readPixels = function (this: WebGL2RenderingContext, ...args: unknown[]) {
      const [, , width, height, , type] = args as number[];
      // A readPixels into a bound PIXEL_PACK_BUFFER stays on the GPU; getBufferSubData reads it.
      if (this.getParameter(this.PIXEL_PACK_BUFFER_BINDING) === null) add(width! * height! * 4 * (type === this.FLOAT ? 4 : 1));
      return (readPixels as (...a: unknown[]) => void).apply(this, args);
    } as typeof gl2.readPixels;
    const getBufferSubData = gl2.getBufferSubData;
    gl2.getBufferSubData = function (this: WebGL2RenderingContext, target: number, offset: number, dst: ArrayBufferView, ...rest: number[]) {
      add(dst.byteLength);
      return (getBufferSubData as (...a: unknown[]) => void).call(this, target, offset, dst, ...rest);
    } as typeof gl2.getBufferSubData;
  }
}

let shared: ReadbackMeter | undefined;

/** The one meter of this page, installed on first use (before the first engine's GPU work). */
export function sharedReadbackMeter(): ReadbackMeter {
  if (shared === undefined) {
    shared = new ReadbackMeter();
    shared.install();
  }
  return shared;
}
