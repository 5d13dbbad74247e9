import type { SqlStatement } from '../../sql/model';
import { defineSqlRule } from '../rule';
import { findKeywordsSpan } from './util/text';

const OPENS = new Set(['BEGIN', 'START TRANSACTION']);
const CLOSES = new Set(['COMMIT', 'ROLLBACK', 'END', 'PREPARE TRANSACTION']);
const WRITES = new Set(['UPDATE', 'INSERT', 'DELETE']);

const bare = (name: string): string => (name.toLowerCase().split('.').pop() ?? '').replace(/[`"]/g, '');

/**
 * An UPDATE / INSERT / DELETE (a data backfill) in the same explicit transaction as an
 * `ALTER TABLE` of the table it writes, placed on the data statement's keyword. Peer:
 * strong_migrations "Backfilling data" (the ALTER's ACCESS EXCLUSIVE lock is held until COMMIT,
 * so for the whole backfill). Transactions a migration tool opens implicitly are not visible in
 * the SQL text and are not considered.
 */
export default defineSqlRule({
  meta: {
    id: 'backfill-in-ddl-transaction',
    title: 'Backfilling data in the same transaction as a schema change',
    category: 'lock',
    severity: 'warning',
    docs: {
      description: 'Reports UPDATE/INSERT/DELETE of a table in the transaction that also alters it.',
      problem:
        'The `ALTER TABLE` takes an ACCESS EXCLUSIVE lock that is only released at COMMIT. A backfill in the ' +
        'same transaction keeps every read and write of the table waiting for as long as it runs, and a ' +
        'failure late in the backfill rolls back the schema change too.',
      solution:
        'Commit the schema change first; backfill in a separate migration (or a job) in batches, each in its ' +
        'own short transaction (`UPDATE … WHERE id BETWEEN … AND …`).',
    },
    messages: {
      backfill:
        '{{kind}} of {{table}} runs in the transaction that altered it: {{table}} stays locked until COMMIT.',
    },
    controls: ['SOC2:A1.2', 'SOC2:CC8.1'],
    sources: ['strong_migrations:backfill', 'https://github.com/ankane/strong_migrations#backfilling-data'],
    examples: {
      valid: [
        'BEGIN;\nALTER TABLE users ADD COLUMN plan text;\nCOMMIT;\nUPDATE users SET plan = 0 WHERE id < 1000;',
        'BEGIN;\nALTER TABLE a ADD COLUMN x int;\nUPDATE b SET y = 1 WHERE id = 2;\nCOMMIT;',
      ],
      invalid: [
        "BEGIN;\nALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = 'free' WHERE plan IS NULL;\nCOMMIT;",
      ],
    },
  },
  check(stmt, ctx, report) {
    if (stmt.origin !== 'top' || !ctx.inTransaction || !WRITES.has(stmt.facts.statementKind)) return;
    const written = new Set(stmt.facts.tablesWritten.map(bare));
    if (written.size === 0) return;
    const all = ctx.statements ?? [];
    const block: SqlStatement[] = [];
    for (let i = stmt.index - 1; i >= 0; i--) {
      const s = all[i];
      if (!s || OPENS.has(s.facts.statementKind) || CLOSES.has(s.facts.statementKind)) break;
      block.push(s);
    }
    const altered = block.find(
      (s) =>
        s.facts.statementKind === 'ALTER TABLE' && s.facts.tablesWritten.some((t) => written.has(bare(t))),
    );
    if (!altered) return;
    const table = [...written].find((t) => altered.facts.tablesWritten.some((a) => bare(a) === t)) ?? '?';
    report({
      messageId: 'backfill',
      data: { kind: stmt.facts.statementKind, table },
      span: findKeywordsSpan(stmt, [stmt.facts.statementKind.toLowerCase()]),
    });
  },
});
