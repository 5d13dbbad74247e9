/**
 * Bundles the extension for VS Code with esbuild:
 * - `dist/extension.js` (the client; `vscode` is provided by the extension host),
 * - `dist/server.js` (the language server with the whole core),
 * - `dist/railguard-cli.js` (the `railguard` CLI, self-contained: every dependency bundled, unlike
 *   `npm run build`'s `dist/railguard.js`, which needs `node_modules`; the extension's agent hooks
 *   fall back to it when the daemon cannot answer),
 * - the WebAssembly the parsers load at runtime, copied beside the bundles: `libpg-query.wasm`
 *   (found by libpg-query next to the script that contains it), `tree-sitter.wasm`,
 *   `tree-sitter-bash.wasm`, `tree-sitter-python.wasm`, `tree-sitter-javascript.wasm` and
 *   `tree-sitter-make.wasm` (found through `loadParsers({ wasmDir })`).
 * Usage: `node --import tsx extension/build.ts [--production] [--outdir DIR]` (`--production`
 * minifies, no sourcemaps; `--outdir` writes somewhere else than `dist/`, e.g. a test's temp folder).
 */
import { build, type BuildOptions } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CLI_BUNDLE } from '../server/src/hooks/install';

const ROOT = path.resolve(__dirname, '..');

/** `.wasm` files the server and CLI bundles need, as module-relative paths. */
export const WASM_FILES: readonly string[] = [
  'libpg-query/wasm/libpg-query.wasm',
  'web-tree-sitter/tree-sitter.wasm',
  'tree-sitter-bash/tree-sitter-bash.wasm',
  'tree-sitter-python/tree-sitter-python.wasm',
  'tree-sitter-javascript/tree-sitter-javascript.wasm',
  'tree-sitter-make/tree-sitter-make.wasm',
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { production: { type: 'boolean', default: false }, outdir: { type: 'string' } },
  });
  const production = values.production ?? false;
  const dist = path.resolve(values.outdir ?? path.join(ROOT, 'dist'));
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: production,
    sourcemap: !production,
    logLevel: 'warning',
  };
  /** Bundles running the engine: the wasm is beside them, not in `node_modules`. */
  const engine: BuildOptions = {
    ...common,
    external: [
      'tree-sitter-bash/tree-sitter-bash.wasm',
      'tree-sitter-python/tree-sitter-python.wasm',
      'tree-sitter-javascript/tree-sitter-javascript.wasm',
      'tree-sitter-make/tree-sitter-make.wasm',
    ],
    // web-tree-sitter's ESM build reads `import.meta.url` (empty in a CommonJS bundle): give it
    // the bundle's own URL, so it resolves `tree-sitter.wasm` and `require` beside the bundle.
    define: { 'import.meta.url': '__bundleUrl' },
    banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    // jsonc-parser's `main` is a UMD module that loads its parts through a `require` esbuild cannot
    // follow; its ES module build bundles.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: [path.join(ROOT, 'extension/src/extension.ts')],
      outfile: path.join(dist, 'extension.js'),
      external: ['vscode'],
    }),
    build({
      ...engine,
      entryPoints: [path.join(ROOT, 'server/src/lsp/server.ts')],
      outfile: path.join(dist, 'server.js'),
    }),
    build({
      ...engine,
      entryPoints: [path.join(ROOT, 'server/src/cli/main.ts')],
      outfile: path.join(dist, CLI_BUNDLE),
    }),
  ]);
  for (const rel of WASM_FILES) {
    fs.copyFileSync(require.resolve(rel), path.join(dist, path.basename(rel)));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
