/**
 * `railguard.gateway.databases` (extension/src/gateway/config.ts): validation, the gateway's
 * arguments and the terminal variables carry no credentials, and logs are masked.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  gatewayArgs,
  listeningAddress,
  maskCredentials,
  parseUpstream,
  readDatabases,
  terminalVariables,
} from '../../../extension/src/gateway/config';

const SECRET = 's3cr3t-pw';

void describe('gateway databases setting', () => {
  void it('reads valid entries with defaults and reports bad ones without their password', () => {
    const { databases, problems } = readDatabases([
      {
        name: 'prod',
        upstream: `postgres://app:${SECRET}@db.internal:6543/shop?sslmode=require`,
        environment: 'production',
      },
      { name: 'local', upstream: '127.0.0.1', listen: '127.0.0.1:7000' },
      { name: 'prod', upstream: '127.0.0.1' },
      { name: 'bad url', upstream: '127.0.0.1' },
      { name: 'x', upstream: `mysql://root:${SECRET}@h/db` },
      { name: 'y', upstream: 'h', listen: 'nowhere' },
      'nope',
    ]);
    assert.deepEqual(
      databases.map((d) => [d.name, d.listen, d.environment]),
      [
        ['prod', '127.0.0.1:0', 'production'],
        ['local', '127.0.0.1:7000', undefined],
      ],
    );
    assert.equal(problems.length, 5, problems.join('\n'));
    assert.ok(
      problems.every((p) => !p.includes(SECRET)),
      problems.join('\n'),
    );
    assert.deepEqual(readDatabases(undefined), { databases: [], problems: [] });
  });

  void it('passes only host and port to the gateway', () => {
    const [db] = readDatabases([
      { name: 'prod', upstream: `postgres://app:${SECRET}@db.internal:6543/shop`, environment: 'production' },
    ]).databases;
    assert.ok(db);
    assert.deepEqual(gatewayArgs(db), [
      'gateway',
      '--upstream',
      'postgres://db.internal:6543',
      '--listen',
      '127.0.0.1:0',
      '--env',
      'production',
      '--exit-with-stdin',
    ]);
    assert.deepEqual(parseUpstream('db.internal'), { host: 'db.internal', port: 5432 });
  });

  void it('points terminals at the gateway: PGHOST/PGPORT, DATABASE_URL for a URL (user, db, parameters; no password)', () => {
    const [url, plain] = readDatabases([
      { name: 'a', upstream: `postgres://app:${SECRET}@db.internal:6543/shop?sslmode=disable` },
      { name: 'b', upstream: 'db.internal:6543' },
    ]).databases;
    assert.ok(url && plain);
    assert.deepEqual(terminalVariables(url, { host: '127.0.0.1', port: 40123 }), {
      PGHOST: '127.0.0.1',
      PGPORT: '40123',
      DATABASE_URL: 'postgres://app@127.0.0.1:40123/shop?sslmode=disable',
    });
    assert.deepEqual(terminalVariables(plain, { host: '127.0.0.1', port: 40124 }), {
      PGHOST: '127.0.0.1',
      PGPORT: '40124',
    });
  });

  void it('reads the start line and masks credentials in log lines', () => {
    assert.deepEqual(
      listeningAddress(
        'railguard gateway: listening on 127.0.0.1:40123, upstream 127.0.0.1:5432, decisions through the daemon, environment production',
      ),
      { host: '127.0.0.1', port: 40123 },
    );
    assert.equal(listeningAddress('railguard gateway: cannot listen on x'), undefined);
    assert.equal(
      maskCredentials(`--upstream must be a postgres:// URL, not "postgresql://app:${SECRET}@h:1/db"`),
      '--upstream must be a postgres:// URL, not "postgresql://app:***@h:1/db"',
    );
  });
});
