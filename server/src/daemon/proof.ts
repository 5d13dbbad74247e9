import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Mutual proof of the token without sending it (issue 10 repro 3: a client that read the port
 * from a file the agent can write sent the real token to whoever listened there, and obeyed any
 * `allow` it got back). The shell clients cannot run HMAC without a process per call, so the
 * proofs are SHA-256 over fixed-layout messages starting with the 64-hex-character token, which
 * one `sha256sum` run computes for all of them:
 * - request: `X-Railguard-Nonce: N` (32 lowercase hex characters, fresh per request) and
 *   `X-Railguard-Proof: SHA256(TOKEN ":c:" N ":" BODY "\n")` instead of the bearer token; the daemon
 *   checks it (constant time) and refuses a nonce it has already seen;
 * - answer: the daemon proves it knows the token and saw this request: on `/v1/shell` each final
 *   line ends with `<TAB>SHA256(TOKEN ":d:" N ":" EFFECT "\n")`; on `/v1/hooks/AGENT` the
 *   exit-code line is `EXIT<TAB>SHA256(TOKEN ":d:" N ":" EXIT ":" STDOUT "\n")` (the final
 *   newline is the one bash here-strings add). Only the daemon can make it for
 *   N, and N reaches the daemon only with a request proof binding BODY, so an impostor can
 *   neither answer nor relay the client's nonce with another command.
 * - JSON answers (the Node client, `client.ts`): the header `X-Railguard-Answer-Proof:
 *   SHA256(TOKEN ":d:" N ":" TARGET " " STATUS ":" BODY "\n")`, TARGET being the request's path and
 *   query as sent (`/v1/decide`), STATUS the HTTP status code; the acknowledged form
 *   (`/v1/decide?ack=1`) ends each line with `<TAB>SHA256(TOKEN ":d:" N ":" TARGET " " LINE "\n")`
 *   (LINE: `pending`, then the decision JSON). Binding TARGET means an answer the daemon gave on
 *   another route (a relay sending the client's body elsewhere) does not pass.
 * Length extension does not help a forger: every message is checked by a party that computes it
 * from its own fixed layout, and a body holding NUL (which SHA-256 padding would add) is refused.
 *
 * Who proves: every first-party client — the bash, zsh and fish hooks and the agent hook client
 * (`hooks/shell/`, one `sha256sum` run per command), and the Node client (`client.ts`: `railguard
 * hook`, the database gateway, the MCP/LM gate, `railguard doctor`, the extension's status item).
 * The routes that decide (`/v1/decide`, `/v1/shell`, `/v1/hooks/AGENT`) accept nothing else: a
 * bare token there is refused (401). The bare token (`Authorization: Bearer`, `X-Railguard-Token`)
 * is still accepted on `GET /v1/health` and `POST /v1/executed` only (`auth.ts`), for callers that
 * cannot make a proof (a monitoring probe or wrapper script using `curl`): those routes answer no
 * decision a caller obeys, so an impostor gains nothing to fake there; what such a caller risks is
 * handing the token to whatever listens on the endpoint, which is why no Railguard client sends
 * it. An agent's own `http` hook type (which can neither prove nor check an answer) is therefore
 * not supported; the command hook client is.
 */

/** A request nonce: 32 lowercase hex characters. */
export const NONCE = /^[0-9a-f]{32}$/;

const sha256 = (parts: (string | Buffer)[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

/** `SHA256(token ":c:" nonce ":" body "\n")`: the client's proof for a request body (raw bytes). */
export function clientProof(token: string, nonce: string, body: Buffer): string {
  return sha256([`${token}:c:${nonce}:`, body, '\n']);
}

/** `SHA256(token ":d:" nonce ":" answer "\n")`: the daemon's proof for an answer (see module docs). */
export function daemonProof(token: string, nonce: string, answer: string): string {
  return sha256([`${token}:d:${nonce}:`, answer, '\n']);
}

/** A fresh request nonce: 16 random bytes (node:crypto) as 32 lowercase hex characters. */
export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

/** The daemon's proof of a JSON answer: `daemonProof(token, nonce, TARGET " " STATUS ":" BODY)`. */
export function jsonAnswerProof(
  token: string,
  nonce: string,
  target: string,
  status: number,
  body: string,
): string {
  return daemonProof(token, nonce, `${target} ${status}:${body}`);
}

/** True when `given` is the daemon's proof of `answer` under `nonce` (constant time); false when malformed. */
export function daemonProofMatches(
  token: string,
  nonce: string,
  answer: string,
  given: string | undefined,
): boolean {
  if (given === undefined || !/^[0-9a-f]{64}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(daemonProof(token, nonce, answer), 'hex'), Buffer.from(given, 'hex'));
}

/** True when `given` is the client proof of `body` under `nonce` (constant time). */
export function clientProofMatches(token: string, nonce: string, body: Buffer, given: string): boolean {
  if (!NONCE.test(nonce) || !/^[0-9a-f]{64}$/.test(given) || body.includes(0)) return false;
  return timingSafeEqual(Buffer.from(clientProof(token, nonce, body), 'hex'), Buffer.from(given, 'hex'));
}

/** Nonces already used, bounded (oldest forgotten first): a replayed request is refused. */
export class NonceLog {
  private readonly seen = new Set<string>();
  constructor(private readonly max = 100_000) {}

  /** Records `nonce`; false when it was seen before. */
  fresh(nonce: string): boolean {
    if (this.seen.has(nonce)) return false;
    this.seen.add(nonce);
    if (this.seen.size > this.max) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }
}
