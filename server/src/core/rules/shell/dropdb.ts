import { defineShellRule } from '../rule';
import { parseOptions } from './util/options';

/** dropdb options with arguments (PostgreSQL docs, "dropdb"). */
const DROPDB_SPEC = { shortWithValue: 'hpU', longWithValue: ['host', 'port', 'username', 'maintenance-db'] };
/** mysqladmin options with arguments (MySQL docs, "mysqladmin"). */
const MYSQLADMIN_SPEC = {
  shortWithValue: 'hPuSOci',
  longWithValue: [
    'host',
    'port',
    'user',
    'socket',
    'password',
    'protocol',
    'defaults-file',
    'login-path',
    'connect-timeout',
    'shutdown-timeout',
  ],
};

/** `dropdb NAME` (PostgreSQL) and `mysqladmin drop NAME` (MySQL/MariaDB): dropping a whole database. */
export default defineShellRule({
  meta: {
    id: 'dropdb',
    title: 'Dropping a database from the shell',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description: 'Flags `dropdb` and `mysqladmin drop`, which remove a whole database.',
      problem:
        'Dropping a database deletes every table, row and object in it at once; only a backup brings it back.',
      solution:
        'Take a backup first, drop databases only in disposable environments, and restrict the DROP privilege of the credentials agents use.',
    },
    messages: {
      dropdb: '`{{tool}}` drops database `{{name}}` and all its data.',
    },
    controls: ['SOC2:CC8.1', 'SOC2:A1.2', 'NIST:CP-9'],
    sources: ['squawk:ban-drop-database'],
    examples: {
      valid: ['createdb app_test', 'mysqladmin status', 'dropdb --help', 'echo dropdb prod'],
      invalid: [
        'dropdb -h db.internal -U admin production',
        'dropdb --if-exists app',
        'mysqladmin -u root -p drop shop',
        'mysqladmin -f drop shop',
      ],
    },
  },
  check(cmd, _analysis, report) {
    if (cmd.name === 'dropdb') {
      const parsed = parseOptions(cmd.argv.slice(1), DROPDB_SPEC);
      if (parsed.has('help', '?', 'V', 'version')) return;
      const db = parsed.positionals[0];
      if (db)
        report({ messageId: 'dropdb', data: { tool: 'dropdb', name: db.value ?? db.raw }, span: db.span });
    } else if (cmd.name === 'mysqladmin' || cmd.name === 'mariadb-admin') {
      const pos = parseOptions(cmd.argv.slice(1), MYSQLADMIN_SPEC).positionals;
      const i = pos.findIndex((w) => w.value?.toLowerCase() === 'drop');
      const db = i >= 0 ? pos[i + 1] : undefined;
      if (db)
        report({
          messageId: 'dropdb',
          data: { tool: `${cmd.name} drop`, name: db.value ?? db.raw },
          span: pos[i]?.span ?? db.span,
        });
    }
  },
});
