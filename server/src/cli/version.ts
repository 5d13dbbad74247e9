import pkg from '../../../package.json';

/** The CLI version: package.json's. */
export const VERSION: string = pkg.version;
