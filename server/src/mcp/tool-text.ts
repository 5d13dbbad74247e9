/** The texts the MCP tools return to the model (unmasked here; the caller masks them). */
import type { StatementResult } from '../sql-exec/postgres';
import type { GateVerdict } from './gate';

/**
 * Why a command or SQL was not run: `deny` ⇒ the reason and the deciding rule; `ask` ⇒ that it
 * needs approval and what became of the request (no endpoint, rejected, expired).
 */
export function refusalText(v: GateVerdict, what: 'command' | 'SQL'): string {
  const rule = v.matched[0] ? ` (rule ${v.matched[0]})` : '';
  const a = v.approval;
  if (v.effect === 'ask') {
    const why =
      !a || a.status === 'unavailable'
        ? `no approver is reachable${a?.detail ? ` (${a.detail})` : ''}; start VS Code with Railguard or 'railguard daemon' with an approver`
        : `the approval request was ${a.status}`;
    return `Railguard refused the ${what}: it needs approval in ${v.environment}${rule} and ${why}. Reason: ${v.reason}. Do not retry it another way.`;
  }
  const answered =
    a && a.status !== 'unavailable'
      ? ` The approval request was ${a.status}${a.approver ? ` by ${a.approver}` : ''}.`
      : '';
  return `Railguard denied the ${what} in ${v.environment}${rule}: ${v.reason}.${answered} Do not retry it another way.`;
}

/**
 * The results of executed SQL as JSON text: per statement `{ command, rowCount, columns, rows,
 * truncated }` (PostgreSQL command tags; values as node-postgres returns them, bigint-safe).
 */
export function sqlResultText(results: readonly StatementResult[]): string {
  const json = JSON.stringify({ statements: results }, (_k, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v instanceof Buffer ? `\\x${v.toString('hex')}` : v,
  );
  const cut = results.some((r) => r.truncated) ? '\n(rows truncated: only the first rows are shown)' : '';
  return json + cut;
}
