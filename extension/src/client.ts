import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

/**
 * Creates the language client for `dist/server.js` over IPC (lsp-sample / vscode-eslint shape):
 * SQL documents and workspace policy files, a debug variant with `--inspect`, and the
 * languageclient's own restart-on-crash (up to 4 restarts in 3 minutes). The `railguard` settings
 * section is pulled by the server per resource (`workspace/configuration`). The client is recreated
 * when the user grants workspace trust (see `extension.ts`).
 */
export function createClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'sql' },
      { scheme: 'untitled', language: 'sql' },
      { scheme: 'file', pattern: '**/.railguard/policies/*.{yaml,yml}' },
    ],
    synchronize: { configurationSection: 'railguard' },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    diagnosticPullOptions: { onChange: true, onSave: true },
    // Workspace trust decides whether workspace policies may relax the built-in policy.
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted }),
  };
  return new LanguageClient('railguard', 'Railguard', serverOptions, clientOptions);
}
