/**
 * `npm run bench [-- NAME…]`: runs every `test/bench/*.bench.ts` module (or the named ones) one
 * after the other and prints one JSON object `{ "<name>": <result>, … }` on stdout. Each module
 * exports `run(): Promise<Record<string, unknown>>`. Progress goes to stderr.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

interface BenchModule {
  run: () => Promise<Record<string, unknown>>;
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.replace(/\.bench\.ts$/, ''))
    .filter((n) => wanted.length === 0 || wanted.includes(n))
    .sort();
  const results: Record<string, unknown> = {
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
  };
  for (const name of names) {
    process.stderr.write(`bench ${name}…\n`);
    const mod = (await import(path.join(__dirname, `${name}.bench.ts`))) as BenchModule;
    try {
      results[name] = await mod.run();
    } catch (err) {
      results[name] = { error: err instanceof Error ? err.message : String(err) };
    }
  }
  process.stdout.write(JSON.stringify(results, null, 2) + '\n');
}

void main();
