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

/**
 * Loads libpg-query and tree-sitter-bash.
 * @throws Error when a wasm file cannot be found or compiled (broken install).
 */
export async function loadParsers(): Promise<Parsers> {
  await pg.loadModule();
  await Parser.init();
  const bashLang = await Language.load(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'));
  const bash = new Parser();
  bash.setLanguage(bashLang);
  return { pg, bash };
}
