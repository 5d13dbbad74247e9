import rule from '../../../../server/src/core/rules/sql/large-object-unlink';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: ["SELECT lo_import('/tmp/x');", 'SELECT oid FROM pg_largeobject_metadata;', 'SELECT lo_get(16403);'],
  invalid: [
    {
      code: 'SELECT lo_unlink(oid) FROM pg_largeobject_metadata;',
      errors: [{ messageId: 'massUnlink', line: 1, column: 8 }],
    },
    { code: 'SELECT lo_unlink(16403);', errors: [{ messageId: 'unlink', line: 1, column: 8 }] },
    {
      code: 'DELETE FROM docs WHERE id = 3 RETURNING lo_unlink(blob);',
      errors: [{ messageId: 'unlink', line: 1, column: 41 }],
    },
  ],
});
