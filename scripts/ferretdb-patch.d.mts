export declare const PATCHED_FILE: string
export declare const UPSTREAM_LINE: string
export declare const PATCHED_LINE: string
export declare function patchIdColumn(srcDir: string): void
