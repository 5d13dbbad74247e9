/**
 * Work the daemon does after it has answered (audit appends, lineage events), kept off the
 * decision hot path: tasks wait in memory until requests have been quiet for `quietMs` (or the
 * oldest task is `maxDelayMs` old, or `maxQueued` tasks wait), then run one task per event-loop
 * turn (`setImmediate` between tasks), so a request arriving meanwhile waits for at most one
 * task. Tasks run in push order, one at a time.
 *
 * Durability: a task is only in memory until it runs; {@link DeferredQueue.flush} and
 * {@link DeferredQueue.close} run everything queued (clean shutdown loses nothing). A crash
 * loses the tasks still queued (at most `maxDelayMs` of them).
 */

/** Options of {@link DeferredQueue}. */
export interface DeferredQueueOptions {
  /** Quiet time before queued tasks run, ms (default 20). 0 runs them on the next turn. */
  quietMs?: number;
  /** Longest a task waits while requests keep coming, ms (default 1000). */
  maxDelayMs?: number;
  /** Run at once when this many tasks wait (default 1000). */
  maxQueued?: number;
  /** Called with each task's error (tasks should handle their own; this is the last resort). */
  onError?: (err: unknown) => void;
  /** Called whenever the queue has run empty (e.g. to fsync once per burst). */
  onIdle?: () => Promise<void> | void;
}

interface Task {
  run: () => Promise<void>;
  at: number;
  done: () => void;
}

/** A FIFO of deferred async tasks; see the module comment. */
export class DeferredQueue {
  private readonly tasks: Task[] = [];
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: DeferredQueueOptions = {}) {}

  /** Tasks waiting (not counting one running now). */
  get size(): number {
    return this.tasks.length;
  }

  /**
   * Queues `run`; the returned promise settles when it has run (never rejects: errors go to
   * `onError`). @throws Error after {@link close}.
   */
  push(run: () => Promise<void>): Promise<void> {
    if (this.closed) throw new Error('deferred queue is closed');
    return new Promise<void>((resolve) => {
      this.tasks.push({ run, at: Date.now(), done: resolve });
      this.schedule();
    });
  }

  /** Runs every queued task now and waits for them (and for the idle callback). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.tasks.length > 0 || this.draining) await (this.draining ?? this.drain());
  }

  /** Flushes and refuses further tasks. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private schedule(): void {
    if (this.draining) return;
    const first = this.tasks[0];
    if (!first) return;
    const quiet = this.options.quietMs ?? 20;
    const overdue =
      Date.now() - first.at >= (this.options.maxDelayMs ?? 1000) ||
      this.tasks.length >= (this.options.maxQueued ?? 1000);
    clearTimeout(this.timer);
    this.timer = undefined;
    if (overdue || quiet <= 0) {
      void this.drain();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drain();
    }, quiet);
    this.timer.unref();
  }

  private drain(): Promise<void> {
    this.draining ??= (async () => {
      try {
        let task = this.tasks.shift();
        while (task) {
          try {
            await task.run();
          } catch (err) {
            this.options.onError?.(err);
          }
          task.done();
          // Yield to I/O between tasks: a request that arrived waits for one task at most.
          await new Promise<void>((resolve) => setImmediate(resolve));
          task = this.tasks.shift();
        }
        try {
          await this.options.onIdle?.();
        } catch (err) {
          this.options.onError?.(err);
        }
      } finally {
        this.draining = undefined;
      }
      if (this.tasks.length > 0) this.schedule();
    })();
    return this.draining;
  }
}
