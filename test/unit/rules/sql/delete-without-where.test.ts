import rule from '../../../../server/src/core/rules/sql/delete-without-where';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'DELETE FROM t WHERE id IN (SELECT id FROM u);',
    'DELETE FROM t WHERE id IN (SELECT id FROM t WHERE banned);',
    'DELETE FROM t WHERE id IN (SELECT id FROM t LIMIT 10);',
    'DELETE FROM t WHERE id NOT IN (SELECT id FROM t);',
    'DELETE FROM t WHERE EXISTS (SELECT 1 FROM t AS o WHERE o.parent = t.id);',
    'DELETE FROM t WHERE a = a + 1;',
    'DELETE FROM t USING u WHERE t.id = u.id AND u.expired;',
    'DELETE FROM sessions WHERE expires_at < now();',
    "DELETE FROM events WHERE created_at < now() - interval '90 days';",
    'DELETE FROM t WHERE id > 100;',
    'CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM t USING u WHERE t.id = u.id AND u.id = OLD.id; RETURN NULL; END $$;',
    { code: 'DELETE FROM sessions WHERE expires_at < NOW()', dialect: 'mysql' },
    'DELETE FROM t WHERE CURRENT OF c;',
    'CREATE TEMP TABLE scratch (id int);\nDELETE FROM scratch;',
    { code: 'DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id', dialect: 'mysql' },
    { code: 'DELETE FROM t WHERE id = 3', dialect: 'mysql' },
    'DELETE FROM t WHERE random() = random();',
    'DELETE FROM t WHERE lower(a) = lower(b);',
    'DELETE FROM t WHERE id IS DISTINCT FROM id;',
    { code: 'DELETE FROM t WHERE rand() = rand()', dialect: 'mysql' },
  ],
  invalid: [
    // Predicates that do not narrow (issue 11 §2): reported as unbounded, with the reason.
    { code: 'DELETE FROM t WHERE id > 0;', errors: [{ messageId: 'unboundedWhere', line: 1, column: 13 }] },
    // A subquery over the target itself, unfiltered, picks every row.
    {
      code: 'DELETE FROM users WHERE id IN (SELECT id FROM users);',
      errors: [{ messageId: 'unboundedWhere', line: 1, column: 13 }],
    },
    {
      code: 'DELETE FROM public.users WHERE EXISTS (SELECT 1 FROM users);',
      errors: [{ messageId: 'unboundedWhere', line: 1, column: 13 }],
    },
    {
      code: 'DELETE FROM t WHERE email IN (SELECT email FROM t) OR false;',
      errors: [{ messageId: 'unboundedWhere', line: 1, column: 13 }],
    },
    { code: 'DELETE FROM t WHERE 1 <= id;', errors: [{ messageId: 'unboundedWhere', line: 1, column: 13 }] },
    {
      code: 'DELETE FROM t WHERE created_at <= now();',
      errors: [{ messageId: 'unboundedWhere', line: 1, column: 13 }],
    },
    {
      code: "SELECT 1;\nDELETE FROM t WHERE created_at < now() + interval '1 day';",
      errors: [{ messageId: 'unboundedWhere', line: 2, column: 13 }],
    },
    {
      code: 'DELETE FROM t WHERE deleted_at IS NULL OR deleted_at IS NOT NULL;',
      errors: [{ messageId: 'unboundedWhere', line: 1, column: 13 }],
    },
    {
      code: "DELETE FROM t WHERE updated_at > CURRENT_TIMESTAMP - interval '1 day' OR id >= 1;",
      errors: [{ messageId: 'unboundedWhere', line: 1, column: 13 }],
    },
    {
      code: 'DELETE FROM t USING u WHERE t.id = u.id;',
      errors: [{ messageId: 'unboundedWhere', line: 1, column: 13 }],
    },
    {
      code: 'DELETE FROM t AS x USING u WHERE u.x_id = x.id;',
      errors: [{ messageId: 'unboundedWhere', line: 1, column: 13 }],
    },
    {
      code: 'DELETE FROM t WHERE id > 0',
      dialect: 'mysql',
      errors: [{ messageId: 'unboundedWhere', line: 1, column: 13 }],
    },
    {
      code: 'DELETE FROM t WHERE created_at <= NOW()',
      dialect: 'mysql',
      errors: [{ messageId: 'unboundedWhere', line: 1, column: 13 }],
    },
    { code: 'DELETE FROM sessions;', errors: [{ messageId: 'noWhere', line: 1, column: 13 }] },
    { code: 'DELETE FROM t USING u;', errors: [{ messageId: 'noWhere', line: 1, column: 13 }] },
    {
      code: 'SELECT 1;\nDELETE FROM public.users\nWHERE true OR id = 3;',
      errors: [{ messageId: 'tautologicalWhere', line: 2, column: 13 }],
    },
    {
      code: "DELETE FROM t WHERE 'x' = 'x' AND NOT false;",
      errors: [{ messageId: 'tautologicalWhere', line: 1, column: 13 }],
    },
    {
      code: 'DELETE FROM t WHERE id IS NOT NULL;',
      errors: [{ messageId: 'tautologicalWhere', line: 1, column: 13 }],
    },
    {
      code: 'WITH gone AS (DELETE FROM orders RETURNING *)\nSELECT count(*) FROM gone;',
      errors: [{ messageId: 'noWhere', line: 1, column: 27 }],
    },
    {
      code: 'CREATE FUNCTION purge() RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  DELETE FROM audit_log;\nEND $$;',
      errors: [{ messageId: 'noWhere', line: 3, column: 15 }],
    },
    {
      code: 'SELECT 1;\nDELETE FROM `users`',
      dialect: 'mysql',
      errors: [{ messageId: 'noWhere', line: 2, column: 13 }],
    },
    {
      code: 'DELETE FROM users WHERE 1',
      dialect: 'mysql',
      errors: [{ messageId: 'tautologicalWhere', line: 1, column: 13 }],
    },
    // An expression compared with itself matches every row (NULLs aside), whatever the expression.
    ...[
      'DELETE FROM users WHERE coalesce(id, 0) = coalesce(id, 0);',
      'DELETE FROM users WHERE id IS NOT DISTINCT FROM id;',
      'DELETE FROM users WHERE lower(email) <= lower(email);',
      'DELETE FROM users WHERE NOT (id <> id);',
      'DELETE FROM users AS u WHERE u.id = id OR false;',
      "DELETE FROM users WHERE email = 'x' OR (id + 0) = (id + 0);",
    ].map((code) => ({ code, errors: [{ messageId: 'tautologicalWhere', line: 1, column: 13 }] })),
    {
      code: 'DELETE FROM users WHERE coalesce(id, 0) = coalesce(id, 0)',
      dialect: 'mysql',
      errors: [{ messageId: 'tautologicalWhere', line: 1, column: 13 }],
    },
  ],
});
