import rule from '../../../../server/src/core/rules/sql/json-column';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'CREATE TABLE t (doc jsonb);',
    'CREATE TABLE t (doc "my".json);',
    { code: 'CREATE TABLE t (doc JSON)', dialect: 'mysql' },
  ],
  invalid: [
    { code: 'ALTER TABLE t ADD COLUMN settings json;', errors: [{ messageId: 'json', line: 1, column: 35 }] },
    {
      code: 'CREATE TABLE t (\n  id bigint,\n  doc json NOT NULL\n);',
      errors: [{ messageId: 'json', line: 3, column: 7 }],
    },
  ],
});
