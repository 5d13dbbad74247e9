import rule from '../../../../server/src/core/rules/sql/add-exclusion-constraint';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: ['CREATE TABLE b (r tsrange);\nALTER TABLE b ADD CONSTRAINT x EXCLUDE USING gist (r WITH &&);'],
  invalid: [
    {
      code: 'ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&);',
      errors: [{ messageId: 'exclusion', line: 1, column: 48 }],
    },
  ],
});
