import * as path from 'node:path';
import * as vscode from 'vscode';
import { CLI_BUNDLE } from '../../../server/src/hooks/install';

/** The provider id; VS Code ≥ 1.101 also needs it in `contributes.mcpServerDefinitionProviders`. */
export const MCP_PROVIDER_ID = 'railguard.mcp';

/** The parts of the VS Code ≥ 1.101 API used here (absent from `@types/vscode` 1.100). */
interface McpApi {
  registerMcpServerDefinitionProvider: (
    id: string,
    provider: { provideMcpServerDefinitions: () => unknown[] },
  ) => vscode.Disposable;
  McpStdioServerDefinition: new (
    label: string,
    command: string,
    args?: string[],
    env?: Record<string, string | number | null>,
    version?: string,
  ) => unknown;
}

/** The MCP API when this VS Code has it (1.101+), found at runtime; undefined in 1.100. */
function mcpApi(): McpApi | undefined {
  const lm = vscode.lm as unknown as Record<string, unknown>;
  const ctor = (vscode as unknown as Record<string, unknown>).McpStdioServerDefinition;
  const register = lm.registerMcpServerDefinitionProvider;
  if (typeof register !== 'function' || typeof ctor !== 'function') return undefined;
  return {
    registerMcpServerDefinitionProvider: register.bind(
      vscode.lm,
    ) as McpApi['registerMcpServerDefinitionProvider'],
    McpStdioServerDefinition: ctor as McpApi['McpStdioServerDefinition'],
  };
}

/**
 * Offers `railguard mcp` (guarded `run_command` / `execute_sql`) to VS Code's agent mode via
 * `lm.registerMcpServerDefinitionProvider` (https://code.visualstudio.com/api/extension-guides/ai/mcp),
 * only when the running VS Code has that API; otherwise does nothing and logs why. The server runs
 * as `railguard mcp --cwd FOLDER` with VS Code's own Node (`ELECTRON_RUN_AS_NODE=1`) from the
 * extension's self-contained CLI bundle `dist/railguard-cli.js` ({@link CLI_BUNDLE}, shipped in the
 * .vsix; `npm run build`'s `dist/railguard.js` is not, and needs `node_modules`); it takes
 * `RAILGUARD_DATABASE_URL` from VS Code's environment.
 */
export function registerMcpDefinition(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  const api = mcpApi();
  if (!api) {
    log.info(
      `MCP server definition not registered: VS Code ${vscode.version} has no lm.registerMcpServerDefinitionProvider (1.101+)`,
    );
    return { dispose: () => {} };
  }
  try {
    return registerWith(api, context);
  } catch (err) {
    // VS Code 1.100 ships the API under a proposal that wants another contribution point
    // (`modelContextServerCollections`) and throws; activation must go on without MCP.
    log.warn(`MCP server definition not registered: ${err instanceof Error ? err.message : String(err)}`);
    return { dispose: () => {} };
  }
}

function registerWith(api: McpApi, context: vscode.ExtensionContext): vscode.Disposable {
  return api.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
    provideMcpServerDefinitions: () => {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      const args = [
        path.join(context.extensionPath, 'dist', CLI_BUNDLE),
        'mcp',
        ...(folder ? ['--cwd', folder] : []),
      ];
      return [
        new api.McpStdioServerDefinition(
          'Railguard guarded tools',
          process.execPath,
          args,
          { ELECTRON_RUN_AS_NODE: '1' },
          context.extension.packageJSON.version as string,
        ),
      ];
    },
  });
}
