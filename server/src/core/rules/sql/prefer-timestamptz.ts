import { defineSqlRule } from '../rule';
import { columnTypes } from './util/column-types';

/**
 * Opt-in style rule: `timestamp` (without time zone) columns, placed on the type. Peer: squawk
 * `prefer-timestamptz`.
 */
export default defineSqlRule({
  meta: {
    id: 'prefer-timestamptz',
    title: 'Prefer timestamptz over timestamp',
    category: 'compatibility',
    severity: 'hint',
    docs: {
      description: 'Opt-in style rule: reports `timestamp without time zone` columns.',
      problem:
        '`timestamp` stores a wall-clock reading with no zone: the same instant reads differently depending ' +
        'on the session `TimeZone`, and converting later rewrites the table.',
      solution: 'Use `timestamptz` (`timestamp with time zone`), which stores an instant.',
    },
    messages: { timestamp: 'Column {{column}} is timestamp without time zone: prefer timestamptz.' },
    controls: [],
    sources: [
      'squawk:prefer-timestamptz',
      'https://wiki.postgresql.org/wiki/Don%27t_Do_This#Don.27t_use_timestamp_.28without_time_zone.29',
    ],
    examples: {
      valid: ['CREATE TABLE t (at timestamptz);'],
      invalid: [
        'CREATE TABLE t (at timestamp);',
        'ALTER TABLE t ALTER COLUMN at TYPE timestamp without time zone;',
      ],
    },
  },
  check(stmt, _ctx, report) {
    for (const c of columnTypes(stmt)) {
      if (c.type !== 'timestamp' || !c.builtin) continue;
      report({ messageId: 'timestamp', data: { column: c.column ?? '?' }, span: c.span });
    }
  },
});
