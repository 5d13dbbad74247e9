/**
 * Railguard's language server (vscode-languageserver over IPC, started by the extension):
 * pull diagnostics for SQL migrations and policy files, hovers, quick fixes and the custom
 * requests in `protocol.ts`. A thin adapter over the pure core (`server/src/core`).
 * Bundled to `dist/server.js`, with the parsers' `.wasm` files beside it.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DocumentDiagnosticReportKind,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadParsers } from '../core/parsers';
import { codeActions } from './actions';
import { toDiagnostics } from './diagnostics';
import { hoverAt } from './hover';
import { lintForUri, uriPath } from './lint-uri';
import { checkPolicyText, isPolicyFile, policyToDiagnostics, schemaValidator } from './policy-files';
import { registerRequests } from './requests';
import { SettingsCache } from './settings';
import { watchPolicies } from './watch';

/** Starts the server on a connection (IPC when started by the extension). */
export function startServer(connection: Connection, wasmDir?: string): void {
  const documents = new TextDocuments(TextDocument);
  const parsers = loadParsers(wasmDir ? { wasmDir } : {});
  parsers.catch((err: unknown) => {
    // Every lint request will fail with this error too; say it once, loudly (broken install).
    const message = `Railguard could not load its SQL parsers (${err instanceof Error ? err.message : String(err)}); migrations are not linted.`;
    connection.console.error(message);
    void connection.window.showErrorMessage(message);
  });
  const policySchema = schemaValidator();
  let supportsConfiguration = false;
  let folders: string[] = [];
  let stopWatching: (() => Promise<void>) | undefined;
  const settings = new SettingsCache(connection, () => supportsConfiguration);

  const diagnose = async (doc: TextDocument): Promise<Diagnostic[]> => {
    const file = uriPath(doc.uri);
    if (isPolicyFile(file))
      return policyToDiagnostics(checkPolicyText(doc.getText(), file, policySchema()).diagnostics);
    if (doc.languageId !== 'sql') return [];
    const result = lintForUri(await parsers, doc.getText(), doc.uri, await settings.get(doc.uri));
    return toDiagnostics(result, doc.version);
  };

  const restartWatcher = async (): Promise<void> => {
    await stopWatching?.();
    const extra = new Set<string>();
    for (const folder of folders) {
      const s = await settings.get(pathToFileURL(folder).toString());
      for (const p of s.policyPaths) extra.add(path.resolve(folder, p));
    }
    stopWatching = watchPolicies(folders, [...extra], (file) => {
      connection.console.log(`policy changed: ${file}; re-linting open documents`);
      connection.languages.diagnostics.refresh();
    });
  };

  connection.onInitialize((params) => {
    supportsConfiguration = params.capabilities.workspace?.configuration === true;
    folders = (params.workspaceFolders ?? [])
      .filter((f) => f.uri.startsWith('file:'))
      .map((f) => fileURLToPath(f.uri));
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'railguard' },
    };
  });
  connection.onInitialized(() => void restartWatcher());
  connection.onDidChangeConfiguration(() => {
    settings.clear();
    void restartWatcher();
    connection.languages.diagnostics.refresh();
  });
  documents.onDidClose((e) => settings.forget(e.document.uri));

  connection.languages.diagnostics.on(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    const items = doc ? await diagnose(doc) : [];
    return { kind: DocumentDiagnosticReportKind.Full, items };
  });
  connection.onHover(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || doc.languageId !== 'sql') return null;
    const result = lintForUri(await parsers, doc.getText(), doc.uri, await settings.get(doc.uri));
    return hoverAt(result, doc.getText(), params.position);
  });
  connection.onCodeAction((params) => codeActions(params, documents.get(params.textDocument.uri)?.version));
  registerRequests(connection, parsers, (uri) => settings.get(uri));
  connection.onShutdown(async () => {
    await stopWatching?.();
  });

  documents.listen(connection);
  connection.listen();
}

if (require.main === module) {
  startServer(createConnection(ProposedFeatures.all), process.env.RAILGUARD_WASM_DIR ?? __dirname);
}
