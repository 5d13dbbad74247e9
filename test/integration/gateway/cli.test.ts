/**
 * `railguard gateway --exit-with-stdin` (the extension starts gateways this way): the gateway
 * prints its start line with the port it bound (`--listen …:0`), and stops with exit code 0 once
 * its standard input closes, so a gateway whose parent died does not keep holding its port.
 * Needs `npm run build:cli` (dist/railguard.js).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const CLI = path.resolve(__dirname, '../../../dist/railguard.js');

describe('railguard gateway --exit-with-stdin', { timeout: 60_000 }, () => {
  it('stops when its standard input closes', async () => {
    const child = spawn(
      process.execPath,
      [
        CLI,
        'gateway',
        '--upstream',
        'postgres://127.0.0.1:5432',
        '--listen',
        '127.0.0.1:0',
        '--no-daemon',
        '--exit-with-stdin',
      ],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let err = '';
    const port = await new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (b: Buffer) => {
        err += b.toString('utf8');
        const m = /listening on 127\.0\.0\.1:(\d+),/.exec(err);
        if (m) resolve(Number(m[1]));
      });
      child.on('close', () => reject(new Error(`exited before listening: ${err}`)));
    });
    // It listens: a connection is accepted.
    await new Promise<void>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve();
      });
      s.on('error', reject);
    });
    const code = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    child.stdin.end();
    assert.equal(await code, 0, err);
  });
});
