import rule from '../../../../server/src/core/rules/sql/replication-broken';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'CREATE PUBLICATION pub FOR TABLE users;',
    'ALTER PUBLICATION pub ADD TABLE orders;',
    'ALTER SUBSCRIPTION sub ENABLE;',
    'ALTER SUBSCRIPTION sub SET (enabled = true);',
    'ALTER SUBSCRIPTION sub REFRESH PUBLICATION;',
    'SELECT slot_name, active FROM pg_replication_slots;',
  ],
  invalid: [
    { code: 'DROP PUBLICATION pub;', errors: [{ messageId: 'dropPublication', line: 1, column: 18 }] },
    {
      code: 'DROP PUBLICATION IF EXISTS a, b;',
      errors: [
        { messageId: 'dropPublication', line: 1, column: 28 },
        { messageId: 'dropPublication', line: 1, column: 31 },
      ],
    },
    { code: 'DROP SUBSCRIPTION sub;', errors: [{ messageId: 'dropSubscription', line: 1, column: 19 }] },
    {
      code: "SELECT pg_drop_replication_slot('debezium');",
      errors: [{ messageId: 'dropSlot', line: 1, column: 8 }],
    },
    {
      code: 'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE NOT active;',
      errors: [{ messageId: 'dropSlot', line: 1, column: 8 }],
    },
    {
      code: 'ALTER SUBSCRIPTION sub DISABLE;',
      errors: [{ messageId: 'disableSubscription', line: 1, column: 24 }],
    },
    {
      code: 'ALTER SUBSCRIPTION sub SET (enabled = false);',
      errors: [{ messageId: 'disableSubscription', line: 1, column: 1 }],
    },
  ],
});
