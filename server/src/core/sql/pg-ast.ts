/**
 * Small, typed helpers over libpg-query's JSON AST (shapes in `@pgsql/types`, which mirror
 * PostgreSQL's `parsenodes.h`). Every node is a one-key object `{ NodeType: fields }`.
 */

/** A libpg-query node: `{ TypeName: { ...fields } }`. */
export type PgNode = Record<string, unknown>;

/** Fields of a node, as a plain record. */
export type PgFields = Record<string, unknown>;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The node's type name (`DropStmt`), or `undefined` for a non-node. */
export function nodeType(node: unknown): string | undefined {
  if (!isRecord(node)) return undefined;
  const keys = Object.keys(node);
  return keys.length === 1 ? keys[0] : undefined;
}

/** The fields of `node` when it is of type `type`, else `undefined`. */
export function asNode(node: unknown, type: string): PgFields | undefined {
  if (!isRecord(node)) return undefined;
  const inner = node[type];
  return isRecord(inner) ? inner : undefined;
}

/** `{ String: { sval } }` ⇒ `sval`; other nodes ⇒ `undefined`. */
export function stringValue(node: unknown): string | undefined {
  const s = asNode(node, 'String');
  return typeof s?.sval === 'string' ? s.sval : undefined;
}

/** A list field as an array (absent ⇒ `[]`). */
export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A `RangeVar`'s name, schema-qualified when written so (`public.users`); `undefined` if not a RangeVar. */
export function rangeVarName(rv: unknown): string | undefined {
  const f = isRecord(rv) && 'RangeVar' in rv ? asNode(rv, 'RangeVar') : isRecord(rv) ? rv : undefined;
  if (!f || typeof f.relname !== 'string') return undefined;
  const parts = [f.catalogname, f.schemaname, f.relname].filter((p): p is string => typeof p === 'string');
  return parts.join('.');
}

/** A qualified name given as a list of `String` nodes (`DropStmt.objects` items) ⇒ `a.b`. */
export function qualifiedName(items: unknown): string | undefined {
  const parts = list(items).map(stringValue);
  if (parts.length === 0 || parts.some((p) => p === undefined)) return undefined;
  return parts.join('.');
}

/**
 * Depth-first walk over every node below `root` (root included). The visitor gets the node type,
 * its fields and the path of field names from the root (a live stack: copy it to keep it);
 * returning `false` skips the subtree. Allocation-free apart from the visitor's own work: it runs
 * for every node of every statement, several times per statement.
 */
export function walk(
  root: unknown,
  visit: (type: string, fields: PgFields, path: readonly string[]) => boolean | void,
  path: string[] = [],
): void {
  if (Array.isArray(root)) {
    for (const item of root) walk(item, visit, path);
    return;
  }
  if (typeof root !== 'object' || root === null) return;
  const obj = root as Record<string, unknown>;
  let type: string | undefined;
  let count = 0;
  for (const k in obj) {
    if (count++ > 0) {
      type = undefined;
      break;
    }
    type = k;
  }
  const inner = type !== undefined ? obj[type] : undefined;
  const isNode =
    type !== undefined && isRecord(inner) && type.charCodeAt(0) >= 65 && type.charCodeAt(0) <= 90;
  const fields = isNode ? (inner as Record<string, unknown>) : obj;
  if (isNode && visit(type as string, fields, path) === false) return;
  for (const k in fields) {
    const v = fields[k];
    if (typeof v !== 'object' || v === null) continue;
    path.push(k);
    walk(v, visit, path);
    path.pop();
  }
}

/**
 * Every node below `root` (root included) grouped by node type, each group in {@link walk} order.
 * One walk; O(nodes).
 */
export function indexNodes(root: unknown): Map<string, PgFields[]> {
  const index = new Map<string, PgFields[]>();
  walk(root, (type, fields) => {
    const group = index.get(type);
    if (group) group.push(fields);
    else index.set(type, [fields]);
  });
  return index;
}

/** PostgreSQL `location` fields are byte offsets into the statement text as parsed. */
export function location(fields: PgFields): number | undefined {
  return typeof fields.location === 'number' && fields.location >= 0 ? fields.location : undefined;
}
