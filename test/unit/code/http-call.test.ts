import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { httpAction, httpVerbs, joinBase } from '../../../server/src/core/code/http-call';
import { RUN_TIME } from '../../../server/src/core/code/model';

const at = { start: 0, end: 1 };
const request = (method: string, url: string, body = false, file?: string) =>
  httpAction({ method, url, body, file, via: 'x', at, what: 'x' });

describe('code HTTP calls: shared reading', () => {
  it('joins a client base URL and a relative path as the clients do', () => {
    assert.equal(joinBase('https://api.example.com/', '/v1/x'), 'https://api.example.com/v1/x');
    assert.equal(joinBase('https://api.example.com', 'v1/x'), 'https://api.example.com/v1/x');
    assert.equal(joinBase('https://api.example.com', 'https://other.example/x'), 'https://other.example/x');
    assert.equal(joinBase(undefined, '/x'), '/x');
    assert.equal(joinBase(RUN_TIME, '/x'), `${RUN_TIME}/x`);
  });

  it('names every verb of a client, with the body after the URL where the client takes it', () => {
    const calls = new Map(httpVerbs('requests', { bodyArg: true }));
    assert.deepEqual(calls.get('requests.delete'), { method: 'DELETE', url: 0 });
    assert.deepEqual(calls.get('requests.post'), { method: 'POST', url: 0, body: 1 });
    const sa = new Map(httpVerbs('superagent', { aliases: { del: 'delete' } }));
    assert.deepEqual(sa.get('superagent.del'), { method: 'DELETE', url: 0 });
  });

  it('keeps what curl judges, leaves out run-time GETs, keeps run-time writes opaque', () => {
    assert.equal(request('delete', 'https://a.example/x')?.kind, 'http');
    assert.equal((request('delete', 'https://a.example/x') as { method: string }).method, 'DELETE');
    assert.equal(request('GET', RUN_TIME), undefined);
    assert.equal(request('DELETE', RUN_TIME)?.kind, 'http');
    assert.equal(request(`${RUN_TIME}x`, RUN_TIME)?.kind, 'http');
    assert.equal(request('POST', RUN_TIME, true)?.kind, 'opaque');
    assert.equal(request('PUT', RUN_TIME)?.kind, 'opaque');
    assert.equal(request('POST', RUN_TIME, true, '.env')?.kind, 'http');
  });
});
