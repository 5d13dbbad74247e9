import { isRecord } from './pg-ast';
import { MYSQL_VOLATILE } from './volatile';

/**
 * Structural comparison of node-sql-parser expressions, the MySQL counterpart of pg-where.ts
 * `sameExpression` / `selfComparison`: a WHERE comparing an expression with itself
 * (`coalesce(id, 0) = coalesce(id, 0)`) is true for every row where the expression is not NULL.
 */

/** Deeper trees are not compared (the answer is "not the same"). */
const MAX_COMPARE_DEPTH = 64;

function sameTree(a: unknown, b: unknown, depth: number): boolean {
  if (depth > MAX_COMPARE_DEPTH) return false;
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameTree(x, b[i], depth + 1));
  }
  if (!isRecord(a) || !isRecord(b) || Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => k !== 'loc');
  const kb = Object.keys(b).filter((k) => k !== 'loc');
  return ka.length === kb.length && ka.every((k) => k in b && sameTree(a[k], b[k], depth + 1));
}

/** The lower-cased last part of a `{ type: 'function' }` node's name. */
function functionName(node: Record<string, unknown>): string {
  const name = node.name;
  if (typeof name === 'string') return name.toLowerCase();
  const parts = isRecord(name) && Array.isArray(name.name) ? name.name : [];
  const last: unknown = parts[parts.length - 1];
  return isRecord(last) && typeof last.value === 'string' ? last.value.toLowerCase() : '';
}

function callsVolatile(node: unknown, depth = 0): boolean {
  if (depth > MAX_COMPARE_DEPTH) return true;
  if (Array.isArray(node)) return node.some((n) => callsVolatile(n, depth + 1));
  if (!isRecord(node)) return false;
  if (node.type === 'function' && MYSQL_VOLATILE.has(functionName(node))) return true;
  return Object.entries(node).some(([k, v]) => k !== 'loc' && callsVolatile(v, depth + 1));
}

/**
 * The operand of a negation: `NOT x` (`unary_expr`), or `NOT (x)`, which node-sql-parser reads as
 * a call of a function named `NOT`; `undefined` for anything else.
 */
export function mysqlNegated(node: Record<string, unknown>): { operand: unknown } | undefined {
  if (node.type === 'unary_expr' && String(node.operator).toUpperCase() === 'NOT')
    return { operand: node.expr };
  if (node.type !== 'function' || functionName(node) !== 'not') return undefined;
  const args = isRecord(node.args) && Array.isArray(node.args.value) ? (node.args.value as unknown[]) : [];
  return args.length === 1 ? { operand: args[0] } : undefined;
}

/**
 * Whether two node-sql-parser expressions are the same value for every row: equal trees (apart
 * from `loc`), not the NULL literal, calling no volatile built-in (`rand()`, `uuid()`).
 */
export function sameMysqlExpression(a: unknown, b: unknown): boolean {
  if (!isRecord(a) || a.type === 'null') return false;
  return sameTree(a, b, 0) && !callsVolatile(a);
}

/**
 * A `binary_expr` comparing an expression with itself: `=`, `<=`, `>=`, `IN (…, x, …)`,
 * `BETWEEN x AND x` (true), `<>`, `!=`, `<`, `>`, `NOT IN` (false); `undefined` otherwise.
 */
export function mysqlSelfComparison(node: Record<string, unknown>): boolean | undefined {
  const op = String(node.operator).toUpperCase();
  const items =
    isRecord(node.right) && Array.isArray(node.right.value) ? (node.right.value as unknown[]) : [];
  switch (op) {
    case '=':
    case '<=':
    case '>=':
      return sameMysqlExpression(node.left, node.right) ? true : undefined;
    case '<>':
    case '!=':
    case '<':
    case '>':
      return sameMysqlExpression(node.left, node.right) ? false : undefined;
    case 'IN':
    case 'NOT IN':
      if (node.right === undefined || !isRecord(node.right) || node.right.type !== 'expr_list')
        return undefined;
      return items.some((item) => sameMysqlExpression(node.left, item)) ? op === 'IN' : undefined;
    case 'BETWEEN':
      return items.length === 2 && items.every((item) => sameMysqlExpression(node.left, item))
        ? true
        : undefined;
    default:
      return undefined;
  }
}
