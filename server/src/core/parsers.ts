import * as path from 'node:path';
import * as pg from 'libpg-query';
import { Language, Parser } from 'web-tree-sitter';

/**
 * The loaded parsers. Loading compiles WebAssembly (libpg-query's PostgreSQL parser, tree-sitter
 * and its bash grammar), so it is async and done once per process; everything after it is
 * synchronous. Pass the object to the analyzers.
 */
export interface Parsers {
  /** libpg-query after `loadModule()`: use its `*Sync` functions. */
  pg: typeof pg;
  /** A tree-sitter parser with the bash grammar set. */
  bash: Parser;
}

/** Options of {@link loadParsers}. */
export interface LoadParsersOptions {
  /**
   * Folder holding `tree-sitter.wasm` and `tree-sitter-bash.wasm` when running from a bundle
   * (the extension's `dist/`); by default they are resolved from `node_modules`. libpg-query
   * finds `libpg-query.wasm` beside the script that contains it (the bundle) by itself.
   */
  wasmDir?: string;
}

/**
 * Loads libpg-query and tree-sitter-bash.
 * @throws Error when a wasm file cannot be found or compiled (broken install).
 */
export async function loadParsers(options: LoadParsersOptions = {}): Promise<Parsers> {
  const { wasmDir } = options;
  await pg.loadModule();
  await Parser.init(wasmDir ? { locateFile: (name: string) => path.join(wasmDir, name) } : undefined);
  const bashLang = await Language.load(
    wasmDir ? path.join(wasmDir, 'tree-sitter-bash.wasm') : require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'),
  );
  const bash = new Parser();
  bash.setLanguage(bashLang);
  return { pg, bash };
}
