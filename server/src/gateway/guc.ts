/**
 * Which run-time settings (GUCs) a statement changes, from its parse tree (libpg_query JSON), so
 * the gateway can keep an agent from undoing the settings it made for its session
 * (`SET statement_timeout = 0`, `RESET ALL`, `DISCARD ALL`, `SELECT set_config('lock_timeout', '0', false)`,
 * `SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE`, `BEGIN READ WRITE`).
 *
 * Limits: a setting changed inside a function that already exists in the database, or through
 * dynamic SQL (`EXECUTE` of a built string), is not seen here.
 *
 * Sources: PostgreSQL docs "SET", "RESET", "SET TRANSACTION", "BEGIN", "Configuration Settings
 * Functions" (set_config); parsenodes.h (VariableSetStmt, TransactionStmt).
 */

type Json = Record<string, unknown>;

/** `SET SESSION CHARACTERISTICS` / `BEGIN` options ⇒ the setting they change for the session. */
const TRANSACTION_OPTIONS: Record<string, string> = {
  transaction_read_only: 'default_transaction_read_only',
  transaction_isolation: 'default_transaction_isolation',
  transaction_deferrable: 'default_transaction_deferrable',
};

/** A DefElem's integer value (`READ ONLY` ⇒ 1, `READ WRITE` ⇒ 0). */
function defInt(d: Json): number {
  const c = (d.arg as Json | undefined)?.A_Const as Json | undefined;
  const ival = c?.ival as Json | undefined;
  return typeof ival?.ival === 'number' ? ival.ival : 0;
}

/**
 * Names (lower case) of the settings `ast` changes; `*` for all or unknown ones (`RESET ALL`,
 * `set_config` with a computed name). `BEGIN READ ONLY` changes nothing a session set relies on;
 * `BEGIN READ WRITE` counts as `default_transaction_read_only`. Never throws.
 */
export function settingsChanged(ast: unknown): string[] {
  const out = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!v || typeof v !== 'object') return;
    const o = v as Json;
    const set = o.VariableSetStmt as Json | undefined;
    if (set) {
      const name = typeof set.name === 'string' ? set.name.toLowerCase() : '';
      if (set.kind === 'VAR_RESET_ALL') out.add('*');
      else if (name === 'session characteristics' || name === 'transaction') {
        for (const a of (set.args as Json[] | undefined) ?? []) {
          const d = a.DefElem as Json | undefined;
          const g = d && TRANSACTION_OPTIONS[String(d.defname)];
          if (g && name === 'session characteristics') out.add(g);
          else if (g === 'default_transaction_read_only' && d && defInt(d) === 0) out.add(g);
        }
      } else if (name) out.add(name);
    }
    const discard = o.DiscardStmt as Json | undefined;
    if (discard && discard.target === 'DISCARD_ALL') out.add('*'); // DISCARD ALL runs RESET ALL
    const tx = o.TransactionStmt as Json | undefined;
    for (const a of (tx?.options as Json[] | undefined) ?? []) {
      const d = a.DefElem as Json | undefined;
      if (d?.defname === 'transaction_read_only' && defInt(d) === 0) out.add('default_transaction_read_only');
    }
    const call = o.FuncCall as Json | undefined;
    if (call) {
      const names = (call.funcname as Json[] | undefined) ?? [];
      const last = (names[names.length - 1]?.String as Json | undefined)?.sval;
      if (typeof last === 'string' && last.toLowerCase() === 'set_config') {
        const first = ((call.args as Json[] | undefined)?.[0]?.A_Const as Json | undefined)?.sval as
          Json | undefined;
        out.add(typeof first?.sval === 'string' ? first.sval.toLowerCase() : '*');
      }
    }
    for (const x of Object.values(o)) visit(x);
  };
  try {
    visit(ast);
  } catch {
    out.add('*');
  }
  return [...out].sort();
}
