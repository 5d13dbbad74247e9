import { defineSqlRule } from '../rule';
import { columnTypes } from './util/column-types';

/** Opt-in style rule: `char(n)` / `character(n)` columns, placed on the type. Peer: squawk `ban-char-field`. */
export default defineSqlRule({
  meta: {
    id: 'ban-char-field',
    title: 'Avoid char(n)',
    category: 'compatibility',
    severity: 'hint',
    docs: {
      description: 'Opt-in style rule: reports `char(n)` / `character(n)` columns.',
      problem:
        '`char(n)` pads values with spaces, compares ignoring them and is no faster than `text`; the padding ' +
        'surprises application code.',
      solution: 'Use `text` (with a CHECK on length if needed) or `varchar(n)`.',
    },
    messages: { char: 'Column {{column}} is char(n): prefer text or varchar.' },
    controls: [],
    sources: [
      'squawk:ban-char-field',
      'https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_char.28n.29',
    ],
    examples: {
      valid: ['CREATE TABLE t (code text, v varchar(3));'],
      invalid: ['CREATE TABLE t (code char(3));'],
    },
  },
  check(stmt, _ctx, report) {
    for (const c of columnTypes(stmt)) {
      if (c.type !== 'bpchar' || !c.builtin) continue;
      report({ messageId: 'char', data: { column: c.column ?? '?' }, span: c.span });
    }
  },
});
