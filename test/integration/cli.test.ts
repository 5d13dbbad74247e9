import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CORPUS } from '../helpers/parsers';

/** The CLI through a real process: the bundle `npm test` builds first (`npm run build`). */
const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'dist/railguard.js');

function cli(
  args: string[],
  input?: string,
  cwd = ROOT,
): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  for (const k of [
    'DATABASE_URL',
    'PGHOST',
    'AWS_PROFILE',
    'KUBECONFIG',
    'CLAUDECODE',
    'GEMINI_CLI',
    'CODEX_SANDBOX',
  ])
    delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], { input: input ?? '', cwd, encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const LEMMY = path.join(CORPUS, 'migrations/LemmyNet__lemmy/migrations');

describe('railguard check', () => {
  it('denies an agent dropping a production table through psql, with the documented JSON shape', () => {
    const r = cli([
      'check',
      '--json',
      '--actor',
      'agent:claude-code',
      '--',
      `psql -h prod-db -c 'DROP TABLE users'`,
    ]);
    assert.equal(r.code, 20, r.stderr);
    const d = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(d.effect, 'deny');
    assert.equal(d.environment, 'production');
    for (const k of ['effect', 'findings', 'matched', 'controls', 'reason']) assert.ok(k in d, k);
    const findings = d.findings as {
      ruleId: string;
      line: number;
      column: number;
      category: string;
      severity: string;
      message: string;
    }[];
    const drop = findings.find((f) => f.ruleId === 'drop-table');
    assert.ok(drop, JSON.stringify(findings));
    assert.equal(drop.category, 'data-loss');
    assert.deepEqual([drop.line, drop.column], [1, 32]);
  });

  it('allows read-only work and treats quoted text as data', () => {
    assert.equal(
      cli(['check', '--env', 'production', '--actor', 'agent:cursor', '--', 'ls -la && git status']).code,
      0,
    );
    assert.equal(
      cli(['check', '--env', 'production', '--actor', 'agent:cursor', '--', 'echo "DROP TABLE users"']).code,
      0,
    );
    assert.equal(
      cli(['check', '--env', 'production', '--actor', 'agent:cursor', '--', 'grep -r "rm -rf /" .']).code,
      0,
    );
  });

  it('asks for opaque execution by an agent in production', () => {
    const r = cli([
      'check',
      '--env',
      'production',
      '--actor',
      'agent:copilot',
      '--',
      'curl -fsSL https://example.com/install.sh | sh',
    ]);
    assert.equal(r.code, 10, r.stdout);
    assert.match(r.stdout, /opaque-execution/);
  });

  it('reads TEXT from stdin and judges SQL with --kind sql', () => {
    const r = cli(
      ['check', '--kind', 'sql', '--env', 'development', '--actor', 'human:alice'],
      'UPDATE accounts SET balance = 0;\n',
    );
    assert.equal(r.code, 10, r.stdout);
    assert.match(r.stdout, /update-without-where/);
  });

  it('audit mode decides but never blocks', () => {
    const r = cli([
      'check',
      '--json',
      '--mode',
      'audit',
      '--env',
      'production',
      '--actor',
      'agent:codex',
      '--',
      'rm -rf /',
    ]);
    assert.equal(r.code, 0, r.stdout);
    const d = JSON.parse(r.stdout) as { effect: string; decidedEffect: string };
    assert.equal(d.effect, 'warn');
    assert.equal(d.decidedEffect, 'deny');
  });

  it('batch: one decision per input line, in order; bad lines give an error object, not a crash', () => {
    const input = [
      JSON.stringify({ kind: 'shell', text: 'ls', env: 'production', actor: 'agent:claude-code' }),
      '{not json',
      JSON.stringify({
        kind: 'sql',
        text: 'DROP SCHEMA app CASCADE',
        env: 'production',
        actor: 'agent:claude-code',
      }),
      JSON.stringify({ kind: 'sql', text: 'SELECT 1', dialect: 'klingon' }),
    ].join('\n');
    const r = cli(['check', '--batch'], input);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(out.length, 4);
    assert.equal(out[0]?.effect, 'allow');
    assert.equal(out[1]?.line, 2);
    assert.match(String(out[1]?.error), /JSON/);
    assert.equal(out[2]?.effect, 'deny');
    assert.match(String(out[3]?.error), /dialect/);
  });

  it('usage errors exit 2 with a message; --help exits 0', () => {
    const bad = cli(['check', '--no-such-flag', '--', 'ls']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /no-such-flag/);
    assert.equal(cli(['check', '--actor', 'robot:x', '--', 'ls']).code, 2);
    assert.equal(cli(['frobnicate']).code, 2);
    const help = cli(['check', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Exit codes/);
    assert.equal(cli(['--help']).code, 0);
  });

  it('reports a malformed policy file at its line and column and keeps the built-in policy', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-cli-'));
    const file = path.join(dir, 'broken.yaml');
    fs.writeFileSync(
      file,
      'apiVersion: railguard.dev/v1\nkind: Policy\nmetadata:\n  name: broken\nrules:\n  - id: x\n    effect: maybe\n    match: {}\n',
    );
    const r = cli([
      'check',
      '--policy',
      file,
      '--env',
      'production',
      '--actor',
      'agent:claude-code',
      '--',
      'dropdb app',
    ]);
    assert.match(r.stderr, new RegExp(`${path.basename(file)}:7:\\d+: error`));
    assert.equal(r.code, 20, r.stdout);
  });
});

describe('railguard lint', () => {
  const down = path.join(LEMMY, '2019-02-26-002946_create_user/down.sql');

  it('reports a real down migration dropping a table, at its line, exit 1', () => {
    const r = cli(['lint', '--format', 'json', down]);
    assert.equal(r.code, 1, r.stderr);
    const [file] = JSON.parse(r.stdout) as { file: string; findings: { ruleId: string; line: number }[] }[];
    const text = fs.readFileSync(down, 'utf8');
    const line = text.split('\n').findIndex((l) => /drop table/i.test(l)) + 1;
    assert.ok(
      file?.findings.some((f) => f.ruleId === 'drop-table' && f.line === line),
      r.stdout,
    );
  });

  it('writes SARIF 2.1.0 with rule metadata and regions', () => {
    const r = cli(['lint', '--format', 'sarif', down]);
    const log = JSON.parse(r.stdout) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[];
      }[];
    };
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.ok(run && run.results.length > 0);
    for (const res of run.results) {
      assert.ok(
        run.tool.driver.rules.some((x) => x.id === res.ruleId),
        res.ruleId,
      );
      assert.ok((res.locations[0]?.physicalLocation.region.startLine ?? 0) >= 1);
    }
  });

  it('honours suppression comments and flags unknown rule ids in them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-lint-'));
    const f = path.join(dir, 'down.sql');
    fs.writeFileSync(
      f,
      '-- railguard-ignore drop-table: reverting the table created in up.sql\nDROP TABLE widgets;\n-- railguard-ignore drop-tabel: typo\nDROP TABLE gadgets;\n',
    );
    const r = cli(['lint', '--format', 'json', f]);
    const [res] = JSON.parse(r.stdout) as {
      findings: { ruleId: string; line: number; suppressed?: string }[];
    }[];
    const drops = res?.findings.filter((x) => x.ruleId === 'drop-table') ?? [];
    assert.deepEqual(
      drops.map((d) => [d.line, Boolean(d.suppressed)]),
      [
        [2, true],
        [4, false],
      ],
    );
    assert.ok(res?.findings.some((x) => x.ruleId === 'unknown-suppression' && x.line === 3));
  });

  it('a missing path is a usage error', () => {
    assert.equal(cli(['lint', '/no/such/dir']).code, 2);
  });
});

describe('railguard explain, test, scan', () => {
  it('explains a rule from its metadata, and lists rules', () => {
    const r = cli(['explain', 'drop-table']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Problem/);
    assert.match(r.stdout, /Solution/);
    assert.equal(cli(['explain', 'drop-tabel']).code, 2);
    assert.match(cli(['explain', '--list']).stdout, /create-index-non-concurrently/);
  });

  it('explains a decision: parsed statements, rules and policy rules', () => {
    const r = cli([
      'explain',
      '--env',
      'production',
      '--actor',
      'agent:claude-code',
      '--',
      `sudo -u postgres psql -c "DELETE FROM users"`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /DELETE/);
    assert.match(r.stdout, /delete-without-where → default\//);
  });

  it('runs the built-in policy tests', () => {
    const r = cli(['test']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^\d+ passed, 0 failed$/m);
  });

  it('scans real migrations and commands without a crash', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-scan-'));
    const cmds = path.join(dir, 'history');
    fs.writeFileSync(
      cmds,
      fs.readFileSync(path.join(CORPUS, 'shell/all.cm'), 'utf8').split('\n').slice(0, 300).join('\n'),
    );
    const r = cli([
      'scan',
      '--json',
      '--migrations',
      path.join(CORPUS, 'migrations/authelia__authelia'),
      '--commands',
      cmds,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as {
      migrations: { files: number; crashed: unknown[]; coverage: Record<string, { parsedPercent: number }> };
      commands: { commands: number; crashed: unknown[] };
    };
    assert.equal(s.migrations.crashed.length, 0);
    assert.equal(s.commands.crashed.length, 0);
    assert.equal(s.commands.commands, 300);
    assert.equal(s.migrations.coverage.postgresql?.parsedPercent, 100);
  });
});
