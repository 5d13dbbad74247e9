import rule from '../../../../server/src/core/rules/sql/audit-logging-disabled';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'ALTER TABLE t DISABLE TRIGGER ALL;\nUPDATE t SET a = 1 WHERE id = 2;\nALTER TABLE t ENABLE TRIGGER ALL;',
    'ALTER TABLE t DISABLE TRIGGER audit_trg;\nUPDATE t SET a = 1 WHERE id = 2;\nALTER TABLE t ENABLE TRIGGER audit_trg;',
    'ALTER EVENT TRIGGER audit_ddl ENABLE ALWAYS;',
    'ALTER TABLE t ENABLE TRIGGER ALL;',
    'ALTER SYSTEM SET logging_collector = on;',
    "SET session_replication_role = 'origin';",
    'DROP EXTENSION pgcrypto;',
    { code: 'SET GLOBAL general_log = 1', dialect: 'mysql' },
    { code: 'SET sql_log_off = 0', dialect: 'mysql' },
  ],
  invalid: [
    {
      code: "SELECT 1;\nALTER SYSTEM SET pgaudit.log TO 'none';",
      errors: [{ messageId: 'settingOff', line: 2, column: 18 }],
    },
    {
      code: 'SET session_replication_role = replica;',
      errors: [{ messageId: 'settingOff', line: 1, column: 5 }],
    },
    {
      code: 'DROP EXTENSION IF EXISTS pgaudit;',
      errors: [{ messageId: 'dropAuditExtension', line: 1, column: 26 }],
    },
    {
      code: 'ALTER ROLE agent SET log_statement = none;',
      errors: [{ messageId: 'settingOff', line: 1, column: 22 }],
    },
    {
      code: 'SELECT 1;\nSET GLOBAL general_log = OFF',
      dialect: 'mysql',
      errors: [{ messageId: 'settingOff', line: 2, column: 12 }],
    },
    {
      code: 'DROP EVENT TRIGGER audit_ddl;',
      errors: [{ messageId: 'eventTriggerOff', line: 1, column: 20 }],
    },
    {
      code: 'ALTER EVENT TRIGGER audit_ddl DISABLE;',
      errors: [{ messageId: 'eventTriggerOff', line: 1, column: 31 }],
    },
    {
      code: 'ALTER TABLE orders DISABLE TRIGGER ALL;',
      errors: [{ messageId: 'tableTriggersOff', line: 1, column: 20 }],
    },
    {
      code: 'ALTER TABLE orders DISABLE TRIGGER USER;\nDELETE FROM orders WHERE id = 1;',
      errors: [{ messageId: 'tableTriggersOff', line: 1, column: 20 }],
    },
    {
      // Re-enabled on another table, or another trigger: still off.
      code: 'ALTER TABLE orders DISABLE TRIGGER audit_trg;\nALTER TABLE items ENABLE TRIGGER audit_trg;\nALTER TABLE orders ENABLE TRIGGER other;',
      errors: [{ messageId: 'tableTriggersOff', line: 1, column: 20 }],
    },
    {
      code: 'SET @@global.sql_log_off = 1',
      dialect: 'mysql',
      errors: [{ messageId: 'settingOff', line: 1, column: 14 }],
    },
    {
      code: 'SET SESSION sql_log_bin = 0',
      dialect: 'mysql',
      errors: [{ messageId: 'settingOff', line: 1, column: 13 }],
    },
  ],
});
