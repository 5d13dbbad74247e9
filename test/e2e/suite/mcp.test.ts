/// <reference types="mocha" />
/**
 * Railguard's MCP server definition in a real VS Code: the extension registers a provider with
 * `lm.registerMcpServerDefinitionProvider` (VS Code 1.101+, feature-detected in
 * `extension/src/approvals/mcp-definition.ts`); VS Code resolves it into a stdio server, starts it
 * (`workbench.mcp.startServer`, the command behind the MCP view's "Start Server"), lists its tools
 * in `lm.tools` and calls them through `lm.invokeTool`, exactly as agent mode does (without a chat
 * request, so VS Code's confirmation is its dialog service's, which consents in extension tests).
 *
 * VS Code runs no MCP server while its AI features are off (`chat.disableAIFeatures`, on in the
 * launcher's settings), so they are turned on for these tests and restored afterwards. On a VS
 * Code without the stable API (1.100 has it only as a proposal, which throws) every test here is
 * skipped, and the reason is printed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RailguardApi } from '../../../extension/src/extension';
import { CLI_BUNDLE } from '../../../server/src/hooks/install';
import { workspaceDir } from './helpers';

/**
 * VS Code's id of the server: `<extension id, lower case>/<definition label>` (its ext host's
 * `registerMcpConfigurationProvider`), the label being the one `mcp-definition.ts` gives.
 */
const SERVER_LABEL = 'Railguard guarded tools';
const SERVER_ID = `railguard.railguard/${SERVER_LABEL}`;

/** Denied by `default/prod-agent-no-data-loss` for any agent; harmless if it ever ran (no such host). */
const DENIED = "psql -h prod-db -c 'DROP TABLE users'";

/** A process as Linux's /proc shows it. */
interface Proc {
  pid: number;
  argv: string[];
  env: Map<string, string>;
}

/** Every live descendant of `root` (children, grandchildren…), from /proc/<pid>/{stat,cmdline,environ}. */
function descendants(root: number): Proc[] {
  const parent = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(name), ppid);
    } catch {
      // exited meanwhile
    }
  }
  const isBelow = (pid: number): boolean => {
    for (let p = parent.get(pid), hops = 0; p !== undefined && hops < 64; p = parent.get(p), hops++) {
      if (p === root) return true;
    }
    return false;
  };
  const out: Proc[] = [];
  for (const pid of parent.keys()) {
    if (!isBelow(pid)) continue;
    try {
      const split = (file: string): string[] =>
        fs.readFileSync(`/proc/${pid}/${file}`, 'utf8').split('\0').filter(Boolean);
      const env = new Map(
        split('environ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
      );
      out.push({ pid, argv: split('cmdline'), env });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** The text parts of a tool result, joined. */
function textOf(result: vscode.LanguageModelToolResult): string {
  return result.content
    .map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : ''))
    .join('');
}

/** Why this VS Code cannot run these tests, or undefined when it can. */
function missingApi(): string | undefined {
  const lm = vscode.lm as unknown as Record<string, unknown>;
  if (typeof lm.registerMcpServerDefinitionProvider !== 'function')
    return `VS Code ${vscode.version} has no lm.registerMcpServerDefinitionProvider`;
  const [major = 0, minor = 0] = vscode.version.split('.').map(Number);
  if (major === 1 && minor < 101)
    return `VS Code ${vscode.version} has lm.registerMcpServerDefinitionProvider only as a proposed API (stable in 1.101)`;
  return undefined;
}

/** The MCP tool `run_command` of the running Railguard server, if VS Code lists it. */
function runCommandTool(): vscode.LanguageModelToolInformation | undefined {
  return vscode.lm.tools.find((t) => t.tags.includes('mcp') && t.name.endsWith('_run_command'));
}

/**
 * Starts Railguard's server through VS Code and resolves with its `run_command` tool. The server
 * is known to VS Code only once its MCP support has noticed the AI features setting, and the
 * stable API has no event for that (`lm.onDidChangeTools` is proposed): retried every 250 ms,
 * bounded by `timeoutMs`.
 * @throws Error naming the MCP tools seen when the tool does not show up in time.
 */
async function startServer(timeoutMs = 30_000): Promise<vscode.LanguageModelToolInformation> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Resolves the provider's definitions and starts ours; resolves once its tools are known.
    await vscode.commands.executeCommand('workbench.mcp.startServer', SERVER_ID, { waitForLiveTools: true });
    const tool = runCommandTool();
    if (tool) return tool;
    if (Date.now() > deadline) {
      const seen = vscode.lm.tools.filter((t) => t.tags.includes('mcp')).map((t) => t.name);
      throw new Error(`VS Code did not start ${SERVER_ID}: MCP tools seen: [${seen.join(', ')}]`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('Railguard MCP server definition (VS Code 1.101+)', function () {
  this.timeout(120_000);
  let extension: vscode.Extension<RailguardApi>;
  let runCommand: vscode.LanguageModelToolInformation;
  let aiFeaturesOff: boolean | undefined;

  before(async function () {
    const missing = missingApi();
    if (missing) {
      console.log(`    (skipped: ${missing})`);
      this.skip();
    }
    const ext = vscode.extensions.getExtension<RailguardApi>('railguard.railguard');
    assert.ok(ext, 'the Railguard extension is installed');
    extension = ext;
    await ext.activate();
    const chat = vscode.workspace.getConfiguration('chat');
    aiFeaturesOff = chat.inspect<boolean>('disableAIFeatures')?.globalValue;
    await chat.update('disableAIFeatures', false, vscode.ConfigurationTarget.Global);
    runCommand = await startServer();
  });

  after(async () => {
    if (missingApi()) return;
    await vscode.commands.executeCommand('workbench.mcp.stopServer', SERVER_ID);
    await vscode.workspace
      .getConfiguration('chat')
      .update('disableAIFeatures', aiFeaturesOff, vscode.ConfigurationTarget.Global);
  });

  it('contributes the provider id it registers', () => {
    const contributed = (
      extension.packageJSON as { contributes?: { mcpServerDefinitionProviders?: { id: string }[] } }
    ).contributes?.mcpServerDefinitionProviders;
    assert.deepEqual(
      contributed?.map((p) => p.id),
      ['railguard.mcp'],
    );
  });

  it('VS Code runs the resolved definition: this Node, the extension’s CLI bundle, `mcp --cwd <workspace>`', () => {
    const servers = descendants(process.pid).filter((p) => p.argv.includes('mcp'));
    assert.equal(servers.length, 1, `one railguard mcp below the extension host: ${JSON.stringify(servers)}`);
    const [server] = servers;
    assert.ok(server);
    const [command, entry, ...args] = server.argv;
    assert.equal(command, process.execPath);
    // The self-contained bundle: the .vsix has no node_modules for `npm run build`'s dist/railguard.js.
    assert.equal(entry, path.join(extension.extensionPath, 'dist', CLI_BUNDLE));
    assert.ok(entry && fs.statSync(entry).isFile(), `${entry} exists`);
    assert.deepEqual(args, ['mcp', '--cwd', workspaceDir()]);
    assert.equal(server.env.get('ELECTRON_RUN_AS_NODE'), '1');
  });

  it('lists the guarded run_command among the language model tools, tagged mcp', () => {
    const fromServer = vscode.lm.tools.filter(
      (t) => t.tags.includes('mcp') && t.name.endsWith('_run_command'),
    );
    assert.deepEqual(
      fromServer.map((t) => t.name),
      [runCommand.name],
    );
    assert.match(runCommand.description, /Railguard judges it against the policy/);
    const schema = runCommand.inputSchema as { required?: string[] } | undefined;
    assert.deepEqual(schema?.required, ['command']);
  });

  it('refuses a production DROP through run_command with the rule that denied it', async () => {
    const result = await vscode.lm.invokeTool(runCommand.name, {
      input: { command: DENIED },
      toolInvocationToken: undefined,
    });
    assert.match(
      textOf(result),
      /^Railguard denied the command in production \(rule default\/prod-agent-no-data-loss\): /,
    );
  });

  it('runs an allowed command through run_command and returns its output', async () => {
    const result = await vscode.lm.invokeTool(runCommand.name, {
      input: { command: 'echo "railguard-mcp-$((6 * 7))"; pwd' },
      toolInvocationToken: undefined,
    });
    const text = textOf(result);
    assert.match(text, /railguard-mcp-42/);
    assert.ok(text.includes(workspaceDir()), `ran in the workspace folder: ${text}`);
  });
});
