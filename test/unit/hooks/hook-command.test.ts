/**
 * The hook command builder shared by `railguard hooks install` and the VS Code extension
 * (`hookCommand`, `cliArgv`, `shellQuote` in server/src/hooks/install.ts): every word survives a
 * real `sh -c` unchanged, whatever spaces, quotes or shell metacharacters the paths hold; the
 * Electron form sets ELECTRON_RUN_AS_NODE=1 for the runtime; the bash client form hands the hook
 * JSON to the CLI when no daemon answers; and every form is recognised as Railguard's by MARKER.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultHookCommand } from '../../../server/src/cli/hooks';
import {
  AGENT_HOOK_CLIENT,
  CLI_BUNDLE,
  cliArgv,
  hookCommand,
  MARKER,
  shellQuote,
} from '../../../server/src/hooks/install';

const SHELL_DIR = path.resolve(__dirname, '../../../server/src/hooks/shell');
const NASTY = [
  'plain/path.js',
  '/Applications/Visual Studio Code.app/Contents/MacOS/Electron',
  "/home/o'brien/it's here/railguard-cli.js",
  '/tmp/"double" $HOME `id` $(id) ; & | > < * ? [a] ~ # !',
  'new\nline\ttab',
  '',
  "'",
];

/** Runs `sh -c SCRIPT` with `input` on stdin; returns stdout (asserts exit 0). */
function sh(script: string, input = '', env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync('sh', ['-c', script], { input, encoding: 'utf8', env });
  assert.equal(r.status, 0, `sh -c ${script}\nstderr: ${r.stderr}`);
  return r.stdout;
}

describe('hook command builder', () => {
  let tmp: string;
  let weird: string;
  let cli: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-hook-command-'));
    weird = path.join(tmp, 'rail guard\'s "ext" $x');
    fs.mkdirSync(path.join(weird, 'dist'), { recursive: true });
    // A stand-in CLI: prints its arguments, ELECTRON_RUN_AS_NODE and its stdin as JSON.
    cli = path.join(weird, 'dist', CLI_BUNDLE);
    fs.writeFileSync(
      cli,
      `let s='';process.stdin.on('data',d=>s+=d).on('end',()=>process.stdout.write(JSON.stringify(` +
        `{argv:process.argv.slice(2),electron:process.env.ELECTRON_RUN_AS_NODE??null,stdin:s})));`,
    );
    // The real agent hook client and the bash hook it sources, in a folder with the same name trouble.
    const shellDir = path.join(weird, 'server', 'src', 'hooks', 'shell');
    fs.mkdirSync(shellDir, { recursive: true });
    for (const f of [AGENT_HOOK_CLIENT, 'railguard.bash'])
      fs.copyFileSync(path.join(SHELL_DIR, f), path.join(shellDir, f));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('shellQuote: every word reaches the program unchanged through sh -c', () => {
    const out = sh(`printf '%s\\0' ${NASTY.map(shellQuote).join(' ')}`);
    assert.deepEqual(out.split('\0').slice(0, -1), NASTY);
    assert.equal(shellQuote('/usr/bin/node'), '/usr/bin/node', 'safe words stay unquoted');
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
  });

  it('the Node form runs the CLI with `hook AGENT`, paths with spaces and quotes intact', () => {
    const command = hookCommand({ cli: cliArgv(process.execPath, cli, false) });
    const out = JSON.parse(sh(`${command} claude-code`, '{"x":1}')) as Record<string, unknown>;
    assert.deepEqual(out, { argv: ['hook', 'claude-code'], electron: null, stdin: '{"x":1}' });
    assert.ok(MARKER.test(JSON.stringify(command)), command);
  });

  it('the Electron form prefixes `env ELECTRON_RUN_AS_NODE=1`, which the runtime then sees', () => {
    const argv = cliArgv(process.execPath, cli, true);
    assert.deepEqual(argv.slice(0, 2), ['env', 'ELECTRON_RUN_AS_NODE=1']);
    const command = hookCommand({ cli: argv });
    assert.match(command, /^env ELECTRON_RUN_AS_NODE=1 /);
    const env = { ...process.env };
    delete env.ELECTRON_RUN_AS_NODE;
    const out = JSON.parse(sh(`${command} cursor`, '{}', env)) as Record<string, unknown>;
    assert.deepEqual(out, { argv: ['hook', 'cursor'], electron: '1', stdin: '{}' });
    assert.ok(MARKER.test(JSON.stringify(command)), command);
  });

  it('the bash client form hands the hook JSON to the CLI when no daemon answers', () => {
    const client = path.join(weird, 'server', 'src', 'hooks', 'shell', AGENT_HOOK_CLIENT);
    const command = hookCommand({ client, cli: cliArgv(process.execPath, cli, true) });
    assert.ok(command.startsWith(`bash ${shellQuote(client)} env ELECTRON_RUN_AS_NODE=1 `), command);
    const env: NodeJS.ProcessEnv = { ...process.env, RAILGUARD_RUNTIME_DIR: path.join(tmp, 'no-daemon') };
    delete env.ELECTRON_RUN_AS_NODE;
    const input = { tool_name: 'Bash', tool_input: { command: 'ls' } };
    const out = JSON.parse(sh(`${command} claude-code`, JSON.stringify(input), env)) as {
      stdin: string;
    };
    // The client passes the JSON on with a here-string (which ends it with a newline).
    assert.deepEqual(
      { ...out, stdin: JSON.parse(out.stdin) as unknown },
      {
        argv: ['hook', 'claude-code'],
        electron: '1',
        stdin: input,
      },
    );
    assert.ok(MARKER.test(JSON.stringify(command)), command);
  });

  it("MARKER recognises the CLI bundle's name quoted or not, and not look-alikes", () => {
    for (const dir of ['/opt/ext/dist', weird]) {
      const command = hookCommand({ cli: cliArgv('/usr/bin/node', path.join(dir, CLI_BUNDLE), false) });
      assert.ok(MARKER.test(JSON.stringify({ command: `${command} codex` })), command);
    }
    assert.ok(!MARKER.test(JSON.stringify({ command: 'node /opt/other-cli.js hook codex' })));
    assert.ok(!MARKER.test(JSON.stringify({ command: 'prettier --check' })));
  });

  it('defaultHookCommand (the CLI) uses the same builder: this runtime and script, the repo client', () => {
    const script = path.resolve(process.argv[1] ?? 'railguard');
    const node = cliArgv(process.execPath, script, false);
    assert.equal(defaultHookCommand('node'), hookCommand({ cli: node }));
    assert.equal(
      defaultHookCommand('bash'),
      hookCommand({ client: path.join(SHELL_DIR, AGENT_HOOK_CLIENT), cli: node }),
    );
  });
});
