// etcd storage backend over the etcd3 npm client (gRPC, etcd v3 API).
// See docs/storage.md for the data flow and the failure behaviour.
//
// Every write is one etcd transaction whose compare clause carries the
// precondition, so etcd's own revision is the store revision and
// createRevision/modRevision are etcd's. Watches use the raw Watch gRPC
// stream (not the client's Watcher helper) so this file controls which
// revision a reconnect resumes from and can see etcd's compact_revision.

import etcd3 from 'etcd3';
import type {
  IDuplexStream,
  IKeyValue,
  IOptions,
  IRequestOp,
  ICompare,
  ITxnResponse,
  IWatchRequest,
  IWatchResponse,
  Etcd3 as Etcd3Client,
} from 'etcd3';
import type { Logger } from 'pino';
import {
  KeyValue,
  ListOptions,
  ListResult,
  Storage,
  StorageError,
  StorageEvent,
  WatchCallbacks,
  WatchHandle,
  WatchOptions,
} from '../interface.js';

const { Etcd3, isRecoverableError } = etcd3;

/** keys per range request when a caller lists a whole prefix */
const LIST_PAGE = 1000;

export interface EtcdStorageOptions {
  /** client URLs of the members, e.g. ["http://127.0.0.1:2379"]; give all of them */
  endpoints: string[];
  /**
   * Prepended to every key sent to etcd and stripped from every key read
   * back. Default "" (no-op): interface keys such as "/registry/pods/a/b" are
   * used as the etcd keys unchanged. Use it to share one etcd between
   * several tskube clusters.
   */
  prefix?: string;
  logger?: Logger;
  /** deadline of a single gRPC call (default 10 000 ms) */
  requestTimeoutMs?: number;
  /**
   * how long an operation keeps being retried on other members / through a
   * leader election before it fails with Unavailable (default 15 000 ms)
   */
  retryTimeoutMs?: number;
}

type Log = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
const silentLog = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
} as unknown as Log;

/** errors that prove the request never reached a state machine: safe to resend a write */
const NOT_EXECUTED =
  /ECONNREFUSED|No connection established|circuit breaker is open|etcdserver: no leader|etcdserver: too many requests|etcdserver: not capable|raft proposal dropped/i;
/** errors worth retrying for reads (which are idempotent) */
const TRANSIENT =
  /etcdserver: (leader changed|request timed out|no leader|too many requests|not capable|server stopped)|raft proposal dropped|circuit breaker is open/i;
const COMPACTED = /required revision has been compacted/;
const FUTURE = /required revision is a future revision/;

/**
 * read: idempotent, retried on any transient error.
 * write: retried only when the request surely was not applied.
 * verifiable-write: also retried when the outcome is unknown (timeout,
 * leader change, dropped connection); the caller then checks a failed
 * precondition against its own intended result (see create/update).
 */
type Mode = 'read' | 'write' | 'verifiable-write';
interface CallState {
  /** an attempt failed in a way that leaves its outcome unknown */
  ambiguous: boolean;
}

export class EtcdStorage implements Storage {
  readonly name = 'etcd';

  private closed = false;
  private readonly watches = new Set<EtcdWatch>();
  /** lower bound of etcd's compacted revision (grows as it is learned) */
  private knownCompacted = 0;
  private readonly enc: (key: string) => Buffer;

  private constructor(
    /** @internal */ readonly client: Etcd3Client,
    private readonly keyPrefix: string,
    /** @internal */ readonly log: Log,
    /** @internal */ readonly retryTimeoutMs: number,
  ) {
    this.enc = (key) => Buffer.from(keyPrefix + key, 'utf8');
  }

  static async open(opts: EtcdStorageOptions): Promise<EtcdStorage> {
    if (!opts.endpoints || opts.endpoints.length === 0) throw new Error('EtcdStorage: no endpoints given');
    const requestTimeoutMs = opts.requestTimeoutMs ?? 10_000;
    // The client's default global policy resends any call that failed with a
    // "recoverable" gRPC error; for a transaction that may have been applied
    // already that is not safe. Retries are decided here instead (see call()),
    // the client only keeps its per-member circuit breakers.
    const passThrough = {
      execute: <T>(fn: (ctx: unknown) => T | Promise<T>) =>
        Promise.resolve().then(() => fn({ signal: new AbortController().signal, attempt: 0 })),
    };
    const options: IOptions = {
      hosts: opts.endpoints,
      defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + requestTimeoutMs }),
      faultHandling: {
        global: passThrough as unknown as NonNullable<IOptions['faultHandling']>['global'],
      },
    };
    const client = new Etcd3(options);
    const store = new EtcdStorage(client, opts.prefix ?? '', opts.logger ?? silentLog, opts.retryTimeoutMs ?? 15_000);
    try {
      await store.currentRevision();
    } catch (err) {
      client.close();
      throw err;
    }
    store.log.info({ endpoints: opts.endpoints, prefix: store.keyPrefix }, 'etcd storage connected');
    return store;
  }

  // ---------------------------------------------------------------- reads

  async get(key: string): Promise<KeyValue | null> {
    const res = await this.call('read', 'get', () => this.client.kv.range({ key: this.enc(key) }));
    return res.kvs.length > 0 ? this.toKv(res.kvs[0]) : null;
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    if (opts.limit && opts.limit > 0) return this.listPage(prefix, opts);
    // an unlimited list is read in pages at one revision: a single range reply
    // for a large prefix would exceed gRPC's message size limit
    const items: KeyValue[] = [];
    let page = await this.listPage(prefix, { ...opts, limit: LIST_PAGE });
    const revision = page.revision;
    const count = page.count;
    for (;;) {
      items.push(...page.items);
      if (!page.more || !page.items.length) break;
      page = await this.listPage(prefix, { revision, limit: LIST_PAGE, startKey: page.items[page.items.length - 1].key + '\u0000' });
    }
    return { items, revision, more: false, count };
  }

  private async listPage(prefix: string, opts: ListOptions): Promise<ListResult> {
    const wirePrefix = this.enc(prefix);
    let start = wirePrefix;
    if (opts.startKey !== undefined && opts.startKey !== '') {
      // a start key outside the prefix: before it reads the whole prefix, after it nothing
      if (opts.startKey.startsWith(prefix)) start = this.enc(opts.startKey);
      else if (opts.startKey > prefix) start = rangeEnd(wirePrefix);
    }
    const limit = opts.limit && opts.limit > 0 ? opts.limit : 0;
    const rev = opts.revision && opts.revision > 0 ? opts.revision : 0;
    const res = await this.call('read', 'list', () =>
      this.client.kv.range({
        key: start.length === 0 ? Buffer.from([0]) : start,
        range_end: rangeEnd(wirePrefix),
        limit,
        revision: rev,
      }),
    ).catch(async (err: unknown) => {
      if (err instanceof StorageError && err.code === 'Compacted') {
        // etcd's error does not say up to where: look it up for the caller
        const compacted = await this.compactedRevision().catch(() => undefined);
        throw new StorageError('Compacted', err.message, undefined, compacted ?? err.compactedRevision);
      }
      throw err;
    });
    return {
      items: res.kvs.map((k) => this.toKv(k)),
      revision: rev || Number(res.header.revision),
      more: res.more,
      count: Number(res.count),
    };
  }

  async currentRevision(): Promise<number> {
    const res = await this.call('read', 'currentRevision', () =>
      this.client.kv.range({ key: this.enc('\u0000'), count_only: true }),
    );
    return Number(res.header.revision);
  }

  /**
   * etcd has no call that reports the compacted revision, but a read at a
   * revision below it fails and one at or above it succeeds, so it is found
   * by a binary search of cheap count-only reads between the last known
   * value and the current revision (about log2(revision) round trips).
   */
  async compactedRevision(): Promise<number> {
    const current = await this.currentRevision();
    const readable = async (rev: number) => {
      try {
        await this.call('read', 'compactedRevision', () =>
          this.client.kv.range({ key: this.enc('\u0000'), count_only: true, revision: rev }),
        );
        return true;
      } catch (err) {
        if (err instanceof StorageError && err.code === 'Compacted') return false;
        throw err;
      }
    };
    let lo = Math.max(1, this.knownCompacted);
    if (lo > current || (await readable(lo))) return this.knownCompacted;
    let hi = current; // readable(hi) holds, readable(lo) does not
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (await readable(mid)) hi = mid;
      else lo = mid;
    }
    this.knownCompacted = Math.max(this.knownCompacted, hi);
    return this.knownCompacted;
  }

  // --------------------------------------------------------------- writes

  async create(key: string, value: string): Promise<KeyValue> {
    const k = this.enc(key);
    const state: CallState = { ambiguous: false };
    const res = await this.txn(
      'create',
      [{ key: k, target: 'Create', result: 'Equal', create_revision: 0 }],
      [{ request_put: { key: k, value: Buffer.from(value, 'utf8') } }],
      state,
    );
    if (!res.succeeded) {
      const current = this.failureKv(res);
      // An earlier attempt timed out but was applied: the key holds exactly
      // our value, never updated since. (A different create with byte-equal
      // content in that window is taken for ours; for API objects, which
      // carry a uid, that does not happen.)
      if (state.ambiguous && current && current.value === value && current.createRevision === current.modRevision) {
        this.log.info({ key, revision: current.modRevision }, 'etcd create outcome was unknown; found it applied');
        return current;
      }
      throw new StorageError('KeyExists', `key ${key} already exists`);
    }
    const rev = Number(res.header.revision);
    return { key, value, createRevision: rev, modRevision: rev };
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<KeyValue> {
    const k = this.enc(key);
    const state: CallState = { ambiguous: false };
    const res = await this.txn(
      'update',
      [
        { key: k, target: 'Mod', result: 'Equal', mod_revision: expectedModRevision },
        { key: k, target: 'Create', result: 'Greater', create_revision: 0 },
      ],
      [{ request_put: { key: k, value: Buffer.from(value, 'utf8'), prev_kv: true } }],
      state,
    );
    if (!res.succeeded) {
      const current = this.failureKv(res);
      if (state.ambiguous && current && current.value === value) {
        // ours if the write that produced `current` replaced the expected revision
        const before = await this.call('read', 'update-verify', () =>
          this.client.kv.range({ key: k, revision: current.modRevision - 1 }),
        ).catch(() => undefined);
        if (before && before.kvs.length > 0 && Number(before.kvs[0].mod_revision) === expectedModRevision) {
          this.log.info({ key, revision: current.modRevision }, 'etcd update outcome was unknown; found it applied');
          return current;
        }
      }
      throw this.preconditionFailure(key, expectedModRevision, res);
    }
    const prev = res.responses[0].response_put.prev_kv;
    const rev = Number(res.header.revision);
    return { key, value, createRevision: prev ? Number(prev.create_revision) : rev, modRevision: rev };
  }

  async delete(key: string, expectedModRevision?: number): Promise<{ prev: KeyValue; revision: number }> {
    const k = this.enc(key);
    const compare: ICompare[] = [{ key: k, target: 'Create', result: 'Greater', create_revision: 0 }];
    if (expectedModRevision !== undefined) {
      compare.push({ key: k, target: 'Mod', result: 'Equal', mod_revision: expectedModRevision });
    }
    const res = await this.txn('delete', compare, [{ request_delete_range: { key: k, prev_kv: true } }]);
    if (!res.succeeded) throw this.preconditionFailure(key, expectedModRevision, res);
    const prev = res.responses[0].response_delete_range.prev_kvs[0];
    return { prev: this.toKv(prev), revision: Number(res.header.revision) };
  }

  /**
   * A conditional write whose failure branch reads the key back (to tell
   * NotFound from Conflict). With `state` the write may be resent after an
   * unknown outcome, and the caller verifies a failed precondition.
   */
  private txn(op: string, compare: ICompare[], success: IRequestOp[], state?: CallState): Promise<ITxnResponse> {
    const key = compare[0].key!;
    return this.call(
      state ? 'verifiable-write' : 'write',
      op,
      () => this.client.kv.txn({ compare, success, failure: [{ request_range: { key } }] }),
      state,
    );
  }

  private failureKv(res: ITxnResponse): KeyValue | null {
    const kvs = res.responses[0]?.response_range?.kvs ?? [];
    return kvs.length > 0 ? this.toKv(kvs[0]) : null;
  }

  private preconditionFailure(key: string, expected: number | undefined, res: ITxnResponse): StorageError {
    const current = this.failureKv(res);
    if (!current) return new StorageError('NotFound', `key ${key} not found`);
    return new StorageError(
      'Conflict',
      `key ${key} has modRevision ${current.modRevision}, expected ${String(expected)}`,
      current,
    );
  }

  // ----------------------------------------------------------- compaction

  async compact(revision: number): Promise<void> {
    try {
      await this.call('read' /* idempotent */, 'compact', () => this.client.kv.compact({ revision }));
    } catch (err) {
      if (err instanceof StorageError && err.code === 'Compacted') return; // already at or past it
      if (err instanceof Error && FUTURE.test(err.message)) {
        const current = await this.currentRevision();
        return this.compact(Math.min(revision, current));
      }
      throw err;
    }
    this.knownCompacted = Math.max(this.knownCompacted, revision);
  }

  // -------------------------------------------------------------- watches

  watch(prefix: string, fromRevision: number, cb: WatchCallbacks, opts: WatchOptions = {}): WatchHandle {
    const w = new EtcdWatch(this, this.enc(prefix), this.keyPrefix.length, Math.max(0, fromRevision), cb, opts.prevKv ?? true);
    this.watches.add(w);
    if (this.closed) {
      setImmediate(() => w.fail(new StorageError('Unavailable', 'storage is closed')));
    } else {
      w.start();
    }
    return {
      stop: () => {
        w.stop();
        this.watches.delete(w);
      },
    };
  }

  /** @internal */
  forget(w: EtcdWatch): void {
    this.watches.delete(w);
  }

  // ------------------------------------------------------------ lifecycle

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of [...this.watches]) w.fail(new StorageError('Unavailable', 'storage is closed'));
    this.client.close();
    this.log.info('etcd storage closed');
  }

  // -------------------------------------------------------------- helpers

  /** @internal */
  toKv(k: IKeyValue): KeyValue {
    return {
      key: k.key.toString('utf8').slice(this.keyPrefix.length),
      value: k.value.toString('utf8'),
      createRevision: Number(k.create_revision),
      modRevision: Number(k.mod_revision),
    };
  }

  /**
   * Run one RPC, retrying on another member / after a leader election until
   * retryTimeoutMs. Reads are retried on any transient error. A plain write
   * only on errors that prove the request was never applied, since a resent
   * transaction that had in fact been applied reports KeyExists/Conflict
   * against its own write; a verifiable write (create/update) on any
   * transient error, its caller resolving that case. Transient errors left
   * over become StorageError('Unavailable').
   */
  private async call<T>(mode: Mode, op: string, fn: () => Promise<T>, state?: CallState): Promise<T> {
    const deadline = Date.now() + this.retryTimeoutMs;
    let delay = 25;
    for (let attempt = 1; ; attempt++) {
      if (this.closed) throw new StorageError('Unavailable', 'storage is closed');
      try {
        return await fn();
      } catch (err) {
        const e = err as Error;
        const msg = e?.message ?? String(err);
        if (COMPACTED.test(msg)) {
          throw new StorageError('Compacted', msg, undefined, this.knownCompacted || undefined);
        }
        if (FUTURE.test(msg)) throw new StorageError('Unavailable', msg);
        const notExecuted = NOT_EXECUTED.test(msg);
        const transient = (e instanceof Error && isRecoverableError(e)) || TRANSIENT.test(msg) || notExecuted;
        const retryable = mode === 'write' ? notExecuted : transient;
        if (retryable && Date.now() + delay < deadline && !this.closed) {
          if (mode === 'verifiable-write' && !notExecuted && state) state.ambiguous = true;
          this.log.debug({ op, attempt, err: msg }, 'etcd call failed, retrying');
          await sleep(delay);
          delay = Math.min(delay * 2, 500);
          continue;
        }
        if (transient) {
          this.log.warn({ op, attempt, err: msg }, 'etcd unavailable');
          throw new StorageError('Unavailable', `etcd ${op} failed: ${msg}`);
        }
        throw e;
      }
    }
  }
}

/**
 * One watch = one gRPC Watch stream. `delivered` is the revision up to which
 * events have been handed to the consumer; after a broken stream the watch is
 * re-created on any member from delivered+1, so nothing is lost or repeated.
 */
class EtcdWatch {
  private stream: IDuplexStream<IWatchRequest, IWatchResponse> | undefined;
  private stopped = false;
  private failingSince = 0;
  private backoff = 50;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: EtcdStorage,
    private readonly wirePrefix: Buffer,
    private readonly stripLen: number,
    private delivered: number,
    private readonly cb: WatchCallbacks,
    private readonly prevKv: boolean,
  ) {}

  start(): void {
    void this.connect();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.drop();
  }

  fail(err: Error): void {
    if (this.stopped) return;
    this.stop();
    this.store.forget(this);
    try {
      this.cb.onError(err);
    } catch (cbErr) {
      this.store.log.error({ err: cbErr }, 'watch onError callback threw');
    }
  }

  private drop(): void {
    const s = this.stream;
    this.stream = undefined;
    if (s) {
      try {
        s.cancel();
      } catch {
        // already gone
      }
    }
  }

  private async connect(): Promise<void> {
    this.timer = undefined;
    if (this.stopped) return;
    let stream: IDuplexStream<IWatchRequest, IWatchResponse>;
    try {
      stream = await this.store.client.watchClient.watch();
    } catch (err) {
      this.retry(err as Error);
      return;
    }
    if (this.stopped) {
      stream.cancel();
      return;
    }
    this.stream = stream;
    stream.on('data', (res) => {
      if (stream === this.stream) this.onResponse(res);
    });
    stream.on('error', (err) => {
      if (stream === this.stream) this.onBroken(err);
    });
    stream.on('end', () => {
      if (stream === this.stream) this.onBroken(new Error('watch stream ended'));
    });
    stream.write({
      create_request: {
        key: this.wirePrefix.length === 0 ? Buffer.from([0]) : this.wirePrefix,
        range_end: rangeEnd(this.wirePrefix),
        start_revision: this.delivered + 1,
        prev_kv: this.prevKv,
        progress_notify: true,
      },
    });
  }

  private onResponse(res: IWatchResponse): void {
    if (this.stopped) return;
    const compactRev = Number(res.compact_revision ?? 0);
    if (compactRev > 0) {
      this.fail(
        new StorageError('Compacted', `revision ${this.delivered} has been compacted (at ${compactRev})`, undefined, compactRev),
      );
      return;
    }
    if (res.canceled) {
      const reason = res.cancel_reason || 'watch canceled by etcd';
      if (COMPACTED.test(reason)) {
        this.fail(new StorageError('Compacted', reason));
      } else {
        this.onBroken(new Error(reason));
      }
      return;
    }
    if (res.created) {
      this.failingSince = 0;
      this.backoff = 50;
      return;
    }
    const events: StorageEvent[] = [];
    const after = this.delivered;
    for (const ev of res.events ?? []) {
      const e = this.toEvent(ev.type, ev.kv, ev.prev_kv);
      if (e.revision > after) events.push(e);
    }
    if (events.length === 0) return;
    this.delivered = events[events.length - 1].revision;
    try {
      this.cb.onEvents(events);
    } catch (err) {
      this.store.log.error({ err }, 'watch consumer threw; ending the watch');
      this.fail(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private toEvent(type: string, k: IKeyValue, p: IKeyValue | null | undefined): StorageEvent {
    const key = k.key.toString('utf8').slice(this.stripLen);
    const revision = Number(k.mod_revision);
    const prevKv = p && p.key && p.key.length > 0 ? this.store.toKv(p) : undefined;
    if (String(type).toUpperCase() === 'DELETE') {
      return prevKv ? { type: 'delete', key, revision, prevKv } : { type: 'delete', key, revision };
    }
    const kv = this.store.toKv(k);
    if (k.version === '1') return { type: 'create', key, revision, kv };
    return prevKv ? { type: 'update', key, revision, kv, prevKv } : { type: 'update', key, revision, kv };
  }

  private onBroken(err: Error): void {
    this.drop();
    this.retry(err);
  }

  private retry(err: Error): void {
    if (this.stopped) return;
    const now = Date.now();
    if (this.failingSince === 0) this.failingSince = now;
    if (now - this.failingSince > this.store.retryTimeoutMs) {
      this.fail(new StorageError('Unavailable', `etcd watch failed: ${err.message}`));
      return;
    }
    this.store.log.debug({ err: err.message, from: this.delivered + 1 }, 'etcd watch broken, reconnecting');
    this.timer = setTimeout(() => void this.connect(), this.backoff);
    this.backoff = Math.min(this.backoff * 2, 1000);
  }
}

/** the first key after every key that starts with prefix (etcd's "prefix end") */
function rangeEnd(prefix: Buffer): Buffer {
  for (let i = prefix.length - 1; i >= 0; i--) {
    if (prefix[i] < 0xff) {
      const end = Buffer.from(prefix.subarray(0, i + 1));
      end[i]++;
      return end;
    }
  }
  return Buffer.from([0]); // with key "\0": the whole key space
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
