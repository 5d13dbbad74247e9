/**
 * Built-in functions whose result changes from one call to the next within a statement, so two
 * calls written alike are not the same value (`random() = random()` is not always true). Used by
 * the WHERE evaluators (pg-where.ts, mysql-facts.ts) and by `volatile-default`.
 */

/**
 * PostgreSQL built-ins marked VOLATILE in `pg_proc` (`provolatile = 'v'`; PostgreSQL docs,
 * "Function Volatility Categories": a volatile function "can return different results on
 * successive calls with the same arguments"), among those written in filters and defaults.
 * `CREATE FUNCTION` defaults to VOLATILE, but a user-defined function is not listed: callers
 * decide what an unknown function means for them.
 */
export const PG_VOLATILE: ReadonlySet<string> = new Set([
  'random',
  'random_normal',
  'gen_random_uuid',
  'uuidv4',
  'uuidv7',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'gen_random_bytes',
  'clock_timestamp',
  'timeofday',
  'nextval',
  'txid_current',
]);

/**
 * MySQL/MariaDB built-ins evaluated again at each call (MySQL manual, "Numeric Functions" RAND,
 * "Miscellaneous Functions" UUID/UUID_SHORT, "Date and Time Functions": SYSDATE "returns the time
 * at which it executes", unlike NOW).
 */
export const MYSQL_VOLATILE: ReadonlySet<string> = new Set(['rand', 'uuid', 'uuid_short', 'sysdate']);
