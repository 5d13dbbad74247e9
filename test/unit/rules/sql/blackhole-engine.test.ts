import rule from '../../../../server/src/core/rules/sql/blackhole-engine';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  dialect: 'mysql',
  valid: [
    'CREATE TABLE t (a int) ENGINE=MyISAM;',
    'ALTER TABLE t ENGINE = InnoDB;',
    "SELECT 'ENGINE=BLACKHOLE';",
  ],
  invalid: [
    {
      code: 'ALTER TABLE orders ENGINE=BLACKHOLE;',
      errors: [{ messageId: 'blackhole', line: 1, column: 27 }],
    },
    {
      code: 'SELECT 1;\nCREATE TABLE sink (a int) ENGINE = blackhole;',
      errors: [{ messageId: 'blackhole', line: 2, column: 36 }],
    },
    {
      code: '/*!40000 ALTER TABLE t ENGINE=BLACKHOLE */;',
      errors: [{ messageId: 'blackhole', line: 1, column: 31 }],
    },
  ],
});
