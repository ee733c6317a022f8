// What every controller shares: a shared set of informers, an API client
// and a work queue of keys reconciled by a few workers.
import type { Logger } from 'pino';
import type { ApiClient } from './client.js';
import { Informer } from './Informer.js';
import { WorkQueue, runWorkers } from './WorkQueue.js';

/** One informer per collection path (and query), shared by all controllers. */
export class InformerFactory {
  private informers = new Map<string, Informer>();
  private started = false;
  constructor(
    private readonly client: ApiClient,
    private readonly log?: Logger,
  ) {}

  get(path: string, query: Record<string, string> = {}): Informer {
    const key = `${path}?${new URLSearchParams(query).toString()}`;
    let inf = this.informers.get(key);
    if (!inf) {
      inf = new Informer(this.client, path, this.log, query);
      this.informers.set(key, inf);
      if (this.started) inf.start();
    }
    return inf;
  }

  start(): void {
    this.started = true;
    for (const i of this.informers.values()) i.start();
  }

  stop(): void {
    for (const i of this.informers.values()) i.stop();
  }

  async waitForSync(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync()));
  }
}

export interface ControllerContext {
  client: ApiClient;
  informers: InformerFactory;
  log: Logger;
  /** PEM bundle of the cluster CA (root CA publisher) */
  caPem: string;
}

/** A level-triggered controller: keys in, reconcile(key) out. */
export abstract class Controller {
  protected readonly queue = new WorkQueue();
  private running?: Promise<void>;
  abstract readonly name: string;

  constructor(protected readonly ctx: ControllerContext) {}

  protected abstract reconcile(key: string): Promise<void>;

  /** register informer handlers; called before the informers start */
  abstract setup(): void;

  run(workers = 2): void {
    if (this.running) return;
    this.running = runWorkers(this.queue, workers, (k) => this.reconcile(k), (k, e) =>
      this.ctx.log.warn({ controller: this.name, key: k, err: e instanceof Error ? e.message : String(e) }, 'reconcile failed; will retry'),
    );
  }

  async stop(): Promise<void> {
    this.queue.shutdown();
    await this.running;
  }
}
