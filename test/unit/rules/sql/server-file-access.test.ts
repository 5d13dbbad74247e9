import rule from '../../../../server/src/core/rules/sql/server-file-access';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    "SELECT 'pg_read_file(x)';",
    'COPY t FROM STDIN;',
    "COPY t FROM PROGRAM 'x';",
    { code: 'SELECT file_name FROM uploads WHERE id = 1', dialect: 'mysql' },
  ],
  invalid: [
    {
      code: "SELECT 1;\nSELECT length(pg_catalog.pg_read_binary_file('/etc/ssl/private/key.pem'));",
      errors: [{ messageId: 'fileFunction', line: 2, column: 15 }],
    },
    {
      code: "SELECT pg_ls_dir('.'), lo_import('/etc/shadow');",
      errors: [
        { messageId: 'fileFunction', line: 1, column: 8 },
        { messageId: 'fileFunction', line: 1, column: 24 },
      ],
    },
    { code: "COPY loot FROM '/etc/passwd';", errors: [{ messageId: 'copyFromFile', line: 1, column: 16 }] },
    {
      code: 'CREATE SERVER logs FOREIGN DATA WRAPPER file_fdw;',
      errors: [{ messageId: 'fileFdw', line: 1, column: 41 }],
    },
    {
      code: "SELECT 1;\nSELECT LOAD_FILE('/etc/passwd') AS p",
      dialect: 'mysql',
      errors: [{ messageId: 'fileFunction', line: 2, column: 8 }],
    },
    {
      code: "CREATE FUNCTION leak() RETURNS text LANGUAGE plpgsql AS $$\nDECLARE x text;\nBEGIN\n  PERFORM lo_export(1, '/tmp/a');\n  SELECT pg_read_file('/etc/passwd') INTO x;\n  RETURN x;\nEND $$;",
      errors: [
        { messageId: 'fileFunction', line: 4 },
        { messageId: 'fileFunction', line: 5, column: 10 },
      ],
    },
  ],
});
