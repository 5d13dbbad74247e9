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
  /**
   * A tree-sitter parser with the bash grammar set.
   * @throws Error on access when the parsers were loaded with `{ shell: false }`.
   */
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
  /**
   * Whether to load tree-sitter and the bash grammar (default `true`). Callers that only analyze
   * SQL (`railguard lint`) pass `false` and save compiling two wasm modules; `Parsers.bash` then
   * throws when read.
   */
  shell?: boolean;
}

/** Initialises tree-sitter (compiles its wasm) and loads the bash grammar (a second wasm module). */
async function loadBash(wasmDir: string | undefined): Promise<Parser> {
  await Parser.init(wasmDir ? { locateFile: (name: string) => path.join(wasmDir, name) } : undefined);
  const bashLang = await Language.load(
    wasmDir
      ? path.join(wasmDir, 'tree-sitter-bash.wasm')
      : require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'),
  );
  const bash = new Parser();
  bash.setLanguage(bashLang);
  return bash;
}

/**
 * Loads libpg-query and (unless `options.shell` is `false`) tree-sitter-bash, concurrently.
 * @throws Error when a wasm file cannot be found or compiled (broken install).
 */
export async function loadParsers(options: LoadParsersOptions = {}): Promise<Parsers> {
  const { wasmDir, shell = true } = options;
  const [, bash] = await Promise.all([pg.loadModule(), shell ? loadBash(wasmDir) : undefined]);
  if (bash) return { pg, bash };
  return {
    pg,
    get bash(): Parser {
      throw new Error('the bash parser was not loaded (loadParsers was called with { shell: false })');
    },
  };
}
