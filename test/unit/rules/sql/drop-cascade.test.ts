import rule from '../../../../server/src/core/rules/sql/drop-cascade';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: ['DROP TYPE mood;', 'DROP EXTENSION pg_trgm RESTRICT;', 'DROP INDEX i CASCADE;'],
  invalid: [
    { code: 'DROP TYPE mood CASCADE;', errors: [{ messageId: 'cascade', line: 1, column: 16 }] },
    {
      code: 'DROP EXTENSION IF EXISTS postgis, hstore CASCADE;',
      errors: [{ messageId: 'cascade', line: 1, column: 42 }],
    },
    {
      code: 'SELECT 1;\nDROP DOMAIN email CASCADE;',
      errors: [{ messageId: 'cascade', line: 2, column: 19 }],
    },
    { code: 'DROP FUNCTION f(int) CASCADE;', errors: [{ messageId: 'cascade', line: 1, column: 22 }] },
  ],
});
