/**
 * The npm package a user installs (`npm pack`, then `npm install -g railguard-<version>.tgz` or
 * `npx --package ./railguard-<version>.tgz railguard …`): its `bin` is the self-contained CLI
 * bundle, which runs from the unpacked tarball with no `node_modules` anywhere above it, with the
 * policies, the hook scripts and the tour input beside it (issue 12, "Installing it for real").
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '../../..');

describe('the npm package', { timeout: 240_000 }, () => {
  let tmp = '';
  let pkgDir = '';
  let bin = '';
  let env: NodeJS.ProcessEnv = {};

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-npm-pack-'));
    // `npm pack` runs `prepack` (the production bundles) as a user's publish or pack would.
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', tmp], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [info] = JSON.parse(out.slice(out.indexOf('['))) as { filename: string }[];
    assert.ok(info, 'npm pack reports the tarball');
    execFileSync('tar', ['-xzf', path.join(tmp, info.filename), '-C', tmp]);
    pkgDir = path.join(tmp, 'package');
    const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
      private?: boolean;
    };
    assert.equal(pkg.private, undefined, 'the package can be installed and published');
    bin = path.join(pkgDir, pkg.bin.railguard ?? '');
    env = { ...process.env, HOME: path.join(tmp, 'home'), RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run') };
    delete env.NODE_PATH;
    delete env.NODE_OPTIONS;
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('ships the bin with a shebang, its wasm, the policies, the hook scripts and the tour', () => {
    assert.match(fs.readFileSync(bin, 'utf8').slice(0, 40), /^#!\/usr\/bin\/env node\n/);
    for (const f of [
      'dist/libpg-query.wasm',
      'dist/tree-sitter.wasm',
      'dist/tree-sitter-bash.wasm',
      'policies/default.yaml',
      'policies/policy.schema.json',
      'server/src/hooks/shell/railguard.bash',
      'server/src/hooks/shell/agent-hook.bash',
      'docs/tour/commands.txt',
      'README.md',
    ])
      assert.ok(fs.existsSync(path.join(pkgDir, f)), `${f} is in the package`);
    assert.ok(!fs.existsSync(path.join(pkgDir, 'test')), 'tests are not shipped');
    assert.ok(!fs.existsSync(path.join(pkgDir, 'node_modules')));
  });

  it('the bin judges from the unpacked package, resolving nothing from node_modules', () => {
    const r = spawnSync(
      process.execPath,
      [
        bin,
        'check',
        '--env',
        'production',
        '--actor',
        'agent:claude-code',
        '--',
        "psql -h db -c 'DROP TABLE users'",
      ],
      { cwd: tmp, env, encoding: 'utf8' },
    );
    assert.equal(r.status, 20, r.stderr);
    assert.match(r.stdout, /^DENY/);
    const t = spawnSync(process.execPath, [bin, 'test'], { cwd: tmp, env, encoding: 'utf8' });
    assert.equal(t.status, 0, t.stdout + t.stderr);
  });
});
