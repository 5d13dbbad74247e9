/**
 * The README's main job (`npm run corpus`): `railguard scan` over real input.
 *
 * - With the shared real-input corpus beside the checkout (`../shared/corpus`, or the folder
 *   `$RAILGUARD_CORPUS` names), scans its 1,827 migrations and 12,607 shell commands.
 * - Without it (a public clone), scans the example input the project ships in `docs/tour/`
 *   (migrations and commands written for the project, one or more per family of finding) and lists
 *   every command that is not allowed, so the output is a short tour (see `docs/tour/README.md`).
 *
 * Extra arguments are passed to `railguard scan` (`npm run corpus -- --json`). Exits with the
 * scan's exit code.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const shared = process.env.RAILGUARD_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus');
const tour = path.join(ROOT, 'docs', 'tour');

let args: string[];
if (fs.existsSync(path.join(shared, 'migrations')) && fs.existsSync(path.join(shared, 'shell', 'all.cm'))) {
  process.stderr.write(`railguard: scanning the real corpus in ${shared}\n`);
  args = [
    '--migrations',
    path.join(shared, 'migrations'),
    '--commands',
    path.join(shared, 'shell', 'all.cm'),
  ];
} else {
  process.stderr.write(
    `railguard: no corpus at ${shared}; scanning the example input in docs/tour/ (see docs/tour/README.md)\n`,
  );
  args = [
    '--migrations',
    path.join(tour, 'migrations'),
    '--commands',
    path.join(tour, 'commands.txt'),
    '--list',
  ];
}
const r = spawnSync(
  process.execPath,
  [path.join(ROOT, 'dist', 'railguard.js'), 'scan', ...args, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
process.exit(r.status ?? 1);
