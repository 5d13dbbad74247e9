import rule from '../../../../server/src/core/rules/sql/untrusted-language';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;',
    'DO $$ BEGIN NULL; END $$;',
    'CREATE EXTENSION plperl;',
  ],
  invalid: [
    {
      code: 'CREATE FUNCTION f() RETURNS int LANGUAGE plpython3u AS $$ import os $$;',
      errors: [{ messageId: 'language', line: 1, column: 42 }],
    },
    { code: 'CREATE LANGUAGE plperlu;', errors: [{ messageId: 'install', line: 1, column: 17 }] },
    { code: 'CREATE EXTENSION IF NOT EXISTS plsh;', errors: [{ messageId: 'install', line: 1, column: 32 }] },
    {
      code: 'SELECT 1;\nDO LANGUAGE plpython3u $$ import os $$;',
      errors: [{ messageId: 'language', line: 2, column: 13 }],
    },
    {
      code: "CREATE PROCEDURE p() AS 'evil.so', 'run' LANGUAGE C;",
      errors: [{ messageId: 'language', line: 1, column: 51 }],
    },
  ],
});
