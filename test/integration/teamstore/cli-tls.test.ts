import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runTeamStoreCommand } from '../../../server/src/cli/team-store';
import { openOutbox } from '../../../server/src/lineage/outbox';
import { SyncClient } from '../../../server/src/lineage/sync-client';
import { openFileStore } from '../../../server/src/teamstore/file-store';
import { startTeamStore } from '../../../server/src/teamstore/server';
import { makeEvent, sleep, tmpDir } from './helpers';

const TOKEN = 'tls-test-token-0123456789abcdef';

function io(): { out: string[]; err: string[]; io: Parameters<typeof runTeamStoreCommand>[1] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: async () => '', isTTY: false },
  };
}

void describe('team store over TLS and the CLI module', { timeout: 60_000 }, () => {
  void it('syncs over wss:// with a self-signed certificate the client trusts', async () => {
    const dir = tmpDir('rg-tls-');
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const server = await startTeamStore({
      store: (await openFileStore(path.join(dir, 'store'))).store,
      token: TOKEN,
      port: 0,
      tls: { cert: fs.readFileSync(cert), key: fs.readFileSync(key) },
    });
    assert.match(server.url, /^wss:\/\//);
    const outbox = await openOutbox(path.join(dir, 'outbox'));
    await outbox.enqueueMany([makeEvent(1), makeEvent(2), makeEvent(3)]);
    const client = new SyncClient({
      url: server.url,
      token: TOKEN,
      outbox,
      tls: { ca: fs.readFileSync(cert) },
    });
    try {
      client.start();
      await client.drained(20_000);
      assert.equal(outbox.size, 0);
    } finally {
      await client.stop();
      await server.close();
    }
    const reopened = await openFileStore(path.join(dir, 'store'));
    assert.equal((await reopened.store.counts()).distinctIds, 3);
  });

  void it('rejects bad flags with exit 2 and a message, without starting', async () => {
    const a = io();
    assert.equal(
      await runTeamStoreCommand(['--port', 'x'], a.io, { env: { RAILGUARD_TEAM_TOKEN: TOKEN } }),
      2,
    );
    assert.match(a.err.join(''), /--port/);
    const b = io();
    assert.equal(await runTeamStoreCommand([], b.io, { env: {} }), 2);
    assert.match(b.err.join(''), /token/);
    const c = io();
    assert.equal(
      await runTeamStoreCommand(['--tls-cert', 'x'], c.io, { env: { RAILGUARD_TEAM_TOKEN: TOKEN } }),
      2,
    );
    const d = io();
    assert.equal(await runTeamStoreCommand(['--bogus'], d.io, { env: { RAILGUARD_TEAM_TOKEN: TOKEN } }), 2);
  });

  void it('starts with the file store, reports where it listens, and stops on abort', async () => {
    const dir = tmpDir('rg-cli-');
    const tokenFile = path.join(dir, 'token');
    fs.writeFileSync(tokenFile, `${TOKEN}\n`);
    const a = io();
    const ac = new AbortController();
    const done = runTeamStoreCommand(
      ['--port', '0', '--data-dir', path.join(dir, 'data'), '--token-file', tokenFile],
      a.io,
      {
        env: {},
        signal: ac.signal,
      },
    );
    for (let i = 0; i < 200 && !a.err.join('').includes('listening'); i++) await sleep(10);
    const m = /file store, listening on ws:\/\/127\.0\.0\.1:(\d+)/.exec(a.err.join(''));
    assert.ok(m, a.err.join(''));
    const res = await fetch(`http://127.0.0.1:${m[1]}/healthz`);
    assert.deepEqual(await res.json(), { status: 'ok', store: 'file' });
    ac.abort();
    assert.equal(await done, 0);
  });
});
