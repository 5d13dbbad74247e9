import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { openFileStore } from '../teamstore/file-store';
import { openPgStore } from '../teamstore/pg-store';
import { startTeamStore } from '../teamstore/server';
import { loadOrCreateKey } from '../audit/keys';
import type { EventStore } from '../teamstore/store';
import { UsageError, type CliIo } from './io';

export const TEAM_STORE_HELP = `Usage: railguard team-store [options]

Runs the team store: clients sync lineage events and audit checkpoints over WebSocket; an HTTP
query API serves GET /api/v1/lineage, GET /api/v1/events and GET /healthz on the same port.

Options:
  --port N              port (default 8765; 0 picks a free one)
  --host H              address to bind (default 127.0.0.1)
  --database-url URL    PostgreSQL (default $DATABASE_URL); without it, the file store is used
  --data-dir DIR        file store directory (default $RAILGUARD_HOME/team-store or ~/.railguard/team-store)
  --token-file F        file holding the bearer token (default $RAILGUARD_TEAM_TOKEN)
  --tls-cert F          PEM certificate (with --tls-key: serve wss:// and https://)
  --tls-key F           PEM private key
  --forward-url URL     also POST each new event to URL/api/v1/lineage (Marquez-compatible)
  -h, --help            this help

Runs until SIGINT/SIGTERM. Exit codes: 0 stopped, 1 failed to start, 2 usage error.
`;

function readToken(file: string | undefined, env: NodeJS.ProcessEnv): string {
  const token = file ? fs.readFileSync(file, 'utf8').trim() : (env['RAILGUARD_TEAM_TOKEN'] ?? '').trim();
  if (token.length < 16)
    throw new UsageError(
      'a bearer token of at least 16 characters is required (--token-file or RAILGUARD_TEAM_TOKEN)',
    );
  return token;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 8765;
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new UsageError(`bad --port "${value}"`);
  return Number(value);
}

/**
 * `railguard team-store …`: starts the server and resolves to the exit code when a signal
 * (or `options.signal`) stops it. Bad flags become exit 2 with a message.
 */
export async function runTeamStoreCommand(
  args: string[],
  io: CliIo,
  options: { env?: NodeJS.ProcessEnv; signal?: AbortSignal } = {},
): Promise<number> {
  const env = options.env ?? process.env;
  let store: EventStore | undefined;
  try {
    const { values } = parseArgs({
      args,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'database-url': { type: 'string' },
        'data-dir': { type: 'string' },
        'token-file': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'forward-url': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout(TEAM_STORE_HELP);
      return 0;
    }
    if (Boolean(values['tls-cert']) !== Boolean(values['tls-key']))
      throw new UsageError('--tls-cert and --tls-key go together');
    if (values['forward-url'] && !/^https?:\/\//.test(values['forward-url']))
      throw new UsageError('--forward-url must be http(s)://…');
    const token = readToken(values['token-file'], env);
    const port = parsePort(values.port);
    const databaseUrl = values['database-url'] ?? env['DATABASE_URL'];
    if (databaseUrl) {
      store = await openPgStore(databaseUrl);
    } else {
      const home = env['RAILGUARD_HOME'] ?? path.join(os.homedir(), '.railguard');
      const opened = await openFileStore(values['data-dir'] ?? path.join(home, 'team-store'));
      store = opened.store;
      if (opened.recovery.tornBytes > 0)
        io.stderr(`team-store: quarantined a torn last line (${opened.recovery.tornBytes} bytes)\n`);
    }
    const home = env['RAILGUARD_HOME'] ?? path.join(os.homedir(), '.railguard');
    // The witness key: checkpoints are verified against their source's key and countersigned.
    const witnessKey = loadOrCreateKey(
      path.join(values['data-dir'] ?? path.join(home, 'team-store'), 'witness'),
    );
    const server = await startTeamStore({
      store,
      token,
      witnessKey,
      port,
      host: values.host ?? '127.0.0.1',
      ...(values['tls-cert'] && values['tls-key']
        ? { tls: { cert: fs.readFileSync(values['tls-cert']), key: fs.readFileSync(values['tls-key']) } }
        : {}),
      ...(values['forward-url'] ? { forward: { baseUrl: values['forward-url'] } } : {}),
      onLog: (m) => io.stderr(`team-store: ${m}\n`),
    });
    io.stderr(`team-store: ${store.kind} store, listening on ${server.url}\n`);
    await new Promise<void>((resolve) => {
      const stop = (): void => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      options.signal?.addEventListener('abort', stop, { once: true });
    });
    await server.close();
    return 0;
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`railguard team-store: ${(e as Error).message}\n`);
      return 2;
    }
    await store?.close().catch(() => undefined);
    io.stderr(`railguard team-store: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
