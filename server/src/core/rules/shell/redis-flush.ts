import { defineShellRule } from '../rule';
import { dbInvocation } from '../../shell/db-clients';
import { optionValue } from '../../shell/options';

const FLUSH = /^flush(all|db)$/i;

/**
 * `redis-cli FLUSHALL`/`FLUSHDB` (any case, any `-n DB`, also fed on stdin): deleting every key of
 * the server or of a database (Redis commands FLUSHALL, FLUSHDB).
 */
export default defineShellRule({
  meta: {
    id: 'redis-flush',
    title: 'Flushing a Redis server or database',
    category: 'data-loss',
    severity: 'error',
    docs: {
      description: 'Flags `redis-cli FLUSHALL` and `redis-cli FLUSHDB`, as arguments or on standard input.',
      problem:
        '`FLUSHALL` deletes every key in every database of the server and `FLUSHDB` every key of one database; caches, queues and sessions are gone at once.',
      solution:
        'Delete the keys you mean (`redis-cli --scan --pattern "cache:*" | xargs redis-cli unlink`), and disable or rename FLUSHALL/FLUSHDB with ACLs (`-@dangerous`) for application and agent users.',
    },
    messages: {
      flush: '`{{command}}` deletes every key {{scope}}.',
    },
    controls: ['SOC2:CC8.1', 'SOC2:A1.2'],
    examples: {
      valid: [
        'redis-cli get flushall',
        'redis-cli info keyspace',
        'echo FLUSHALL',
        'redis-cli -n 2 del session:1',
      ],
      invalid: [
        'redis-cli FLUSHALL',
        'redis-cli -h cache.internal -n 3 flushdb',
        'echo flushall | redis-cli',
        'sudo redis-cli flushall async',
      ],
    },
  },
  check(cmd, _analysis, report) {
    // redis-cli's option table (and valkey-cli's, keydb-cli's) is the one in `shell/db-clients.ts`.
    const inv = dbInvocation(cmd);
    if (!inv || inv.tool.operands !== 'command') return;
    const db = optionValue(inv.options, 'n');
    const scopeOf = (c: string): string =>
      /all/i.test(c) ? 'in every database of the server' : `in database ${db ?? '0'}`;
    const first = inv.operands[0];
    if (first?.value !== undefined && FLUSH.test(first.value)) {
      report({
        messageId: 'flush',
        data: { command: first.value.toUpperCase(), scope: scopeOf(first.value) },
        span: first.span,
      });
      return;
    }
    if (inv.operands.length === 0 && cmd.stdin) {
      const line = cmd.stdin.text
        .split('\n')
        .map((l) => l.trim().split(/\s+/)[0] ?? '')
        .find((c) => FLUSH.test(c));
      if (line)
        report({
          messageId: 'flush',
          data: { command: line.toUpperCase(), scope: scopeOf(line) },
          span: cmd.stdin.span,
        });
    }
  },
});
