import rule from '../../../../server/src/core/rules/sql/update-without-where';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'UPDATE person p SET admin = lu.admin FROM local_user lu WHERE lu.person_id = p.id AND lu.id = 7;',
    "UPDATE t SET a = 1 WHERE created_at < now() - interval '1 year';",
    'UPDATE t SET a = 1 WHERE id = 2;',
    'UPDATE t SET a = u.a FROM u WHERE u.id = t.id AND u.batch = 3;',
    { code: 'UPDATE t1 JOIN t2 ON t1.id = t2.id SET t1.a = t2.a', dialect: 'mysql' },
  ],
  invalid: [
    {
      code: 'UPDATE t SET a = 1 WHERE id <> 0;',
      errors: [{ messageId: 'unboundedWhere', line: 1, column: 8 }],
    },
    {
      code: 'UPDATE person p SET admin = lu.admin FROM local_user lu WHERE lu.person_id = p.id;',
      errors: [{ messageId: 'unboundedWhere', line: 1, column: 8 }],
    },
    { code: 'UPDATE users SET admin = true;', errors: [{ messageId: 'noWhere', line: 1, column: 8 }] },
    {
      code: 'SELECT 1;\nUPDATE accounts SET balance = 0 WHERE 2 > 1;',
      errors: [{ messageId: 'tautologicalWhere', line: 2, column: 8 }],
    },
    {
      code: 'SELECT 1;\n\nUPDATE `users` SET role = 0 WHERE id = id',
      dialect: 'mysql',
      errors: [{ messageId: 'tautologicalWhere', line: 3, column: 8 }],
    },
    {
      code: 'UPDATE users SET role = 0',
      dialect: 'mysql',
      errors: [{ messageId: 'noWhere', line: 1, column: 8 }],
    },
  ],
});
