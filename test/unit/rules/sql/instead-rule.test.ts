import rule from '../../../../server/src/core/rules/sql/instead-rule';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'CREATE RULE r AS ON INSERT TO t DO ALSO NOTIFY t;',
    'CREATE RULE "_RETURN" AS ON SELECT TO v DO INSTEAD SELECT * FROM t;',
  ],
  invalid: [
    {
      code: 'CREATE RULE r AS ON INSERT TO orders DO INSTEAD NOTHING;',
      errors: [{ messageId: 'insteadNothing', line: 1, column: 41 }],
    },
    {
      code: 'SELECT 1;\nCREATE OR REPLACE RULE r AS ON DELETE TO t DO INSTEAD UPDATE t SET gone = true WHERE id = OLD.id;',
      errors: [{ messageId: 'instead', line: 2, column: 47 }],
    },
  ],
});
