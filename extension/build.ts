/**
 * Bundles the extension for VS Code with esbuild:
 * - `dist/extension.js` (the client; `vscode` is provided by the extension host),
 * - `dist/server.js` (the language server with the whole core),
 * - the WebAssembly the parsers load at runtime, copied beside the bundles: `libpg-query.wasm`
 *   (found by libpg-query next to the script that contains it), `tree-sitter.wasm` and
 *   `tree-sitter-bash.wasm` (found through `loadParsers({ wasmDir })`).
 * Usage: `node --import tsx extension/build.ts [--production]` (`--production` minifies, no sourcemaps).
 */
import { build } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

/** `.wasm` files the server bundle needs, as module-relative paths. */
export const WASM_FILES: readonly string[] = [
  'libpg-query/wasm/libpg-query.wasm',
  'web-tree-sitter/tree-sitter.wasm',
  'tree-sitter-bash/tree-sitter-bash.wasm',
];

async function main(): Promise<void> {
  const production = process.argv.includes('--production');
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: production,
    sourcemap: !production,
    logLevel: 'warning',
  } as const;
  await Promise.all([
    build({
      ...common,
      entryPoints: [path.join(ROOT, 'extension/src/extension.ts')],
      outfile: path.join(DIST, 'extension.js'),
      external: ['vscode'],
    }),
    build({
      ...common,
      entryPoints: [path.join(ROOT, 'server/src/lsp/server.ts')],
      outfile: path.join(DIST, 'server.js'),
      external: ['tree-sitter-bash/tree-sitter-bash.wasm'],
      // web-tree-sitter's ESM build reads `import.meta.url` (empty in a CommonJS bundle): give it
      // the bundle's own URL, so it resolves `tree-sitter.wasm` and `require` beside dist/server.js.
      define: { 'import.meta.url': '__bundleUrl' },
      banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    }),
  ]);
  for (const rel of WASM_FILES) {
    fs.copyFileSync(require.resolve(rel), path.join(DIST, path.basename(rel)));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
