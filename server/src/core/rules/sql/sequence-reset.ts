import { asNode, list, location, rangeVarName } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { dropObjects, funcCallName, nameSpanAt, pgConstValue, pgNodes, pgStmt } from './util/pg';
import { findKeywordsSpan, findNameSpan } from './util/text';

/**
 * PostgreSQL statements that lose a sequence's position (PostgreSQL docs, "Sequence Manipulation
 * Functions", ALTER SEQUENCE, DROP SEQUENCE): `DROP SEQUENCE` (`DropStmt` with `OBJECT_SEQUENCE`),
 * `ALTER SEQUENCE … RESTART [WITH n]` (`AlterSeqStmt` with a `restart` option) and
 * `setval(seq, <constant>)` (`FuncCall`). A value computed from the data (`setval('s',
 * (SELECT max(id) FROM t))`, the usual fix-up after a bulk load) is not reported, nor a sequence
 * created earlier in the same text.
 */
export default defineSqlRule({
  meta: {
    id: 'sequence-reset',
    title: 'Dropping or resetting a sequence',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description:
        'Reports `DROP SEQUENCE`, `ALTER SEQUENCE … RESTART` and `setval()` to a constant: identifiers are issued again.',
      problem:
        'A sequence remembers which identifiers were handed out. Restarting it (`ALTER SEQUENCE users_id_seq ' +
        "RESTART WITH 1`, `SELECT setval('users_id_seq', 1)`) makes `nextval()` issue identifiers that rows " +
        'already have: inserts fail on the primary key, or — where the old rows were deleted but references to ' +
        'them remain (audit logs, caches, other services) — a new row inherits the history of an old one. ' +
        'Dropping the sequence loses its position outright and breaks every insert that calls it.',
      solution:
        "Move a sequence forward only, from the data: `SELECT setval('users_id_seq', (SELECT max(id) FROM " +
        'users))`. Reset sequences only together with the table they number (`TRUNCATE … RESTART IDENTITY` in ' +
        'a reviewed migration), and drop a sequence only after the column default that used it is gone.',
    },
    messages: {
      dropSequence: 'Dropping sequence {{sequence}} loses the position of the identifiers it has issued.',
      restart:
        'ALTER SEQUENCE {{sequence}} RESTART makes it issue identifiers again that rows may already have.',
      setval:
        'setval() sets sequence {{sequence}} to a fixed value: identifiers rows already have may be issued again.',
    },
    controls: ['SOC2:CC8.1', 'HIPAA:164.312(c)(1)'],
    sources: [
      'https://www.postgresql.org/docs/current/functions-sequence.html',
      'https://www.postgresql.org/docs/current/sql-altersequence.html',
      'https://www.postgresql.org/docs/current/sql-dropsequence.html',
    ],
    examples: {
      valid: [
        "SELECT setval('users_id_seq', (SELECT max(id) FROM users));",
        'ALTER SEQUENCE users_id_seq OWNED BY users.id;',
        'CREATE SEQUENCE scratch_seq;\nDROP SEQUENCE scratch_seq;',
        "SELECT nextval('users_id_seq');",
      ],
      invalid: [
        'DROP SEQUENCE users_id_seq;',
        'ALTER SEQUENCE users_id_seq RESTART WITH 1;',
        "SELECT setval('users_id_seq', 1);",
      ],
    },
  },
  dialects: ['postgresql'],
  check(stmt, ctx, report) {
    const fresh = (name: string): boolean => ctx.createdEarlier.has(name.toLowerCase());
    const drop = pgStmt(stmt, 'DropStmt');
    if (drop?.removeType === 'OBJECT_SEQUENCE') {
      for (const parts of dropObjects(drop)) {
        const sequence = parts.join('.');
        if (parts.length === 0 || fresh(sequence)) continue;
        report({ messageId: 'dropSequence', data: { sequence }, span: findNameSpan(stmt, parts) });
      }
      return;
    }
    const alter = pgStmt(stmt, 'AlterSeqStmt');
    if (alter) {
      const sequence = rangeVarName(alter.sequence) ?? '?';
      const restarts = list(alter.options).some((o) => asNode(o, 'DefElem')?.defname === 'restart');
      if (restarts && !fresh(sequence)) {
        report({ messageId: 'restart', data: { sequence }, span: findKeywordsSpan(stmt, ['restart']) });
      }
      return;
    }
    for (const call of pgNodes(stmt, 'FuncCall')) {
      if (funcCallName(call) !== 'setval') continue;
      const [seq, value] = list(call.args);
      if (typeof pgConstValue(value) !== 'number') continue;
      const name = pgConstValue(seq);
      const sequence = typeof name === 'string' ? name : '?';
      if (fresh(sequence)) continue;
      report({
        messageId: 'setval',
        data: { sequence },
        span: nameSpanAt(stmt, location(call), 'setval'.length),
      });
    }
  },
});
