export declare function pinnedVersion(): string;
export declare function cacheRoot(): string;
export declare function binaryPath(): string;
export declare function ensureFerretdbBinary(options?: { log?: (message: string) => void }): string;
