/** Hands a file to the browser's download (the page has no file system access to ask for). */

/** `latentflow-<stem>-20250131-142501.<extension>`, in local time, safe on every file system. */
export function fileName(stem: string, extension: string, when = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${when.getFullYear()}${two(when.getMonth() + 1)}${two(when.getDate())}-${two(when.getHours())}${two(when.getMinutes())}${two(when.getSeconds())}`;
  const safeStem = stem.replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '');
  return `latentflow-${safeStem ? `${safeStem}-` : ''}${stamp}.${extension}`;
}

/** Revoking at once can cancel the download in some browsers: give it a minute. */
const REVOKE_AFTER_MS = 60_000;

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
