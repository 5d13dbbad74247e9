import rule from '../../../../server/src/core/rules/sql/mysql-copying-alter';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  dialect: 'mysql',
  valid: [
    'ALTER TABLE t ADD COLUMN a int;',
    'ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (a, b);',
    'ALTER TABLE t MODIFY COLUMN a bigint, ALGORITHM=INSTANT;',
    'CREATE TABLE t (a int);\nALTER TABLE t MODIFY a bigint NOT NULL;',
    { code: 'ALTER TABLE t ADD COLUMN a int;', dialect: 'mariadb' },
  ],
  invalid: [
    {
      code: 'SELECT 1;\nALTER TABLE t MODIFY COLUMN a bigint NOT NULL, CHANGE b c varchar(10);',
      errors: [
        { messageId: 'modifyColumn', line: 2, column: 29 },
        { messageId: 'modifyColumn', line: 2, column: 55 },
      ],
      output:
        'SELECT 1;\nALTER TABLE t MODIFY COLUMN a bigint NOT NULL, CHANGE b c varchar(10), ALGORITHM=INPLACE, LOCK=NONE;',
    },
    {
      code: 'ALTER TABLE t DROP PRIMARY KEY;',
      errors: [{ messageId: 'dropPrimaryKey', line: 1, column: 1 }],
    },
    {
      code: 'ALTER TABLE db.t ADD COLUMN a int, ALGORITHM=COPY;',
      errors: [{ messageId: 'explicitCopy', line: 1, column: 1 }],
    },
  ],
});
