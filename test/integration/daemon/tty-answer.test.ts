import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDaemon, type RunningDaemon } from '../../../server/src/daemon/host';
import { runtimePaths } from '../../../server/src/daemon/paths';
import { clientProof, daemonProof } from '../../../server/src/daemon/proof';

/**
 * The daemon's side of the terminal prompt (issue 12), spoken as the bash hook speaks it: the
 * `tty` line goes only to a HUMAN's request that offered a prompt, and `POST /v1/shell/answer`
 * takes only a nonce-proof request naming the waiting request's own nonce.
 */
describe('terminal approval routes of a real daemon', () => {
  let tmp: string;
  let daemon: RunningDaemon;
  let port: number;
  let token: string;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-tty-answer-'));
    const paths = runtimePaths({ RAILGUARD_RUNTIME_DIR: path.join(tmp, 'run') });
    daemon = await startDaemon({ paths, cwd: tmp, watch: false, approvalTimeoutMs: 10_000, record: false });
    port = Number(fs.readFileSync(paths.port, 'utf8').trim());
    token = fs.readFileSync(paths.token, 'utf8').trim();
  });
  after(async () => {
    await daemon?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** POSTs `body` with a fresh nonce and its proof; `lines` gets each answer line as it arrives. */
  function post(
    route: string,
    body: string,
    opts: { nonce?: string; bearer?: boolean; onLine?: (l: string) => void } = {},
  ): { nonce: string; done: Promise<{ status: number; text: string }> } {
    const nonce = opts.nonce ?? randomBytes(16).toString('hex');
    const headers: Record<string, string> = opts.bearer
      ? { authorization: `Bearer ${token}` }
      : { 'x-railguard-nonce': nonce, 'x-railguard-proof': clientProof(token, nonce, Buffer.from(body)) };
    const done = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: route,
          headers: { ...headers, 'content-type': 'text/plain' },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            text += c;
            for (const l of c.split('\n').filter(Boolean)) opts.onLine?.(l);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    return { nonce, done };
  }

  const ask = "psql -h prod-db -c 'DELETE FROM users'";

  it("a human's offered prompt: only its own nonce, under a proof, answers it; yes ⇒ allow with the daemon's proof", async () => {
    let tty = '';
    const shell = post('/v1/shell', `cwd=${tmp}\nactor=human:alice\napprove=tty\n\n${ask}`, {
      onLine: (l) => l.startsWith('tty\t') && (tty = l),
    });
    const end = Date.now() + 10_000;
    while (!tty && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    const [kind, env, rules, reason, text] = tty.split('\t');
    assert.deepEqual([kind, env, rules, text], ['tty', 'production', 'default/prod-human-ask-risky', ask]);
    assert.match(reason ?? '', /delete-without-where/);
    const answer = `request=${shell.nonce}\nanswer=yes\n`;
    // The bearer token alone does not answer a terminal's prompt: the hook's proof is required.
    assert.equal((await post('/v1/shell/answer', answer, { bearer: true }).done).status, 401);
    // Another request's nonce answers nothing.
    const other = `request=${randomBytes(16).toString('hex')}\nanswer=yes\n`;
    assert.equal((await post('/v1/shell/answer', other).done).status, 404);
    // A request may not reuse the waiting request's nonce as its own (replay).
    assert.equal((await post('/v1/shell/answer', answer, { nonce: shell.nonce }).done).status, 401);
    assert.equal((await post('/v1/shell/answer', answer).done).status, 200);
    const final = (await shell.done).text.trim().split('\n').pop() ?? '';
    const fields = final.split('\t');
    assert.equal(fields[0], 'allow');
    assert.match(fields[3] ?? '', /approved \(asked as human:alice\)/);
    assert.equal(fields[4], daemonProof(token, shell.nonce, 'allow'));
  });

  it("an agent's request never gets the prompt, even when its hook offers one", async () => {
    const lines: string[] = [];
    // An ask for an agent outside production (default/ask-data-loss).
    const agentAsk = "psql -h devbox -c 'DROP TABLE users'";
    const r = await post('/v1/shell', `cwd=${tmp}\nactor=agent:claude-code\napprove=tty\n\n${agentAsk}`, {
      onLine: (l) => lines.push(l),
    }).done;
    assert.equal(r.status, 200);
    assert.equal(lines.filter((l) => l.startsWith('tty\t')).length, 0);
    assert.match(
      lines.join('\n'),
      /^ask\tdevelopment\tdefault\/ask-data-loss\tneeds approval but no approver is connected/m,
    );
  });

  it("a human's ask without an offered prompt (scripts, shims) stays unavailable", async () => {
    const r = await post('/v1/shell', `cwd=${tmp}\nactor=human:alice\n\n${ask}`).done;
    assert.match(r.text, /^ask\tproduction\t.*no approver is connected/m);
  });
});
