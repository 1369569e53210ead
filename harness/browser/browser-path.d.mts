export declare const BROWSER_PATHS: readonly string[];
export declare function findBrowser(env?: Record<string, string | undefined>): string | null;
