import { defineSqlRule } from '../rule';
import { columnTypes } from './util/column-types';

const SMALL: Record<string, string> = {
  int4: 'integer',
  int2: 'smallint',
  serial: 'serial',
  serial4: 'serial',
  smallserial: 'smallserial',
  serial2: 'smallserial',
};

/**
 * Opt-in style rule (off unless enabled, see `STYLE_RULES`): `integer`/`smallint`/`serial`
 * columns, placed on the type. Peer: squawk `prefer-bigint-over-int`, `prefer-bigint-over-smallint`.
 */
export default defineSqlRule({
  meta: {
    id: 'prefer-bigint-over-int',
    title: 'Prefer bigint over integer',
    category: 'compatibility',
    severity: 'hint',
    docs: {
      description: 'Opt-in style rule: reports `integer`, `smallint` and `serial` columns.',
      problem:
        'A 32-bit key runs out at 2,147,483,647; changing the type of a populated column later rewrites the ' +
        'table under an ACCESS EXCLUSIVE lock. The 4 bytes saved per row are rarely worth it.',
      solution: 'Use `bigint` (and `bigserial` / `GENERATED … AS IDENTITY` on `bigint`).',
    },
    messages: { small: 'Column {{column}} is {{type}}: prefer bigint.' },
    controls: [],
    sources: ['squawk:prefer-bigint-over-int', 'squawk:prefer-bigint-over-smallint'],
    examples: {
      valid: ['CREATE TABLE t (id bigint, n bigserial);'],
      invalid: ['CREATE TABLE t (id integer);', 'ALTER TABLE t ADD COLUMN n serial;'],
    },
  },
  check(stmt, _ctx, report) {
    for (const c of columnTypes(stmt)) {
      const type = SMALL[c.type];
      if (!type || (c.type.startsWith('int') && !c.builtin)) continue;
      report({ messageId: 'small', data: { column: c.column ?? '?', type }, span: c.span });
    }
  },
});
