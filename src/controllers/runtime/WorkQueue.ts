// A rate-limited work queue of keys, as controllers use it: a key is queued
// at most once, never handled by two workers at a time (a key added while
// it is being handled is queued again when the worker is done), and a key
// whose handling failed comes back after an exponential per-key delay.
// Bound: one entry per distinct key, i.e. per object the controller watches.

export class WorkQueue {
  private queue: string[] = [];
  private queued = new Set<string>();
  private processing = new Set<string>();
  private dirtyWhileProcessing = new Set<string>();
  private failures = new Map<string, number>();
  private waiters: ((k: string | undefined) => void)[] = [];
  private delayed = new Map<string, NodeJS.Timeout>();
  private shut = false;

  constructor(
    private readonly baseDelayMs = 5,
    private readonly maxDelayMs = 60_000,
  ) {}

  add(key: string): void {
    if (this.shut) return;
    if (this.processing.has(key)) {
      this.dirtyWhileProcessing.add(key);
      return;
    }
    if (this.queued.has(key)) return;
    const waiter = this.waiters.shift();
    if (waiter) {
      this.processing.add(key);
      waiter(key);
      return;
    }
    this.queued.add(key);
    this.queue.push(key);
  }

  addAfter(key: string, ms: number): void {
    if (this.shut || this.delayed.has(key)) return;
    const t = setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    t.unref();
    this.delayed.set(key, t);
  }

  /** re-queue after the key's backoff (failures double it) */
  addRateLimited(key: string): void {
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    this.addAfter(key, Math.min(this.baseDelayMs * 2 ** (n - 1), this.maxDelayMs));
  }

  /** the key was handled successfully: reset its backoff */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** next key to handle; undefined once the queue is shut down */
  get(): Promise<string | undefined> {
    if (this.shut) return Promise.resolve(undefined);
    const k = this.queue.shift();
    if (k !== undefined) {
      this.queued.delete(k);
      this.processing.add(k);
      return Promise.resolve(k);
    }
    return new Promise((r) => this.waiters.push(r));
  }

  done(key: string): void {
    this.processing.delete(key);
    if (this.dirtyWhileProcessing.delete(key)) this.add(key);
  }

  get length(): number {
    return this.queue.length;
  }

  shutdown(): void {
    this.shut = true;
    for (const t of this.delayed.values()) clearTimeout(t);
    this.delayed.clear();
    for (const w of this.waiters.splice(0)) w(undefined);
  }
}

/** Run `workers` loops taking keys from the queue and reconciling them. */
export async function runWorkers(queue: WorkQueue, workers: number, reconcile: (key: string) => Promise<void>, onError: (key: string, e: unknown) => void): Promise<void> {
  const loop = async () => {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      try {
        await reconcile(key);
        queue.forget(key);
      } catch (e) {
        onError(key, e);
        queue.addRateLimited(key);
      } finally {
        queue.done(key);
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, loop));
}
