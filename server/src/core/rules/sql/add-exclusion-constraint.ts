import { defineSqlRule } from '../rule';
import { alterOfExistingTable, constraintOf } from './lock-util';
import { findKeywordsSpan } from './util/text';

/**
 * `ALTER TABLE … ADD [CONSTRAINT name] EXCLUDE …` on an existing table (PostgreSQL), placed on
 * `EXCLUDE`. Peer: strong_migrations "Adding an exclusion constraint".
 */
export default defineSqlRule({
  meta: {
    id: 'add-exclusion-constraint',
    title: 'Adding an exclusion constraint',
    category: 'lock',
    severity: 'warning',
    docs: {
      description: 'Reports adding an `EXCLUDE` constraint to an existing table.',
      problem:
        'Adding an exclusion constraint builds its index and checks every existing row while holding a lock ' +
        'that blocks reads and writes; unlike foreign keys and checks it cannot be added `NOT VALID` and ' +
        'validated later, and no concurrent build exists for it.',
      solution:
        'Add it while the table is small, in a maintenance window, or enforce the rule in the application / a ' +
        'trigger for existing tables; set a `lock_timeout` so the migration fails fast instead of queueing traffic.',
    },
    messages: {
      exclusion:
        'Adding exclusion constraint {{name}} checks every row of {{table}} while blocking reads and writes.',
    },
    controls: ['SOC2:A1.2', 'SOC2:CC8.1'],
    sources: [
      'strong_migrations:add_exclusion_constraint',
      'https://github.com/ankane/strong_migrations#adding-an-exclusion-constraint',
      'https://www.postgresql.org/docs/current/sql-altertable.html',
    ],
    examples: {
      valid: [
        'CREATE TABLE b (r tsrange, EXCLUDE USING gist (r WITH &&));',
        'ALTER TABLE b ADD CONSTRAINT c CHECK (x > 0) NOT VALID;',
      ],
      invalid: [
        'ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);',
      ],
    },
  },
  check(stmt, ctx, report) {
    const alter = alterOfExistingTable(stmt, ctx);
    if (!alter) return;
    for (const cmd of alter.cmds) {
      const con = cmd.subtype === 'AT_AddConstraint' ? constraintOf(cmd.def) : undefined;
      if (con?.contype !== 'CONSTR_EXCLUSION') continue;
      report({
        messageId: 'exclusion',
        data: { name: String(con.conname ?? '(unnamed)'), table: alter.table },
        span: findKeywordsSpan(stmt, ['exclude']),
      });
    }
  },
});
