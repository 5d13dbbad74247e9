import { defineSqlRule } from '../rule';
import { myAst, myList, myTableName, myText } from './util/mysql';
import { findNameSpan } from './util/text';

/**
 * MySQL/MariaDB `CREATE TABLE … ENGINE=BLACKHOLE` and `ALTER TABLE … ENGINE=BLACKHOLE`, placed on
 * the engine name. MySQL manual "The BLACKHOLE Storage Engine": it "accepts data but throws it
 * away"; converting a table to it discards every row it holds.
 */
export default defineSqlRule({
  meta: {
    id: 'blackhole-engine',
    title: 'A storage engine that discards data',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description:
        'Reports `ENGINE=BLACKHOLE` in `CREATE TABLE` or `ALTER TABLE`: a table that keeps no rows.',
      problem:
        '`ALTER TABLE orders ENGINE=BLACKHOLE` converts the table to an engine that stores nothing: every row ' +
        'is gone, and every later INSERT succeeds and disappears. On a new table it silently swallows writes ' +
        '(they still reach the binary log, so replicas diverge from what the primary shows).',
      solution:
        'Use InnoDB. To stop a table growing, archive and delete old rows in batches; to drop it, drop it in a ' +
        'reviewed migration.',
    },
    messages: {
      blackhole: 'ENGINE=BLACKHOLE on {{table}} discards {{what}}.',
    },
    controls: ['SOC2:CC8.1', 'HIPAA:164.312(c)(1)'],
    sources: ['https://dev.mysql.com/doc/refman/8.0/en/blackhole-storage-engine.html'],
    examples: {
      valid: ['CREATE TABLE t (a int) ENGINE=InnoDB;', 'ALTER TABLE t ENGINE=InnoDB;'],
      invalid: ['ALTER TABLE orders ENGINE=BLACKHOLE;', 'CREATE TABLE sink (a int) ENGINE = BLACKHOLE;'],
    },
  },
  dialects: ['mysql', 'mariadb'],
  check(stmt, _ctx, report) {
    const ast = myAst(stmt);
    if (!ast) return;
    const table = myList(ast.table).map(myTableName)[0] ?? '?';
    let hit = false;
    if (ast.type === 'create')
      hit = myList(ast.table_options).some(
        (o) => myText(o.keyword) === 'engine' && myText(o.value) === 'blackhole',
      );
    else if (ast.type === 'alter')
      hit = myList(ast.expr).some((e) => e.resource === 'engine' && myText(e.engine) === 'blackhole');
    if (!hit) return;
    report({
      messageId: 'blackhole',
      data: {
        table,
        what: ast.type === 'alter' ? 'every row it holds and every later write' : 'every row written to it',
      },
      span: findNameSpan(stmt, ['blackhole']),
      effects: [{ verb: 'destroy', resource: { kind: 'table', id: table }, via: 'ENGINE=BLACKHOLE' }],
    });
  },
});
