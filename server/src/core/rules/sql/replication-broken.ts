import { asNode, list, location } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { dropObjects, funcCallName, nameSpanAt, pgConstValue, pgNodes, pgStmt } from './util/pg';
import { findKeywordsSpan, findNameSpan } from './util/text';

/** Functions that drop a replication slot, and their docs page. */
const SLOT_DROPPERS: Record<string, string> = {
  pg_drop_replication_slot:
    'https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-REPLICATION',
};

/** Whether an `enabled` option's value turns the subscription off. */
function turnsOff(arg: unknown): boolean {
  const b = asNode(arg, 'Boolean');
  if (b) return b.boolval !== true;
  const v = pgConstValue(arg) ?? asNode(arg, 'String')?.sval;
  return typeof v === 'string' ? /^(false|off|0|no)$/i.test(v) : v === false || v === 0;
}

/**
 * PostgreSQL statements that stop changes reaching other systems (PostgreSQL docs, "Logical
 * Replication", DROP PUBLICATION, DROP SUBSCRIPTION, ALTER SUBSCRIPTION, "Replication Management
 * Functions"): `DROP PUBLICATION` (`DropStmt` with `OBJECT_PUBLICATION`), `DROP SUBSCRIPTION`
 * (`DropSubscriptionStmt`, which also drops the slot on the publisher), `pg_drop_replication_slot()`,
 * and `ALTER SUBSCRIPTION … DISABLE` / `SET (enabled = false)` (a warning: it can be enabled again).
 */
export default defineSqlRule({
  meta: {
    id: 'replication-broken',
    title: 'Dropping or stopping replication',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description:
        'Reports `DROP PUBLICATION`, `DROP SUBSCRIPTION`, `pg_drop_replication_slot()` and `ALTER SUBSCRIPTION … DISABLE`.',
      problem:
        'Replicas, read models and change-data-capture consumers (Debezium, analytics pipelines) receive changes ' +
        'through publications and replication slots. Dropping a slot discards the position of its consumer: ' +
        'changes it had not read yet are gone for it, and it must be re-seeded from a snapshot. Dropping a ' +
        'publication or subscription stops the copy silently; disabling a subscription pauses it while the ' +
        "publisher's slot keeps WAL, which can fill the publisher's disk.",
      solution:
        'Change replication through reviewed infrastructure changes, after the consumers have been stopped or ' +
        'moved. Check `pg_replication_slots` (`active`, `confirmed_flush_lsn`) before dropping a slot.',
    },
    messages: {
      dropPublication: 'Dropping publication {{name}} stops its subscribers receiving changes.',
      dropSubscription:
        'Dropping subscription {{name}} stops this copy and drops its replication slot on the publisher.',
      dropSlot: '{{func}}() drops a replication slot: changes its consumer has not read yet are lost to it.',
      disableSubscription:
        'Disabling subscription {{name}} stops replication into this database; the publisher keeps WAL meanwhile.',
    },
    controls: ['SOC2:A1.2', 'SOC2:CC8.1', 'NIST:CP-9'],
    sources: [
      'https://www.postgresql.org/docs/current/sql-droppublication.html',
      'https://www.postgresql.org/docs/current/sql-dropsubscription.html',
      'https://www.postgresql.org/docs/current/sql-altersubscription.html',
      ...Object.values(SLOT_DROPPERS),
    ],
    examples: {
      valid: [
        'CREATE PUBLICATION pub FOR TABLE users;',
        'ALTER SUBSCRIPTION sub ENABLE;',
        'SELECT slot_name, active FROM pg_replication_slots;',
      ],
      invalid: [
        'DROP PUBLICATION pub;',
        'DROP SUBSCRIPTION sub;',
        "SELECT pg_drop_replication_slot('debezium');",
        'ALTER SUBSCRIPTION sub DISABLE;',
      ],
    },
  },
  dialects: ['postgresql'],
  check(stmt, _ctx, report) {
    const drop = pgStmt(stmt, 'DropStmt');
    if (drop?.removeType === 'OBJECT_PUBLICATION') {
      for (const parts of dropObjects(drop)) {
        const name = parts.join('.');
        report({ messageId: 'dropPublication', data: { name }, span: findNameSpan(stmt, parts) });
      }
      return;
    }
    const sub = pgStmt(stmt, 'DropSubscriptionStmt');
    if (sub) {
      const name = String(sub.subname ?? '?');
      report({ messageId: 'dropSubscription', data: { name }, span: findNameSpan(stmt, [name]) });
      return;
    }
    const alter = pgStmt(stmt, 'AlterSubscriptionStmt');
    if (alter) {
      const off = list(alter.options).some((o) => {
        const d = asNode(o, 'DefElem');
        return d?.defname === 'enabled' && turnsOff(d.arg);
      });
      if (off) {
        report({
          messageId: 'disableSubscription',
          data: { name: String(alter.subname ?? '?') },
          span: findKeywordsSpan(stmt, ['disable']),
          severity: 'warning',
        });
      }
      return;
    }
    for (const call of pgNodes(stmt, 'FuncCall')) {
      const func = funcCallName(call);
      if (func === undefined || SLOT_DROPPERS[func] === undefined) continue;
      report({ messageId: 'dropSlot', data: { func }, span: nameSpanAt(stmt, location(call), func.length) });
    }
  },
});
