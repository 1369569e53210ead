export declare function wantsHelp(argv?: readonly string[]): boolean;
export declare function exitWithHelp(usage: string, argv?: readonly string[]): void;
