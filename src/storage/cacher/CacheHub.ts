// The watch cache. One storage watch over the whole key space feeds one
// ResourceCache per stored collection (its key prefix). Because a single
// stream carries every write, every cache is fresh up to the hub's revision,
// which lets consistent LISTs be served from memory: read the storage's
// current revision, wait until the hub has seen it, answer from the cache.
//
// Buffers and their bounds (see docs/storage.md):
//   - ResourceCache.history: the last `historySize` events of the collection
//     (a watch from an older resourceVersion gets 410 Gone);
//   - CacheWatcher.queue: at most `watcherQueueLimit` undelivered events per
//     client; a client that falls further behind is closed (it re-lists).
import type { Storage, StorageEvent, WatchHandle } from '../interface.js';
import { StorageError } from '../interface.js';
import type { KObject } from '../../machinery/objects.js';
import type { Logger } from 'pino';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface CachedObject {
  key: string;
  obj: KObject;
  rv: number;
  /** field-selector attributes, computed once */
  fields: Record<string, string>;
  /** the object serialized as JSON, made on first use and shared by every reader */
  json?: string;
}

/** JSON text of a cached object (objects in the cache are never mutated). */
export function cachedJson(c: CachedObject): string {
  return (c.json ??= JSON.stringify(c.obj));
}

export interface CacheEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  rv: number;
  cur?: CachedObject;
  prev?: CachedObject;
  /** what watchers are sent for this event, by type: made once, shared by all of them (see outOf) */
  outs?: { [T in 'ADDED' | 'MODIFIED' | 'DELETED']?: readonly OutEvent[] };
}

/**
 * The event a watcher is sent, as a one-element array that every watcher
 * seeing `ev` the same way shares: a fan-out allocates nothing per watcher.
 */
function outOf(ev: CacheEvent, type: 'ADDED' | 'MODIFIED' | 'DELETED', object: KObject): readonly OutEvent[] {
  const outs = (ev.outs ??= {});
  return (outs[type] ??= [{ type, object }]);
}

export interface WatchFilter {
  /** key prefix to match (namespace scoping, or a single object) */
  keyPrefix: string;
  /** exact key (watch of one object by metadata.name) */
  exactKey?: string;
  matches(o: CachedObject): boolean;
}

export interface OutEvent {
  type: WatchEventType;
  object: KObject;
}

export interface CacheWatcherSink {
  /** called with a batch of events to write; the array and its events are shared: read them, never keep or change them */
  deliver(events: readonly OutEvent[]): void;
  /** the watcher was closed by the cache (too slow, cache reset) */
  closed(reason: string): void;
}

export interface CacheOptions {
  historySize?: number;
  watcherQueueLimit?: number;
  logger?: Logger;
}

export type Decoder = (key: string, value: string, rv: number) => KObject;
export type FieldsOf = (obj: KObject) => Record<string, string>;

export class CacheWatcher {
  private queue: CacheEvent[] = [];
  private stopped = false;
  constructor(
    readonly cache: ResourceCache,
    readonly filter: WatchFilter,
    private readonly sink: CacheWatcherSink,
    private readonly limit: number,
  ) {}

  /** translate a storage-level event into what this watcher should see */
  private translate(ev: CacheEvent): readonly OutEvent[] | null {
    const f = this.filter;
    if (f.exactKey !== undefined ? ev.key !== f.exactKey : !ev.key.startsWith(f.keyPrefix)) return null;
    const curM = ev.cur ? f.matches(ev.cur) : false;
    const prevM = ev.prev ? f.matches(ev.prev) : false;
    switch (ev.type) {
      case 'ADDED':
        return curM ? outOf(ev, 'ADDED', ev.cur!.obj) : null;
      case 'MODIFIED':
        if (curM && prevM) return outOf(ev, 'MODIFIED', ev.cur!.obj);
        if (curM) return outOf(ev, 'ADDED', ev.cur!.obj);
        if (prevM) return outOf(ev, 'DELETED', ev.cur!.obj);
        return null;
      case 'DELETED':
        return prevM ? outOf(ev, 'DELETED', ev.prev!.obj) : null;
    }
  }

  push(events: CacheEvent[]): void {
    if (this.stopped) return;
    if (events.length === 1) {
      const one = this.translate(events[0]);
      if (one) this.sink.deliver(one);
      return;
    }
    const out: OutEvent[] = [];
    for (const ev of events) {
      const o = this.translate(ev);
      if (o) out.push(o[0]);
    }
    if (!out.length) return;
    this.sink.deliver(out);
  }

  /** queue accounting done by the sink (the HTTP writer) */
  overflow(): boolean {
    return this.queue.length > this.limit;
  }

  stop(reason?: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.cache.removeWatcher(this);
    if (reason) this.sink.closed(reason);
  }

  get isStopped(): boolean {
    return this.stopped;
  }
}

/** The cache of one stored collection (one key prefix). */
export class ResourceCache {
  readonly items = new Map<string, CachedObject>();
  private sorted: CachedObject[] | null = null;
  private history: CacheEvent[] = [];
  private historyHead = 0;
  /** every event with rv > historyStart is in history */
  historyStart = 0;
  private watchers = new Set<CacheWatcher>();

  constructor(
    readonly prefix: string,
    private readonly decode: Decoder,
    private readonly fieldsOf: FieldsOf,
    private readonly historySize: number,
    private readonly watcherQueueLimit: number,
  ) {}

  /** replace content wholesale (initial fill) */
  reset(kvs: { key: string; value: string; modRevision: number }[], rv: number): void {
    this.items.clear();
    for (const kv of kvs) {
      const obj = this.decode(kv.key, kv.value, kv.modRevision);
      this.items.set(kv.key, { key: kv.key, obj, rv: kv.modRevision, fields: this.fieldsOf(obj) });
    }
    this.sorted = null;
    this.history = [];
    this.historyHead = 0;
    this.historyStart = rv;
    for (const w of [...this.watchers]) w.stop('the watch cache was reset');
  }

  apply(events: StorageEvent[]): void {
    const out: CacheEvent[] = [];
    for (const e of events) {
      const prev = this.items.get(e.key);
      if (e.type === 'delete') {
        if (!prev) continue;
        // the deleted object carries the revision of its deletion
        const delObj = this.decode(e.key, e.prevKv ? e.prevKv.value : cachedJson(prev), e.revision);
        this.items.delete(e.key);
        out.push({ type: 'DELETED', key: e.key, rv: e.revision, prev: { ...prev, obj: delObj, rv: e.revision } });
      } else {
        const obj = this.decode(e.key, e.kv!.value, e.revision);
        const cur: CachedObject = { key: e.key, obj, rv: e.revision, fields: this.fieldsOf(obj) };
        this.items.set(e.key, cur);
        out.push({ type: prev ? 'MODIFIED' : 'ADDED', key: e.key, rv: e.revision, cur, prev });
      }
      this.sorted = null;
    }
    if (!out.length) return;
    for (const ev of out) this.record(ev);
    for (const w of this.watchers) w.push(out);
  }

  private record(ev: CacheEvent): void {
    if (this.history.length < this.historySize) {
      this.history.push(ev);
      return;
    }
    const evicted = this.history[this.historyHead];
    this.history[this.historyHead] = ev;
    this.historyHead = (this.historyHead + 1) % this.historySize;
    this.historyStart = evicted.rv;
  }

  /** events with rv > since, in order; null when since is older than the history kept */
  eventsSince(since: number): CacheEvent[] | null {
    if (since < this.historyStart) return null;
    const n = this.history.length;
    const out: CacheEvent[] = [];
    for (let i = 0; i < n; i++) {
      const ev = this.history[(this.historyHead + i) % n];
      if (ev.rv > since) out.push(ev);
    }
    return out;
  }

  /** items sorted by key */
  list(keyPrefix: string): CachedObject[] {
    if (!this.sorted) this.sorted = [...this.items.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (keyPrefix === this.prefix) return this.sorted;
    // binary search the first key >= keyPrefix
    const arr = this.sorted;
    let lo = 0;
    let hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (arr[mid].key < keyPrefix) lo = mid + 1;
      else hi = mid;
    }
    const out: CachedObject[] = [];
    for (let i = lo; i < arr.length && arr[i].key.startsWith(keyPrefix); i++) out.push(arr[i]);
    return out;
  }

  addWatcher(filter: WatchFilter, sink: CacheWatcherSink): CacheWatcher {
    const w = new CacheWatcher(this, filter, sink, this.watcherQueueLimit);
    this.watchers.add(w);
    return w;
  }

  removeWatcher(w: CacheWatcher): void {
    this.watchers.delete(w);
  }

  get watcherCount(): number {
    return this.watchers.size;
  }

  closeAll(reason: string): void {
    for (const w of [...this.watchers]) w.stop(reason);
  }
}

interface Waiter {
  rv: number;
  resolve: () => void;
}

/**
 * Feeds every ResourceCache from one storage watch on the common root prefix.
 */
export class CacheHub {
  private caches = new Map<string, ResourceCache>();
  /** caches being filled: events for them are held until the fill completes */
  private pending = new Map<string, StorageEvent[]>();
  private handle: WatchHandle | null = null;
  private waiters: Waiter[] = [];
  private _rv = 0;
  private stopped = false;
  private readonly historySize: number;
  private readonly watcherQueueLimit: number;
  private readonly logger?: Logger;
  private restarting = false;

  constructor(
    private readonly storage: Storage,
    private readonly root: string,
    opts: CacheOptions = {},
  ) {
    this.historySize = opts.historySize ?? 1000;
    this.watcherQueueLimit = opts.watcherQueueLimit ?? 1000;
    this.logger = opts.logger;
  }

  /** the newest revision every cache has caught up with */
  get rv(): number {
    return this._rv;
  }

  async start(): Promise<void> {
    const rev = await this.storage.currentRevision();
    this._rv = rev;
    this.watchFrom(rev);
  }

  private watchFrom(rev: number): void {
    // the caches hold every current value, so a deletion's last state comes
    // from them: the storage need not send previous values
    this.handle = this.storage.watch(
      this.root,
      rev,
      {
        onEvents: (events) => this.onEvents(events),
        onError: (err) => this.onWatchError(err),
      },
      { prevKv: false },
    );
  }

  private onEvents(events: StorageEvent[]): void {
    // group by cache prefix, preserving order
    const groups = new Map<string, StorageEvent[]>();
    for (const e of events) {
      const p = this.prefixOf(e.key);
      if (p === undefined) continue;
      let g = groups.get(p);
      if (!g) groups.set(p, (g = []));
      g.push(e);
    }
    for (const [p, evs] of groups) {
      const held = this.pending.get(p);
      if (held) held.push(...evs);
      else this.caches.get(p)?.apply(evs);
    }
    const last = events[events.length - 1];
    if (last && last.revision > this._rv) this._rv = last.revision;
    this.wake();
  }

  private onWatchError(err: Error): void {
    if (this.stopped) return;
    this.logger?.warn({ err: err.message }, 'watch cache: storage watch failed; re-listing');
    if (this.restarting) return;
    this.restarting = true;
    const retry = async () => {
      while (!this.stopped) {
        try {
          const rev = await this.storage.currentRevision();
          for (const c of this.caches.values()) {
            const res = await this.storage.list(c.prefix, { revision: rev });
            c.reset(res.items, rev);
          }
          this._rv = rev;
          this.watchFrom(rev);
          this.wake();
          break;
        } catch (e) {
          this.logger?.warn({ err: (e as Error).message }, 'watch cache: re-list failed; retrying');
          await new Promise((r) => setTimeout(r, 500));
        }
      }
      this.restarting = false;
    };
    void retry();
  }

  /** Map a storage key to the prefix of the cache responsible for it. */
  private prefixOf(key: string): string | undefined {
    // prefixes are "/registry/<resource>/" or "/registry/<group>/<resource>/"
    let i = key.indexOf('/', this.root.length);
    if (i < 0) return undefined;
    const p1 = key.slice(0, i + 1);
    if (this.caches.has(p1) || this.pending.has(p1)) return p1;
    i = key.indexOf('/', i + 1);
    if (i < 0) return undefined;
    const p2 = key.slice(0, i + 1);
    if (this.caches.has(p2) || this.pending.has(p2)) return p2;
    return undefined;
  }

  /** Create (and fill) the cache of a collection; prefix ends with '/'. */
  async register(prefix: string, decode: Decoder, fieldsOf: FieldsOf): Promise<ResourceCache> {
    const existing = this.caches.get(prefix);
    if (existing) return existing;
    const cache = new ResourceCache(prefix, decode, fieldsOf, this.historySize, this.watcherQueueLimit);
    this.pending.set(prefix, []);
    try {
      // Read at the hub's revision: every later event for this prefix is held in pending.
      const rev = this._rv;
      const res = await this.storage.list(prefix, { revision: rev });
      cache.reset(res.items, rev);
      const held = this.pending.get(prefix)!.filter((e) => e.revision > rev);
      this.caches.set(prefix, cache);
      this.pending.delete(prefix);
      if (held.length) cache.apply(held);
      return cache;
    } catch (e) {
      this.pending.delete(prefix);
      throw e;
    }
  }

  unregister(prefix: string): void {
    const c = this.caches.get(prefix);
    if (!c) return;
    c.closeAll('the resource was removed');
    this.caches.delete(prefix);
  }

  get(prefix: string): ResourceCache | undefined {
    return this.caches.get(prefix);
  }

  /** Resolve once the hub has seen revision rv; reject after timeoutMs. */
  waitFor(rv: number, timeoutMs: number): Promise<boolean> {
    if (this._rv >= rv) return Promise.resolve(true);
    return new Promise((resolve) => {
      const w: Waiter = { rv, resolve: () => resolve(true) };
      this.waiters.push(w);
      setTimeout(() => {
        const i = this.waiters.indexOf(w);
        if (i >= 0) {
          this.waiters.splice(i, 1);
          resolve(this._rv >= rv);
        }
      }, timeoutMs).unref();
    });
  }

  private wake(): void {
    if (!this.waiters.length) return;
    const still: Waiter[] = [];
    for (const w of this.waiters) {
      if (this._rv >= w.rv) w.resolve();
      else still.push(w);
    }
    this.waiters = still;
  }

  /**
   * Make the hub's revision current: writes outside the root prefix (none in
   * practice) or quiet periods can leave it behind the storage's revision.
   */
  async sync(timeoutMs = 3000): Promise<number> {
    const rev = await this.storage.currentRevision();
    const ok = await this.waitFor(rev, timeoutMs);
    if (!ok) throw new StorageError('Unavailable', `the watch cache did not reach revision ${rev} within ${timeoutMs}ms`);
    return this._rv;
  }

  stop(): void {
    this.stopped = true;
    this.handle?.stop();
    for (const c of this.caches.values()) c.closeAll('the server is shutting down');
  }

  stats(): { caches: number; watchers: number; objects: number } {
    let watchers = 0;
    let objects = 0;
    for (const c of this.caches.values()) {
      watchers += c.watcherCount;
      objects += c.items.size;
    }
    return { caches: this.caches.size, watchers, objects };
  }
}
