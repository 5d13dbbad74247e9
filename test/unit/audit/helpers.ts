import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { maskerWith } from '../../../server/src/core/mask/masker';
import type { AuditInput } from '../../../server/src/audit/model';
import { AuditLog, type AuditLogOptions } from '../../../server/src/audit/writer';
import type { AuditProblem } from '../../../server/src/audit/model';
import { listSegments } from '../../../server/src/audit/files';

/** A fresh temporary directory. */
export function tempDir(prefix = 'rg-audit-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A masker without secretlint (fast; the masking tests cover secretlint). */
export const quickMasker = maskerWith(async () => []);

/** A varied event input number `i`. */
export function input(i: number): AuditInput {
  const envs = ['production', 'staging', 'dev'];
  const effects = ['allow', 'warn', 'ask', 'deny'] as const;
  return {
    what: {
      kind: 'sql',
      text: `DELETE FROM public.orders WHERE id = ${i}`,
      dialect: 'postgresql',
      tables: ['public.orders'],
    },
    where: { environment: envs[i % 3], workspace: '/repo', target: 'db.internal' },
    source: i % 2 ? 'terminal' : 'agent-hook',
    outcome: { effect: effects[i % 4] ?? 'allow', ...(i % 4 === 2 ? { approval: 'approved' as const } : {}) },
    identity: { user: i % 5 === 0 ? 'bob' : 'alice', agent: { name: 'claude-code', sessionId: `s${i % 7}` } },
    decisionId: `dec-${i}`,
    rules: ['delete-without-where'],
    controls: ['SOC2:CC8.1'],
    time: new Date(Date.UTC(2025, 0, 1, 0, 0, i)),
  };
}

/** Writes `n` events into `dir` and closes the log. */
export async function writeLog(dir: string, n: number, opts: AuditLogOptions = {}): Promise<void> {
  const log = await AuditLog.open(dir, { masker: quickMasker, fsync: 'batch', ...opts });
  for (let i = 0; i < n; i++) await log.append(input(i));
  await log.close();
}

/** Every line of the log as `{ file, line, text }`, in global order. */
export interface Line {
  file: string;
  text: string;
}
export function readAll(dir: string): Line[] {
  return listSegments(dir).flatMap((file) => {
    const body = fs.readFileSync(path.join(dir, file), 'utf8');
    const parts = body.split('\n');
    if (parts[parts.length - 1] === '') parts.pop();
    return parts.map((text) => ({ file, text }));
  });
}

/** Rewrites the segments from `lines` (the set of files stays the same; the last line keeps a newline unless `noFinalNewline`). */
export function writeAll(dir: string, lines: Line[], files: string[], noFinalNewline = false): void {
  for (const file of files) {
    const mine = lines.filter((l) => l.file === file).map((l) => l.text);
    const last = file === files[files.length - 1];
    fs.writeFileSync(
      path.join(dir, file),
      mine.join('\n') + (mine.length && !(last && noFinalNewline) ? '\n' : ''),
    );
  }
}

/** `{ file, line }` (1-based) of global index `i` in `lines`. */
export function locate(lines: Line[], i: number): { file: string; line: number } {
  const file = lines[i]?.file ?? '';
  let line = 0;
  for (let j = 0; j <= i; j++) if (lines[j]?.file === file) line++;
  return { file, line };
}

/** Orders problems by position (file order, then line). */
export function firstProblem(problems: AuditProblem[], files: string[]): AuditProblem | undefined {
  return [...problems].sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file) || a.line - b.line)[0];
}
