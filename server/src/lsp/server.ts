/**
 * Railguard's language server (vscode-languageserver over IPC, started by the extension):
 * pull diagnostics for SQL migrations and policy files, hovers, quick fixes and the custom
 * requests in `protocol.ts`. A thin adapter over the pure core (`server/src/core`).
 * Bundled to `dist/server.js`, with the parsers' `.wasm` files beside it.
 */
import * as fs from 'node:fs';
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
import { attachDecisionHost } from './decision-host';
import { decisionsByEnvironment, PolicySets } from './decisions';
import { toDiagnostics } from './diagnostics';
import { hoverAt } from './hover';
import { lintForUri, uriPath } from './lint-uri';
import { checkPolicyText, isPolicyFile, policyToDiagnostics, schemaValidator } from './policy-files';
import { policyTestDiagnostics } from './policy-tests';
import { POLICY_STATUS_METHOD, type PolicyStatusParams } from './protocol';
import { railguardConfigDir } from '../runtime/config-dir';
import { registerRequests } from './requests';
import { SettingsCache } from './settings';
import { actorPhrase, DEFAULT_ACTOR, judgeFindings, parseActorSetting } from './severity';
import { watchPolicies } from '../runtime/watch';

/** Where the server finds its files when bundled: wasm beside it, built-in policies in `../policies`. */
export interface ServerPaths {
  wasmDir?: string;
  builtinPoliciesDir: string;
}

/** Starts the server on a connection (IPC when started by the extension). */
export function startServer(connection: Connection, paths: ServerPaths): void {
  const { wasmDir } = paths;
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
  let trusted = false;
  const policySets = new PolicySets(paths.builtinPoliciesDir, () => trusted);
  let folders: string[] = [];
  let stopWatching: (() => Promise<void>) | undefined;
  const settings = new SettingsCache(connection, () => supportsConfiguration);
  // The daemon's decision endpoint and the editor's approval UI (`decision-host.ts`).
  const decisionHost = attachDecisionHost(connection, parsers);

  const folderOf = (uri: string): string | undefined => {
    const file = uriPath(uri);
    return folders.filter((f) => file.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0];
  };

  /** Policy file: load problems, then (when it loads) its failing embedded tests. */
  const diagnosePolicy = async (doc: TextDocument, file: string): Promise<Diagnostic[]> => {
    const text = doc.getText();
    const loaded = checkPolicyText(text, file, policySchema());
    const out = policyToDiagnostics(loaded.diagnostics);
    if (loaded.policy && loaded.policy.tests.length > 0) {
      const s = await settings.get(doc.uri);
      const set = policySets.get(folderOf(doc.uri), s.policyPaths);
      out.push(...policyTestDiagnostics(await parsers, set, loaded.policy, text.split('\n')));
    }
    return out;
  };

  /** SQL: lint, then ONE policy evaluation of all findings for the severities (`severity.ts`). */
  const diagnose = async (doc: TextDocument): Promise<Diagnostic[]> => {
    const file = uriPath(doc.uri);
    if (isPolicyFile(file)) return diagnosePolicy(doc, file);
    if (doc.languageId !== 'sql') return [];
    const s = await settings.get(doc.uri);
    const text = doc.getText();
    const result = lintForUri(await parsers, text, doc.uri, s);
    const set = policySets.get(folderOf(doc.uri), s.policyPaths);
    const judgement = judgeFindings(
      set,
      result.findings.map((l) => l.finding),
      { environment: s.environment, actor: s.actor, text },
    );
    for (const problem of judgement.problems) connection.console.warn(problem);
    return toDiagnostics(result, doc.version, judgement);
  };

  /** Tells the client which policy files are broken or unapproved (status bar, trust command). */
  const sendPolicyStatus = async (): Promise<void> => {
    const problems: PolicyStatusParams['problems'] = [];
    const seen = new Set<string>();
    for (const folder of folders) {
      const s = await settings.get(pathToFileURL(folder).toString());
      for (const p of policySets.get(folder, s.policyPaths).problems ?? []) {
        if (seen.has(`${p.kind}:${p.file}`)) continue;
        seen.add(`${p.kind}:${p.file}`);
        problems.push({
          file: p.file,
          origin: p.origin,
          kind: p.kind,
          message: p.message,
          ...(p.lastGood !== undefined ? { lastGood: p.lastGood } : {}),
        });
      }
    }
    for (const p of problems.filter((x) => x.kind === 'broken')) connection.console.error(p.message);
    await connection.sendNotification(POLICY_STATUS_METHOD, { problems } satisfies PolicyStatusParams);
  };

  const restartWatcher = async (): Promise<void> => {
    await stopWatching?.();
    const extra = new Set<string>();
    for (const folder of folders) {
      const s = await settings.get(pathToFileURL(folder).toString());
      for (const p of s.policyPaths) extra.add(path.resolve(folder, p));
    }
    // The user's config folder too (created so later approvals are seen): user policies,
    // approvals, the organization tier.
    try {
      fs.mkdirSync(railguardConfigDir(), { recursive: true, mode: 0o700 });
      extra.add(railguardConfigDir());
    } catch {
      connection.console.warn(`cannot create ${railguardConfigDir()}: approvals are seen after a restart`);
    }
    stopWatching = watchPolicies(folders, [...extra], (file) => {
      connection.console.log(`policy changed: ${file}; re-linting open documents`);
      policySets.clear();
      void connection.languages.diagnostics.refresh();
      void sendPolicyStatus();
    });
  };

  connection.onInitialize((params) => {
    supportsConfiguration = params.capabilities.workspace?.configuration === true;
    const init = params.initializationOptions as { trusted?: unknown } | undefined;
    trusted = init?.trusted === true;
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
  connection.onInitialized(() => {
    void restartWatcher();
    void sendPolicyStatus();
    decisionHost.start(folders[0]);
  });
  connection.onDidChangeConfiguration(() => {
    settings.clear();
    policySets.clear();
    void restartWatcher();
    void connection.languages.diagnostics.refresh();
    void sendPolicyStatus();
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
    const p = await parsers;
    const s = await settings.get(doc.uri);
    const result = lintForUri(p, doc.getText(), doc.uri, s);
    const set = policySets.get(folderOf(doc.uri), s.policyPaths);
    const file = uriPath(doc.uri);
    const actor = parseActorSetting(s.actor) ?? DEFAULT_ACTOR;
    return hoverAt(
      result,
      doc.getText(),
      params.position,
      (text) => decisionsByEnvironment(p, set, text, { dialect: result.dialect, file, actor }),
      actorPhrase(actor),
    );
  });
  connection.onCodeAction((params) => codeActions(params, documents.get(params.textDocument.uri)?.version));
  registerRequests(
    connection,
    parsers,
    (uri) => settings.get(uri),
    (uri, extra) => policySets.get(folderOf(uri), extra),
  );
  connection.onShutdown(async () => {
    await decisionHost.close();
    await stopWatching?.();
  });

  documents.listen(connection);
  connection.listen();
}

if (require.main === module) {
  startServer(createConnection(ProposedFeatures.all), {
    wasmDir: __dirname,
    builtinPoliciesDir: path.resolve(__dirname, '..', 'policies'),
  });
}
