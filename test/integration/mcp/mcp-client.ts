/** A test MCP client: spawns `railguard mcp` and speaks newline-delimited JSON-RPC on its stdio. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as readline from 'node:readline';

/** One JSON-RPC response as received. */
export interface Response {
  id: string | number | null;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}

/** The text of a tool result's first content item, and its `isError`. */
export function toolText(r: Response): { text: string; isError: boolean } {
  const content = r.result?.content;
  const first = Array.isArray(content) ? (content[0] as { text?: unknown } | undefined) : undefined;
  return { text: typeof first?.text === 'string' ? first.text : '', isError: r.result?.isError === true };
}

/** A running server process with a request/response API. */
export class McpProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly stderr: string[] = [];
  private readonly waiting = new Map<string, (r: Response) => void>();
  private readonly orphans: Response[] = [];
  private nextId = 1;
  readonly exited: Promise<number | null>;

  constructor(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string) {
    this.child = spawn(command, args, { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.setEncoding('utf8').on('data', (c: string) => this.stderr.push(c));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    readline.createInterface({ input: this.child.stdout }).on('line', (line) => {
      const r = JSON.parse(line) as Response;
      const key = JSON.stringify(r.id);
      const w = this.waiting.get(key);
      if (w) {
        this.waiting.delete(key);
        w(r);
      } else this.orphans.push(r);
    });
  }

  /** Sends a raw line and waits for the answer with `id` (null for parse errors). */
  sendRaw(line: string, id: string | number | null): Promise<Response> {
    const key = JSON.stringify(id);
    const found = this.orphans.findIndex((o) => JSON.stringify(o.id) === key);
    const p = new Promise<Response>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no answer to ${line}; stderr: ${this.stderr.join('')}`)),
        30_000,
      );
      this.waiting.set(key, (r) => (clearTimeout(timer), resolve(r)));
    });
    if (found >= 0) {
      const [o] = this.orphans.splice(found, 1);
      this.waiting.get(key)?.(o as Response);
      this.waiting.delete(key);
    }
    this.child.stdin.write(`${line}\n`);
    return p;
  }

  /** Sends a request and waits for its response. */
  request(method: string, params?: Record<string, unknown>): Promise<Response> {
    const id = this.nextId++;
    return this.sendRaw(JSON.stringify({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) }), id);
  }

  /** Sends a notification (no answer expected). */
  notify(method: string): void {
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method })}\n`);
  }

  /** `tools/call`. */
  call(name: string, args: Record<string, unknown>): Promise<Response> {
    return this.request('tools/call', { name, arguments: args });
  }

  /** Closes stdin (the MCP way to stop a stdio server) and waits for the exit code. */
  async close(): Promise<number | null> {
    this.child.stdin.end();
    return this.exited;
  }
}
