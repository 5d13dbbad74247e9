/** The pure parts of the MCP server: JSON-RPC framing, the connection URL, the client actor. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandEnvironment } from '../../../server/src/cli/mcp';
import { actorForClient } from '../../../server/src/mcp/gate';
import { parseLine, RPC_ERROR } from '../../../server/src/mcp/jsonrpc';
import {
  connectionUrlFrom,
  ConnectionError,
  describeConnection,
  parseConnectionUrl,
} from '../../../server/src/sql-exec/connection';
import { createSqlExecutor, SqlExecError } from '../../../server/src/sql-exec/postgres';

describe('parseLine (JSON-RPC 2.0 over MCP stdio)', () => {
  it('reads requests and notifications', () => {
    const r = parseLine('{"jsonrpc":"2.0","id":"a","method":"tools/list","params":{}}');
    assert.deepEqual(r, {
      type: 'request',
      message: { jsonrpc: '2.0', id: 'a', method: 'tools/list', params: {} },
    });
    const n = parseLine('{"jsonrpc":"2.0","method":"notifications/initialized"}');
    assert.equal(n.type === 'request' && n.message.id, undefined);
  });
  it('answers bad input with the specification error codes', () => {
    const cases: [string, number, string | number | null][] = [
      ['not json', RPC_ERROR.parseError, null],
      ['[]', RPC_ERROR.invalidRequest, null],
      ['"text"', RPC_ERROR.invalidRequest, null],
      ['{"jsonrpc":"1.0","id":3,"method":"x"}', RPC_ERROR.invalidRequest, 3],
      ['{"jsonrpc":"2.0","id":4,"method":7}', RPC_ERROR.invalidRequest, 4],
      ['{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}', RPC_ERROR.invalidRequest, null],
      ['{"jsonrpc":"2.0","id":5,"method":"ping","params":[1]}', RPC_ERROR.invalidParams, 5],
    ];
    for (const [line, code, id] of cases) {
      const r = parseLine(line);
      assert.equal(r.type, 'invalid', line);
      if (r.type === 'invalid') {
        assert.equal(r.error.code, code, line);
        assert.equal(r.id, id, line);
      }
    }
  });
  it('recognises a response from the client', () => {
    assert.equal(parseLine('{"jsonrpc":"2.0","id":1,"result":{}}').type, 'response');
  });
});

describe('the held connection', () => {
  const url = 'postgres://app:p%40ss-w0rd!@db.prod.example.com:6432/sales?sslmode=require';
  it('parses host, port, database, user and dialect', () => {
    const c = parseConnectionUrl(url);
    assert.equal(c.dialect, 'postgresql');
    assert.equal(c.host, 'db.prod.example.com');
    assert.equal(c.port, 6432);
    assert.equal(c.database, 'sales');
    assert.equal(c.user, 'app');
    assert.equal(describeConnection(c), 'postgresql app@db.prod.example.com:6432/sales');
  });
  it('redacts the URL, the encoded and the decoded password', () => {
    const c = parseConnectionUrl(url);
    const out = c.redact(`failed ${url}; password p@ss-w0rd! or p%40ss-w0rd!`);
    assert.ok(!out.includes('w0rd'), out);
    assert.match(out, /\[REDACTED:database-url\]/);
  });
  it('refuses URLs it cannot use, without echoing them', () => {
    assert.throws(
      () => parseConnectionUrl('not a url secretpw'),
      (e: unknown) => e instanceof ConnectionError && !e.message.includes('secretpw'),
    );
    assert.throws(() => parseConnectionUrl('redis://h/0'), ConnectionError);
  });
  it('takes --database-url, then --connection NAME, then RAILGUARD_DATABASE_URL', () => {
    const env = { RAILGUARD_DATABASE_URL: 'postgres://a@h/d', RAILGUARD_DB_REPORTS_RO: 'postgres://b@h/r' };
    assert.equal(connectionUrlFrom({ databaseUrl: 'postgres://x@y/z' }, env), 'postgres://x@y/z');
    assert.equal(connectionUrlFrom({ connection: 'reports-ro' }, env), 'postgres://b@h/r');
    assert.equal(connectionUrlFrom({}, env), 'postgres://a@h/d');
    assert.equal(connectionUrlFrom({}, {}), undefined);
    assert.throws(() => connectionUrlFrom({ connection: 'missing' }, env), /RAILGUARD_DB_MISSING is not set/);
  });
  it('says MySQL cannot be executed (no client library installed)', () => {
    assert.throws(
      () => createSqlExecutor(parseConnectionUrl('mysql://u:pw@127.0.0.1/db')),
      (e: unknown) => e instanceof SqlExecError && /mysql2/.test(e.message),
    );
  });
  it('keeps connection variables out of the commands’ environment', () => {
    const env = commandEnvironment({
      PATH: '/bin',
      RAILGUARD_DATABASE_URL: 'x',
      RAILGUARD_DB_MAIN: 'y',
      RAILGUARD_HOME: 'h',
    });
    assert.deepEqual(env, { PATH: '/bin', RAILGUARD_HOME: 'h' });
  });
});

describe('actorForClient', () => {
  it('maps MCP client names to known agents, else agent:mcp-client', () => {
    const names: [string | undefined, string][] = [
      ['claude-code', 'claude-code'],
      ['Visual Studio Code', 'copilot'],
      ['Code - OSS', 'copilot'],
      ['code-server', 'copilot'],
      ['code-server-bot', 'mcp-client'],
      ['cursor-vscode', 'cursor'],
      ['codex-mcp-client', 'codex'],
      ['gemini-cli-mcp-client', 'gemini'],
      ['my-own-bot', 'mcp-client'],
      [undefined, 'mcp-client'],
    ];
    for (const [client, agent] of names) {
      const a = actorForClient(client, 'alice');
      assert.deepEqual(a, { type: 'agent', name: agent, onBehalfOf: 'alice' }, String(client));
    }
  });
});
