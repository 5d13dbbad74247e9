/**
 * What a new user meets in the first hour with the CLI (issue 12, "Smaller"): a reader that stops
 * early (`| head`) ends the CLI quietly, unknown subcommands and values are usage errors (exit 2).
 * Runs the built CLI (`dist/railguard.js`, made by `npm run build`) in a real shell.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { tempDir, writeLog } from '../unit/audit/helpers';

const CLI = path.resolve(__dirname, '../../dist/railguard.js');

describe('railguard audit from a shell', () => {
  let dir = '';
  before(async () => {
    dir = tempDir();
    // Enough records that the output outgrows a pipe's buffer (64 KiB) and `head` closes early.
    await writeLog(dir, 1500, { checkpointEvery: 500 });
  });

  for (const sub of ['query', 'export']) {
    it(`audit ${sub} | head ends quietly when head has read enough (no EPIPE stack trace)`, () => {
      const r = spawnSync(
        'bash',
        [
          '-c',
          `set -o pipefail; node "${CLI}" audit ${sub} --dir "${dir}" | head -n 2; echo "rc=\${PIPESTATUS[0]}" >&2`,
        ],
        { encoding: 'utf8' },
      );
      assert.equal(r.stdout.trim().split('\n').length, 2, r.stdout);
      assert.doesNotMatch(r.stderr, /EPIPE|Error|at /, r.stderr);
      assert.match(r.stderr, /rc=0/);
    });
  }

  it('an unknown subcommand or effect is a usage error (exit 2), with or without a log', () => {
    for (const args of [
      ['frobnicate'],
      ['query', '--effect', 'nope'],
      ['query', '--dir', dir, '--effect', 'nope'],
    ]) {
      const r = spawnSync(process.execPath, [CLI, 'audit', ...args], { encoding: 'utf8' });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /railguard audit: (unknown subcommand|--effect must be one of)/);
    }
  });
});
