// An informer: list, then watch from the list's resourceVersion with
// bookmarks, keeping a local cache and calling handlers for adds, updates
// and deletes. A 410 (history gone) or a broken stream leads to a re-watch
// from the last seen resourceVersion, or a fresh list when that is too old;
// a re-list reconciles the cache (deletes for objects that vanished).
import type { ApiClient } from './client.js';
import { ApiRequestError } from './client.js';
import type { KObject } from '../../machinery/objects.js';
import type { Logger } from 'pino';

export interface InformerHandlers {
  add?(obj: KObject): void;
  update?(obj: KObject, old: KObject): void;
  delete?(obj: KObject): void;
}

export function objectKey(o: KObject): string {
  const m = o.metadata ?? {};
  return m.namespace ? `${m.namespace}/${m.name}` : (m.name ?? '');
}

export class Informer {
  private cache = new Map<string, KObject>();
  private handlers: InformerHandlers[] = [];
  private rv = '';
  private stopped = false;
  private stream?: { stop(): void };
  private synced = false;
  private syncWaiters: (() => void)[] = [];
  private loop?: Promise<void>;

  constructor(
    private readonly client: ApiClient,
    /** collection path, e.g. /api/v1/namespaces or /api/v1/configmaps */
    private readonly path: string,
    private readonly log?: Logger,
    private readonly query: Record<string, string> = {},
  ) {}

  on(h: InformerHandlers): void {
    this.handlers.push(h);
    // late handlers see what is already cached
    if (this.synced) for (const o of this.cache.values()) h.add?.(o);
  }

  get(key: string): KObject | undefined {
    return this.cache.get(key);
  }

  list(): KObject[] {
    return [...this.cache.values()];
  }

  hasSynced(): boolean {
    return this.synced;
  }

  waitForSync(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((r) => this.syncWaiters.push(r));
  }

  start(): void {
    if (this.loop) return;
    this.loop = this.run();
  }

  stop(): void {
    this.stopped = true;
    this.stream?.stop();
  }

  private qs(extra: Record<string, string>): string {
    const p = new URLSearchParams({ ...this.query, ...extra });
    return `${this.path}?${p.toString()}`;
  }

  private async relist(): Promise<void> {
    const list = await this.client.list(this.qs({ resourceVersion: '0' }));
    const fresh = new Map<string, KObject>();
    for (const o of list.items) {
      o.apiVersion ??= list.apiVersion;
      o.kind ??= list.kind.replace(/List$/, '');
      fresh.set(objectKey(o), o);
    }
    for (const [k, old] of this.cache) if (!fresh.has(k)) this.emit('delete', old);
    for (const [k, o] of fresh) {
      const old = this.cache.get(k);
      this.cache.set(k, o);
      if (!old) this.emit('add', o);
      else if (old.metadata?.resourceVersion !== o.metadata?.resourceVersion) this.emit('update', o, old);
    }
    this.rv = list.metadata.resourceVersion ?? '';
    if (!this.synced) {
      this.synced = true;
      for (const w of this.syncWaiters.splice(0)) w();
    }
  }

  private emit(kind: 'add' | 'update' | 'delete', o: KObject, old?: KObject): void {
    for (const h of this.handlers) {
      try {
        if (kind === 'add') h.add?.(o);
        else if (kind === 'update') h.update?.(o, old!);
        else h.delete?.(o);
      } catch (e) {
        this.log?.error({ err: String(e), path: this.path }, 'informer handler failed');
      }
    }
  }

  private async run(): Promise<void> {
    let backoff = 100;
    while (!this.stopped) {
      try {
        if (!this.rv) await this.relist();
        const s = this.client.watch(this.qs({ watch: 'true', resourceVersion: this.rv, allowWatchBookmarks: 'true' }), (ev) => {
          const o = ev.object;
          if (ev.type === 'ERROR') {
            const code = (o as { code?: number }).code;
            if (code === 410) this.rv = '';
            return;
          }
          const rv = o.metadata?.resourceVersion;
          if (ev.type === 'BOOKMARK') {
            if (rv) this.rv = rv;
            return;
          }
          const k = objectKey(o);
          if (ev.type === 'DELETED') {
            this.cache.delete(k);
            this.emit('delete', o);
          } else {
            const old = this.cache.get(k);
            this.cache.set(k, o);
            if (old) this.emit('update', o, old);
            else this.emit('add', o);
          }
          if (rv) this.rv = rv;
        });
        this.stream = s;
        await s.done;
        backoff = 100;
      } catch (e) {
        if (this.stopped) return;
        if (e instanceof ApiRequestError && e.status === 410) {
          this.rv = '';
          continue;
        }
        this.log?.debug({ err: String(e), path: this.path }, 'informer: watch failed; retrying');
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }
}
