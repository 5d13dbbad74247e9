/**
 * Language-server latency on the LARGEST corpus migration file, through the real server bundle
 * (`dist/server.js`, built here with `extension/build.ts`) over a real JSON-RPC connection: the
 * server runs as a child process over Node IPC (`--node-ipc`, as the extension starts it) and
 * this client speaks LSP to it (`initialize`, `textDocument/didOpen`, pull diagnostics
 * `textDocument/diagnostic`, incremental `textDocument/didChange`).
 *
 * Reported (milliseconds, `{ n, p50, p99, max }`):
 * - `firstDiagnostics`: didOpen ⇒ first diagnostic report (parsers warm after `initialize`).
 * - `diagnostics`: a pull for the unchanged open document (the server lints and judges each pull:
 *   it keeps no result cache).
 * - `editAndRediagnose`: an incremental edit (insert / remove one statement at the top) ⇒ the
 *   pull for the new version.
 * The client's own JSON-RPC work is included (that is what the editor waits for).
 */
import { spawnSync, fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  IPCMessageWriter,
  ShutdownRequest,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type MessageConnection,
} from 'vscode-languageserver/node';
import { CORPUS } from '../helpers/parsers';
import { summary } from './stats';

const ROOT = path.resolve(__dirname, '../..');
const RUNS = 50;
const WARMUP = 5;

/** The largest `*.sql` file under `dir` (by bytes). */
export function largestSqlFile(dir: string): { file: string; bytes: number } {
  let best = { file: '', bytes: -1 };
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.toLowerCase().endsWith('.sql')) {
        const bytes = fs.statSync(p).size;
        if (bytes > best.bytes) best = { file: p, bytes };
      }
    }
  };
  walk(dir);
  if (best.bytes < 0) throw new Error(`no .sql file under ${dir}`);
  return best;
}

function items(report: DocumentDiagnosticReport): Diagnostic[] {
  return report.kind === 'full' ? report.items : [];
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
}

export async function run(): Promise<Record<string, unknown>> {
  const built = spawnSync(process.execPath, ['--import', 'tsx', 'extension/build.ts', '--production'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('building dist/server.js failed');
  const { file, bytes } = largestSqlFile(path.join(CORPUS, 'migrations'));
  const text = fs.readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).toString();

  const child = fork(path.join(ROOT, 'dist', 'server.js'), ['--node-ipc'], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const conn: MessageConnection = createMessageConnection(
    new IPCMessageReader(child),
    new IPCMessageWriter(child),
  );
  conn.listen();
  try {
    const init = await timed(() =>
      conn.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        workspaceFolders: null,
        capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } },
      }),
    );
    await conn.sendNotification(InitializedNotification.type, {});
    const pull = (): Promise<DocumentDiagnosticReport> =>
      conn.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });

    const first = await timed(async () => {
      await conn.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'sql', version: 1, text },
      });
      return pull();
    });
    const diagnosticsCount = items(first.value).length;
    if (diagnosticsCount === 0) throw new Error(`no diagnostics for ${file}: the server did not lint it`);

    for (let i = 0; i < WARMUP; i++) await pull();
    const steady: number[] = [];
    for (let i = 0; i < RUNS; i++) steady.push((await timed(pull)).ms);

    const statement = 'ALTER TABLE bench_edit ADD COLUMN c integer NOT NULL;\n';
    let version = 1;
    const edit = async (): Promise<number> => {
      version++;
      const inserting = version % 2 === 0;
      await conn.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [
          inserting
            ? { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: statement }
            : { range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' },
        ],
      });
      return items(await pull()).length;
    };
    for (let i = 0; i < WARMUP; i++) await edit();
    const edits: number[] = [];
    let changed = 0;
    for (let i = 0; i < RUNS; i++) {
      const r = await timed(edit);
      edits.push(r.ms);
      if (r.value !== diagnosticsCount) changed++;
    }
    if (changed === 0) throw new Error('edits never changed the diagnostics: the server did not re-lint');

    await conn.sendRequest(ShutdownRequest.type);
    await conn.sendNotification(ExitNotification.type);
    return {
      file: path.relative(CORPUS, file),
      bytes,
      lines: text.split('\n').length,
      diagnosticsReported: diagnosticsCount,
      transport: 'node-ipc, dist/server.js (production bundle)',
      initializeMs: Number(init.ms.toFixed(3)),
      firstDiagnostics: summary([first.ms]),
      diagnostics: summary(steady),
      editAndRediagnose: summary(edits),
    };
  } finally {
    conn.dispose();
    child.kill();
  }
}
