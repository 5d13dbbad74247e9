import { DIALECTS, type Actor, type ActionKind, type Dialect } from '../core/types';
import { UsageError } from './io';

const ALIASES: Record<string, Dialect> = {
  postgres: 'postgresql',
  pg: 'postgresql',
  tsql: 'transactsql',
  mssql: 'transactsql',
};

/** Parses a `--dialect` value (aliases: postgres, pg, tsql, mssql). @throws UsageError */
export function parseDialect(value: string): Dialect {
  const v = value.toLowerCase();
  const d = ALIASES[v] ?? DIALECTS.find((x) => x === v);
  if (!d) throw new UsageError(`unknown dialect "${value}" (expected one of ${DIALECTS.join(', ')})`);
  return d;
}

/** Parses `--kind`. @throws UsageError */
export function parseKind(value: string): ActionKind {
  if (value === 'shell' || value === 'sql' || value === 'task' || value === 'tool') return value;
  throw new UsageError(`unknown kind "${value}" (expected shell or sql)`);
}

/** Parses `--actor agent:NAME|human:NAME` (a bare name is a human). @throws UsageError */
export function parseActorArg(value: string): Actor {
  const m = /^(agent|human):(.+)$/.exec(value);
  if (m?.[1] && m[2]) return { type: m[1] === 'agent' ? 'agent' : 'human', name: m[2] };
  if (/^[\w.@-]+$/.test(value)) return { type: 'human', name: value };
  throw new UsageError(`bad --actor "${value}" (expected agent:NAME or human:NAME)`);
}
