export declare const FERRETDB_VERSION: string
export declare function ferretdbBinaryPath(env?: NodeJS.ProcessEnv): string
