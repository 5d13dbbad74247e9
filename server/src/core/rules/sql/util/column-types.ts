import type { SqlStatement } from '../../../sql/model';
import { isRecord, list, stringValue, type PgFields } from '../../../sql/pg-ast';
import type { Span } from '../../../types';
import { nameSpanAt, pgNodes } from './pg';

/** A column definition of a PostgreSQL statement (CREATE TABLE, ADD COLUMN, ALTER COLUMN TYPE). */
export interface ColumnType {
  /** Column name (`undefined` for `ALTER COLUMN … TYPE`, whose name sits on the command). */
  column: string | undefined;
  /** Last part of the type name, lower-cased, as the parser normalises it (`int4`, `bpchar`). */
  type: string;
  /** True when the type is qualified `pg_catalog.` (a built-in spelled with SQL keywords). */
  builtin: boolean;
  /** The type name in the text. */
  span: Span;
  def: PgFields;
}

/** Every `ColumnDef` of a PostgreSQL statement with its type, in walk order. */
export function columnTypes(stmt: SqlStatement): ColumnType[] {
  if (stmt.dialect !== 'postgresql') return [];
  return pgNodes(stmt, 'ColumnDef').flatMap((def) => {
    const tn = isRecord(def.typeName) ? def.typeName : undefined;
    if (!tn) return [];
    const names = list(tn.names).map(stringValue);
    const type = (names.at(-1) ?? '').toLowerCase();
    const loc = typeof tn.location === 'number' ? tn.location : undefined;
    return [
      {
        column: typeof def.colname === 'string' ? def.colname : undefined,
        type,
        builtin: names[0] === 'pg_catalog',
        span: nameSpanAt(stmt, loc, type.length),
        def,
      },
    ];
  });
}
