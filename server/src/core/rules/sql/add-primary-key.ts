import { defineSqlRule } from '../rule';
import {
  alterOfExistingTable,
  clauseSpan,
  columnConstraints,
  columnInfo,
  constraintOf,
  PG_DOCS,
} from './lock-util';

/**
 * Adding a primary key to an existing table builds a unique index (and checks NOT NULL) under an
 * ACCESS EXCLUSIVE lock; a new `serial PRIMARY KEY` column also rewrites the table. Source:
 * PostgreSQL manual, ALTER TABLE ("ADD table_constraint_using_index").
 */
export default defineSqlRule({
  meta: {
    id: 'add-primary-key',
    title: 'Primary key added to an existing table',
    category: 'lock',
    severity: 'warning',
    docs: {
      description:
        'ADD PRIMARY KEY builds its index (and a new serial column rewrites the table) while the table is locked.',
      problem:
        '`ALTER TABLE … ADD PRIMARY KEY (cols)` builds a unique index and checks the columns for NULLs under an ' +
        'ACCESS EXCLUSIVE lock; `ADD COLUMN id serial PRIMARY KEY` additionally fills every row from a sequence, ' +
        `rewriting the table (${PG_DOCS.alterTable}, ${PG_DOCS.locking}).`,
      solution:
        'Make the columns NOT NULL first (see `set-not-null`), build the index concurrently, then attach it:\n' +
        '```sql\nCREATE UNIQUE INDEX CONCURRENTLY items_pkey ON items (id);\n' +
        'ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_pkey;\n```\n' +
        '- Rails / Django: run the two statements through `execute` / `RunSQL`, outside a transaction for the index.',
    },
    messages: {
      addPrimaryKey:
        'ADD PRIMARY KEY on {{table}} builds its index under an ACCESS EXCLUSIVE lock; build it CONCURRENTLY and add it USING INDEX.',
      primaryKeyColumn:
        'Column {{name}} is added to {{table}} as PRIMARY KEY: the table is rewritten and indexed under an ACCESS EXCLUSIVE lock.',
    },
    controls: ['SOC2:A1.2', 'SOC2:CC8.1'],
    sources: ['squawk:adding-serial-primary-key-field'],
    examples: {
      valid: ['ALTER TABLE items ADD CONSTRAINT items_pkey PRIMARY KEY USING INDEX items_pkey;'],
      invalid: [
        'ALTER TABLE items ADD PRIMARY KEY (id);',
        'ALTER TABLE items ADD COLUMN id bigserial PRIMARY KEY;',
      ],
    },
  },
  dialects: ['postgresql'],
  check(stmt, ctx, report) {
    const alter = alterOfExistingTable(stmt, ctx);
    if (!alter) return;
    const table = alter.table;
    for (const cmd of alter.cmds) {
      if (cmd.subtype === 'AT_AddConstraint') {
        const c = constraintOf(cmd.def);
        if (c?.contype !== 'CONSTR_PRIMARY' || typeof c.indexname === 'string') continue;
        report({ messageId: 'addPrimaryKey', data: { table }, span: clauseSpan(stmt, c.location) });
      } else if (cmd.subtype === 'AT_AddColumn') {
        const c = columnConstraints(cmd.def).find((k) => k.contype === 'CONSTR_PRIMARY');
        if (!c) continue;
        const name = columnInfo(cmd.def)?.name ?? '?';
        report({ messageId: 'primaryKeyColumn', data: { name, table }, span: clauseSpan(stmt, c.location) });
      }
    }
  },
});
