/**
 * The `railguard` CLI shipped inside the .vsix (`dist/railguard-cli.js`) runs on its own: the
 * extension is bundled into a temp folder (`extension/build.ts --production --outdir`), packaged by
 * the real `vsce package` with the project's `files` list and packaging flags (from
 * `scripts.package`), unzipped into a temp folder with no `node_modules` anywhere above it, and
 * the CLI from there is run by plain Node: `--version`, `check`, `scan` of a corpus migrations
 * folder (same summary as the CLI from sources), `hook claude-code` with the published fixture and
 * no daemon (judged in process, from the bundle's own wasm and policies), and `hooks install`
 * whose written command (the bash client beside it, falling back to the bundle) denies the
 * fixture and is found again by `hooks uninstall`.
 *
 * This is the cheapest real check of the packaged CLI: about 10 s (bundle + vsce + runs) against
 * minutes for `npm run e2e:vsix`, which installs the same .vsix into VS Code and runs the e2e
 * suite (where `hooks-install.test.ts` exercises the same files through the extension).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_BUNDLE, MARKER } from '../../../server/src/hooks/install';
import { CORPUS, NEEDS_CORPUS } from '../../helpers/parsers';

const ROOT = path.resolve(__dirname, '../../..');
const LEMMY = path.join(CORPUS, 'migrations', 'LemmyNet__lemmy', 'migrations');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'hooks', 'claude-code.pre-tool-use.json');
/** Top-level entries not copied into the packaging folder (vsce then applies package.json `files`). */
const NOT_STAGED = new Set(['node_modules', '.git', '.vscode-test', 'dist', '.railguard-cache']);

describe('the CLI inside the packaged .vsix', { timeout: 180_000 }, () => {
  let tmp: string;
  let ext: string;
  let cli: string;
  /** Environment for the packaged CLI: no NODE_PATH, a runtime folder where no daemon listens. */
  let env: NodeJS.ProcessEnv;

  const run = (args: string[], input?: string, cwd = tmp): SpawnSyncReturns<string> =>
    spawnSync(process.execPath, [cli, ...args], { cwd, env, input, encoding: 'utf8' });

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-vsix-cli-'));
    const stage = path.join(tmp, 'stage');
    fs.cpSync(ROOT, stage, {
      recursive: true,
      filter: (src) => {
        const rel = path.relative(ROOT, src);
        return !NOT_STAGED.has(rel.split(path.sep)[0] ?? '') && !rel.endsWith('.vsix');
      },
    });
    execFileSync(
      process.execPath,
      ['--import', 'tsx', 'extension/build.ts', '--production', '--outdir', path.join(stage, 'dist')],
      { cwd: ROOT, stdio: 'inherit' },
    );
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const flags = /\bvsce package (.*)$/.exec(pkg.scripts.package ?? '')?.[1]?.split(/\s+/);
    assert.ok(flags, 'scripts.package runs vsce package');
    const out = flags.indexOf('--out');
    if (out >= 0) flags.splice(out, 2);
    const vsix = path.join(tmp, 'railguard.vsix');
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', ...flags, '--out', vsix], {
      cwd: stage,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const unpacked = path.join(tmp, 'unpacked');
    execFileSync('unzip', ['-q', vsix, '-d', unpacked]);
    ext = path.join(unpacked, 'extension');
    cli = path.join(ext, 'dist', CLI_BUNDLE);
    env = { ...process.env, RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run'), HOME: path.join(tmp, 'home') };
    delete env.NODE_PATH;
    delete env.NODE_OPTIONS;
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('ships the CLI with its wasm, policies and hook scripts, and nothing resolves node_modules', () => {
    for (const f of [
      `dist/${CLI_BUNDLE}`,
      'dist/libpg-query.wasm',
      'dist/tree-sitter.wasm',
      'dist/tree-sitter-bash.wasm',
      'dist/tree-sitter-python.wasm',
      'dist/tree-sitter-javascript.wasm',
      'policies/default.yaml',
      'server/src/hooks/shell/agent-hook.bash',
      'server/src/hooks/shell/railguard.bash',
    ])
      assert.ok(fs.existsSync(path.join(ext, f)), `${f} is in the .vsix`);
    for (let dir = ext; ; dir = path.dirname(dir)) {
      assert.ok(!fs.existsSync(path.join(dir, 'node_modules')), `no node_modules in ${dir}`);
      if (path.dirname(dir) === dir) break;
    }
    const r = run(['--version']);
    assert.equal(r.status, 0, r.stderr);
    const { version } = JSON.parse(fs.readFileSync(path.join(ext, 'package.json'), 'utf8')) as {
      version: string;
    };
    assert.equal(r.stdout.trim(), version);
  });

  it('check: an agent dropping a production table is denied (exit 20)', () => {
    const r = run(['check', '--actor', 'agent:claude-code', '--', "psql -h prod-db -c 'DROP TABLE users'"]);
    assert.equal(r.status, 20, r.stderr);
    assert.match(r.stdout, /^DENY: .*default\/prod-agent-no-data-loss/);
    assert.match(r.stdout, /\[drop-table\]/);
  });

  it(
    'scan: a corpus migrations folder gives the same summary as the CLI from sources',
    { skip: NEEDS_CORPUS },
    () => {
      const args = ['scan', '--json', '--migrations', LEMMY];
      const packaged = run(args);
      assert.equal(packaged.status, 0, packaged.stderr);
      const sources = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(ROOT, 'server/src/cli/main.ts'), ...args],
        { cwd: ROOT, encoding: 'utf8' }, // where tsx resolves
      );
      assert.equal(sources.status, 0, sources.stderr);
      /** The summary without timings (keys ending in Ms / Seconds, or named like a duration). */
      const strip = (text: string): unknown =>
        JSON.parse(text, (k, v: unknown) =>
          /ms$|seconds$|duration|elapsed|p50|p99/i.test(k) ? undefined : v,
        );
      const summary = strip(packaged.stdout);
      assert.deepEqual(summary, strip(sources.stdout));
      assert.match(packaged.stdout, /"drop-table"/);
    },
  );

  it('hook claude-code: the published fixture is denied, judged in process (no daemon)', () => {
    const r = run(['hook', 'claude-code'], fs.readFileSync(FIXTURE, 'utf8'));
    assert.equal(r.status, 0, r.stderr);
    const answer = JSON.parse(r.stdout) as {
      hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string };
    };
    assert.equal(answer.hookSpecificOutput?.permissionDecision, 'deny');
    assert.match(answer.hookSpecificOutput?.permissionDecisionReason ?? '', /prod-agent-no-data-loss/);
    assert.match(r.stderr, /judged in process/);
  });

  it('hooks install writes a command running the packaged files; it denies; uninstall finds it', () => {
    const ws = path.join(tmp, 'workspace');
    fs.mkdirSync(ws, { recursive: true });
    const installed = run(['hooks', 'install', '--agent', 'claude-code', '--cwd', ws]);
    assert.equal(installed.status, 0, installed.stderr);
    // Issue 12: this machine's paths go to the local, uncommitted settings file.
    const file = path.join(ws, '.claude', 'settings.local.json');
    const settings = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      hooks: { PreToolUse: { hooks: { command: string }[] }[] };
    };
    const command = settings.hooks.PreToolUse[0]?.hooks[0]?.command ?? '';
    assert.ok(command.includes(path.join(ext, 'server/src/hooks/shell/agent-hook.bash')), command);
    assert.ok(command.includes(cli), command);
    assert.ok(MARKER.test(command));
    const r = spawnSync('sh', ['-c', command], {
      cwd: ws,
      env,
      input: fs.readFileSync(FIXTURE, 'utf8'),
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const answer = JSON.parse(r.stdout) as { hookSpecificOutput?: { permissionDecision?: string } };
    assert.equal(answer.hookSpecificOutput?.permissionDecision, 'deny');
    const removed = run(['hooks', 'uninstall', '--agent', 'claude-code', '--cwd', ws]);
    assert.equal(removed.status, 0, removed.stderr);
    assert.match(removed.stdout, /delete/);
    assert.equal(fs.existsSync(file), false);
  });
});
