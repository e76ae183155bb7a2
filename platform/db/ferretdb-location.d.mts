export declare const FERRETDB_VERSION: string
export declare const FERRETDB_PATCH_ID: string
export declare const FERRETDB_BUILD: string
export declare function ferretdbBinaryPath(env?: NodeJS.ProcessEnv): string
