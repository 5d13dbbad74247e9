import { asNode, list } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { pgStmt } from './util/pg';

/**
 * Opt-in style rule: outside a transaction, `CREATE TABLE | INDEX` without `IF NOT EXISTS`, `DROP
 * TABLE | INDEX` without `IF EXISTS`, `ADD COLUMN` without `IF NOT EXISTS`, `DROP COLUMN` without
 * `IF EXISTS`; placed on the statement. Peer: squawk `prefer-robust-stmts`.
 */
export default defineSqlRule({
  meta: {
    id: 'prefer-robust-stmts',
    title: 'Prefer statements that can be re-run',
    category: 'compatibility',
    severity: 'hint',
    docs: {
      description: 'Opt-in style rule: reports schema changes outside a transaction that fail when re-run.',
      problem:
        'A migration that runs outside a transaction (needed for `CREATE INDEX CONCURRENTLY`) and fails half ' +
        'way cannot simply be retried: the statements that already ran fail on the second run.',
      solution: 'Use `IF NOT EXISTS` / `IF EXISTS`, or run the migration inside a transaction.',
    },
    messages: { fragile: '{{what}} fails if the migration is re-run after a partial failure; add {{fix}}.' },
    controls: [],
    sources: ['squawk:prefer-robust-stmts'],
    examples: {
      valid: ['CREATE TABLE IF NOT EXISTS t (a int);', 'BEGIN;\nCREATE TABLE t (a int);\nCOMMIT;'],
      invalid: ['CREATE INDEX CONCURRENTLY i ON t (a);', 'ALTER TABLE t ADD COLUMN b int;'],
    },
  },
  check(stmt, ctx, report) {
    if (ctx.inTransaction || stmt.origin !== 'top') return;
    const create = pgStmt(stmt, 'CreateStmt');
    const index = pgStmt(stmt, 'IndexStmt');
    const drop = pgStmt(stmt, 'DropStmt');
    const alter = pgStmt(stmt, 'AlterTableStmt');
    if (create && create.if_not_exists !== true) {
      report({ messageId: 'fragile', data: { what: 'CREATE TABLE', fix: 'IF NOT EXISTS' } });
    } else if (index && index.if_not_exists !== true && typeof index.idxname === 'string') {
      report({ messageId: 'fragile', data: { what: 'CREATE INDEX', fix: 'IF NOT EXISTS' } });
    } else if (
      drop &&
      drop.missing_ok !== true &&
      ['OBJECT_TABLE', 'OBJECT_INDEX'].includes(String(drop.removeType))
    ) {
      report({ messageId: 'fragile', data: { what: 'DROP', fix: 'IF EXISTS' } });
    } else if (alter) {
      for (const c of list(alter.cmds)) {
        const cmd = asNode(c, 'AlterTableCmd');
        if (cmd?.subtype === 'AT_AddColumn' && cmd.missing_ok !== true) {
          report({ messageId: 'fragile', data: { what: 'ADD COLUMN', fix: 'IF NOT EXISTS' } });
        } else if (cmd?.subtype === 'AT_DropColumn' && cmd.missing_ok !== true) {
          report({ messageId: 'fragile', data: { what: 'DROP COLUMN', fix: 'IF EXISTS' } });
        }
      }
    }
  },
});
