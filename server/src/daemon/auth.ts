import type * as http from 'node:http';
import { tokenMatches } from './paths';
import { clientProofMatches, type NonceLog } from './proof';

/**
 * The only routes that still accept the bare token (`Authorization: Bearer T`, `X-Railguard-Token:
 * T`): they decide nothing a client obeys (a status read, an outcome report), and a script with
 * `curl` cannot make the proof. Every Railguard client proves the token on them too (`proof.ts`).
 */
export const BEARER_ROUTES: ReadonlySet<string> = new Set(['GET /v1/health', 'POST /v1/executed']);

/** A request let in: by a proof (its nonce, and its body, read to check the proof) or by the bare token. */
export type Admitted = { nonce: string; body: Buffer } | { nonce?: undefined; body?: undefined };

/**
 * Authenticates a daemon request (see `server.ts`, `proof.ts`): `X-Railguard-Nonce` +
 * `X-Railguard-Proof` matching `token` for the body (read with `readBody`, which may throw, e.g.
 * too large) and a nonce never seen before (recorded in `nonces`); else the bare token, only on
 * {@link BEARER_ROUTES}. Resolves `{ refused: message }` (answer 401) otherwise; the body of a
 * refused bare-token request is left unread (the caller drains it).
 */
export async function authenticate(
  req: http.IncomingMessage,
  token: string,
  nonces: NonceLog,
  readBody: () => Promise<Buffer>,
): Promise<Admitted | { refused: string }> {
  const nonce = req.headers['x-railguard-nonce'];
  const proof = req.headers['x-railguard-proof'];
  if (typeof nonce === 'string' && typeof proof === 'string') {
    const body = await readBody();
    if (!clientProofMatches(token, nonce, body, proof) || !nonces.fresh(nonce))
      return { refused: 'wrong or replayed proof' };
    return { nonce, body };
  }
  if (!tokenMatches(token, bareToken(req))) return { refused: 'missing or wrong token' };
  // Routes that decide answer only a proven request: a client that sends the token itself would
  // hand it to whatever listens on the endpoint, and could not check the answer.
  const route = `${req.method} ${new URL(req.url ?? '/', 'http://daemon').pathname}`;
  if (!BEARER_ROUTES.has(route))
    return { refused: 'this route needs a proof of the token (X-Railguard-Nonce, X-Railguard-Proof)' };
  return {};
}

/** The bare token of `Authorization: Bearer T` or `X-Railguard-Token: T`, if any. */
function bareToken(req: http.IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const t = req.headers['x-railguard-token'];
  return typeof t === 'string' ? t.trim() : undefined;
}
