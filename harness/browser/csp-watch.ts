/**
 * What a page did against its content security policy: every `securitypolicyviolation` event and
 * every request to another origin. Install before the page's first navigation.
 */
import type { Page } from 'playwright-core';

export interface CspWatch {
  violations(): Promise<string[]>;
  /** Requests whose origin is not `origin` (data: and blob: URLs are the page's own). */
  foreign(): string[];
  requests(): number;
}

export async function watchCsp(page: Page, origin: string): Promise<CspWatch> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const foreign: string[] = [];
  let count = 0;
  page.on('request', (request) => {
    count++;
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) foreign.push(url);
  });
  return {
    violations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.slice()),
    foreign: () => foreign.slice(),
    requests: () => count,
  };
}
