import { analyzeSql } from '../../../server/src/core/sql/analyze';
import type { SqlAnalysis } from '../../../server/src/core/sql/model';
import type { Dialect } from '../../../server/src/core/types';
import { parsers } from '../../helpers/parsers';

/** Analyzes `sql` in `dialect` with the shared parsers. */
export async function analyze(
  sql: string,
  dialect: Dialect = 'postgresql',
  file?: string,
): Promise<SqlAnalysis> {
  return analyzeSql(await parsers(), sql, { dialect, ...(file ? { file } : {}) });
}
