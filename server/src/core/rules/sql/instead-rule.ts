import { list, rangeVarName } from '../../sql/pg-ast';
import { defineSqlRule } from '../rule';
import { pgStmt } from './util/pg';
import { findKeywordsSpan } from './util/text';

const EVENTS: Record<string, string> = {
  CMD_INSERT: 'INSERT',
  CMD_UPDATE: 'UPDATE',
  CMD_DELETE: 'DELETE',
  CMD_SELECT: 'SELECT',
};

/**
 * PostgreSQL `CREATE RULE … DO INSTEAD` on INSERT / UPDATE / DELETE (`RuleStmt` with `instead`):
 * with `NOTHING` the writes are swallowed (an error), with other actions they are replaced by
 * something else (a warning). Placed on `INSTEAD`.
 */
export default defineSqlRule({
  meta: {
    id: 'instead-rule',
    title: 'A rewrite rule that replaces writes',
    category: 'data-loss',
    severity: 'warning',
    docs: {
      description:
        'Reports `CREATE RULE … ON INSERT | UPDATE | DELETE … DO INSTEAD`, above all `DO INSTEAD NOTHING`.',
      problem:
        'A rewrite rule runs in place of the statement: `CREATE RULE r AS ON INSERT TO orders DO INSTEAD ' +
        'NOTHING` makes every insert into `orders` report success and store nothing, for every role, until ' +
        'someone thinks of looking at `pg_rules`. `DO INSTEAD` with other actions silently redirects writes.',
      solution:
        'Use a trigger or a view with explicit INSTEAD OF triggers, reviewed in a migration; to block writes, ' +
        'revoke the privilege so the application gets an error instead of silent loss.',
    },
    messages: {
      insteadNothing:
        'DO INSTEAD NOTHING on {{event}} to {{table}}: every {{event}} reports success and changes nothing.',
      instead: 'DO INSTEAD on {{event}} to {{table}} replaces every {{event}} with other statements.',
    },
    controls: ['SOC2:CC8.1', 'HIPAA:164.312(c)(1)'],
    sources: [
      'https://www.postgresql.org/docs/current/sql-createrule.html',
      'https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_rules',
    ],
    examples: {
      valid: [
        'CREATE RULE log_sel AS ON SELECT TO v DO INSTEAD SELECT * FROM t;',
        'CREATE RULE also AS ON INSERT TO t DO ALSO NOTIFY t_changed;',
      ],
      invalid: [
        'CREATE RULE block AS ON INSERT TO orders DO INSTEAD NOTHING;',
        'CREATE RULE r AS ON DELETE TO t DO INSTEAD UPDATE t SET deleted = true WHERE id = OLD.id;',
      ],
    },
  },
  check(stmt, _ctx, report) {
    const rule = pgStmt(stmt, 'RuleStmt');
    if (!rule || rule.instead !== true) return;
    const event = EVENTS[String(rule.event)] ?? '?';
    if (event === 'SELECT') return;
    const table = rangeVarName(rule.relation) ?? '?';
    const nothing = list(rule.actions).length === 0;
    report({
      messageId: nothing ? 'insteadNothing' : 'instead',
      data: { event, table },
      span: findKeywordsSpan(stmt, ['instead']),
      ...(nothing ? { severity: 'error' as const } : {}),
      effects: [
        {
          verb: nothing ? 'destroy' : 'overwrite',
          resource: { kind: 'table', id: table },
          via: 'CREATE RULE … DO INSTEAD',
        },
      ],
    });
  },
});
