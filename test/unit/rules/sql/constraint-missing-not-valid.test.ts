import rule from '../../../../server/src/core/rules/sql/constraint-missing-not-valid';
import { testSqlRule } from '../../../helpers/rule-tester';

testSqlRule(rule, {
  valid: [
    'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;',
    'ALTER TABLE t ADD CONSTRAINT u UNIQUE (a);',
    'CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES u (id);',
  ],
  invalid: [
    {
      code: 'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);',
      errors: [{ messageId: 'foreignKey', line: 1, column: 24 }],
      output:
        'ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n' +
        'ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;',
    },
    {
      // Unnamed: the fix names it the way PostgreSQL would, so VALIDATE can refer to it.
      code: 'SELECT 1;\nALTER TABLE "Orders"\n  ADD CHECK (total >= 0);',
      errors: [{ messageId: 'check', line: 3, column: 7 }],
      output:
        'SELECT 1;\nALTER TABLE "Orders"\n  ADD CONSTRAINT "Orders_total_check" CHECK (total >= 0) NOT VALID;\n' +
        'ALTER TABLE "Orders" VALIDATE CONSTRAINT "Orders_total_check";',
    },
    {
      // In a transaction a VALIDATE would scan under the same lock: only NOT VALID is added.
      code: 'BEGIN;\nALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES u (id);\nCOMMIT;',
      errors: [{ messageId: 'foreignKey', line: 2, column: 19 }],
      output: 'BEGIN;\nALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES u (id) NOT VALID;\nCOMMIT;',
    },
    {
      code: 'ALTER TABLE t ADD COLUMN u_id int REFERENCES u (id),\n  ADD CONSTRAINT c CHECK (a > 0);',
      errors: [
        { messageId: 'columnForeignKey', line: 1, column: 35 },
        { messageId: 'check', line: 2, column: 7 },
      ],
    },
  ],
});
