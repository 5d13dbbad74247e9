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
  /**
   * A tree-sitter parser with the Python grammar (tree-sitter-python), for code run by `python -c`
   * and the like (`core/code/`). Used only when such a command is present.
   * @throws Error on access when the parsers were loaded with `{ shell: false }`.
   */
  python: Parser;
  /**
   * A tree-sitter parser with the JavaScript grammar (tree-sitter-javascript), for code run by
   * `node -e`, `deno eval`, `bun -e` (`core/code/`).
   * @throws Error on access when the parsers were loaded with `{ shell: false }`.
   */
  javascript: Parser;
  /**
   * A tree-sitter parser with the Makefile grammar (tree-sitter-make), for the recipes `make`
   * runs (`shell/makefile.ts`). Used only when such a command is present.
   * @throws Error on access when the parsers were loaded with `{ shell: false }`.
   */
  make: Parser;
}

/** Options of {@link loadParsers}. */
export interface LoadParsersOptions {
  /**
   * Folder holding `tree-sitter.wasm`, `tree-sitter-bash.wasm`, `tree-sitter-python.wasm`,
   * `tree-sitter-javascript.wasm` and `tree-sitter-make.wasm` when running from a bundle
   * (the extension's `dist/`); by default they are resolved from `node_modules`. libpg-query
   * finds `libpg-query.wasm` beside the script that contains it (the bundle) by itself.
   */
  wasmDir?: string;
  /**
   * Whether to load tree-sitter and its grammars (bash, Python, JavaScript, Makefile; default `true`).
   * Callers that only analyze SQL (`railguard lint`) pass `false` and save compiling the wasm
   * modules; `Parsers.bash`, `.python`, `.javascript` and `.make` then throw when read.
   */
  shell?: boolean;
}

/** The tree-sitter parsers of {@link Parsers}. */
type TreeSitterParsers = Pick<Parsers, 'bash' | 'python' | 'javascript' | 'make'>;

/** A grammar's wasm: beside the bundle (`wasmDir`) or from its npm package. */
function grammarPath(wasmDir: string | undefined, pkg: string): string {
  return wasmDir ? path.join(wasmDir, `${pkg}.wasm`) : require.resolve(`${pkg}/${pkg}.wasm`);
}

/**
 * Initialises tree-sitter (compiles its wasm) and loads the bash, Python, JavaScript and Makefile
 * grammars (four more wasm modules, compiled concurrently).
 */
async function loadTreeSitter(wasmDir: string | undefined): Promise<TreeSitterParsers> {
  await Parser.init(wasmDir ? { locateFile: (name: string) => path.join(wasmDir, name) } : undefined);
  const packages = ['tree-sitter-bash', 'tree-sitter-python', 'tree-sitter-javascript', 'tree-sitter-make'];
  const [bash, python, javascript, make] = await Promise.all(
    packages.map(async (pkg) => {
      const parser = new Parser();
      parser.setLanguage(await Language.load(grammarPath(wasmDir, pkg)));
      return parser;
    }),
  );
  if (!bash || !python || !javascript || !make) throw new Error('tree-sitter grammars did not load');
  return { bash, python, javascript, make };
}

/**
 * Loads libpg-query and (unless `options.shell` is `false`) tree-sitter with its bash, Python,
 * JavaScript and Makefile grammars, concurrently.
 * @throws Error when a wasm file cannot be found or compiled (broken install).
 */
export async function loadParsers(options: LoadParsersOptions = {}): Promise<Parsers> {
  const { wasmDir, shell = true } = options;
  const [, trees] = await Promise.all([pg.loadModule(), shell ? loadTreeSitter(wasmDir) : undefined]);
  if (trees) return { pg, ...trees };
  const missing = (name: string): never => {
    throw new Error(`the ${name} parser was not loaded (loadParsers was called with { shell: false })`);
  };
  return {
    pg,
    get bash(): Parser {
      return missing('bash');
    },
    get python(): Parser {
      return missing('python');
    },
    get javascript(): Parser {
      return missing('javascript');
    },
    get make(): Parser {
      return missing('make');
    },
  };
}
