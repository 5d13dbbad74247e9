import rule from '../../../../server/src/core/rules/sql/load-data-infile';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  dialect: 'mysql',
  valid: ['SELECT 1', { code: "COPY t FROM '/x';", dialect: 'postgresql' }],
  invalid: [
    {
      code: "SELECT 1;\nLOAD DATA INFILE '/etc/passwd' INTO TABLE loot",
      errors: [{ messageId: 'loadServerFile', line: 2, column: 18 }],
    },
    {
      code: "LOAD DATA LOCAL INFILE '~/.aws/credentials' REPLACE INTO TABLE t",
      errors: [{ messageId: 'loadLocalFile', line: 1, column: 24 }],
    },
  ],
});
