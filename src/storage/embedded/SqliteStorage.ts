// Embedded storage backend: an MVCC log in SQLite plus an in-memory index of
// the newest state of every live key. See docs/storage.md for the data flow.
//
// The whole store lives in one table, `kv_log`, with one row per revision:
//
//   id               the revision (INTEGER PRIMARY KEY, so rows are stored in
//                    revision order and a revision range is a B-tree range)
//   name             the key
//   created          1 when this row brought the key into existence
//   deleted          1 for a deletion marker ("tombstone"); its value and
//                    create_revision are those of the deleted object
//   create_revision  revision at which the key was (last) created
//   prev_revision    id of the previous row of the same key (0: none); each
//                    row is the prev_revision of at most one later row
//   value            the object
//
// Writes never touch SQLite on the caller's path: they are validated against
// the in-memory index (plus the overlay of writes that are in flight), get
// their revision at once, and are committed in groups on the next turn of the
// event loop. Promises resolve only after the group's transaction committed
// with synchronous=FULL (the WAL is fsync'ed), so an acknowledged write
// survives a process kill and a power loss.

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
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
} from '../interface.js';

export interface SqliteStorageOptions {
  /** database file; its directory is created when missing */
  path: string;
  /** how often the background compaction runs; 0 disables it (default 60 000) */
  compactIntervalMs?: number;
  /** number of most recent revisions whose history compaction keeps (default 10 000) */
  historyWindow?: number;
  logger?: Logger;
}

const DEFAULT_COMPACT_INTERVAL_MS = 60_000;
const DEFAULT_HISTORY_WINDOW = 10_000;
/** writes accepted but not yet committed; past this, writes fail with Unavailable */
const MAX_PENDING_WRITES = 10_000;
/** rows read per step when a watch replays history */
const REPLAY_PAGE_ROWS = 1_000;
/** revisions handled per compaction transaction */
const COMPACT_WINDOW_REVISIONS = 5_000;

interface LogRow {
  id: number;
  name: string;
  created: number;
  deleted: number;
  create_revision: number;
  prev_revision: number;
  value: string;
}

interface ReplayRow extends LogRow {
  prev_value: string | null;
}

interface PendingWrite {
  rev: number;
  key: string;
  type: 'create' | 'update' | 'delete';
  /** the new value, null for delete */
  kv: KeyValue | null;
  /** the value replaced or deleted, null for create */
  prev: KeyValue | null;
  resolve: (result: unknown) => void;
  reject: (err: Error) => void;
  result: unknown;
}

interface EmbeddedWatcher {
  prefix: string;
  /** every event with revision <= cursor has been delivered (or did not match) */
  cursor: number;
  live: boolean;
  stopped: boolean;
  cb: WatchCallbacks;
}

type Log = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
const silentLog: Log = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
} as unknown as Log;

export class SqliteStorage implements Storage {
  readonly name = 'embedded';

  /** newest value of every live key */
  private readonly live = new Map<string, KeyValue>();
  /** the keys of `live`, in byte order */
  private readonly keys = new SortedKeys();
  /** writes validated and numbered but not yet committed: key -> newest pending state */
  private readonly overlay = new Map<string, { rev: number; kv: KeyValue | null }>();
  /** writes waiting for the next group commit, in revision order */
  private queue: PendingWrite[] = [];
  /** precondition failures decided by a write in flight: reported after its commit */
  private deferred: { reject: (err: Error) => void; err: StorageError }[] = [];
  private flushScheduled = false;
  /** highest revision handed out */
  private lastAssigned: number;
  /** highest revision committed and applied to the index (what readers see) */
  private committed: number;
  private compacted: number;
  /** compaction has removed the history of revisions <= compactDone */
  private compactDone: number;
  private compactChain: Promise<void> = Promise.resolve();
  private compactTimer: NodeJS.Timeout | undefined;
  private lastTickRevision: number | undefined;
  private readonly watchers = new Set<EmbeddedWatcher>();
  private closed = false;
  /** set when a commit failed: the store refuses writes from then on */
  private writeFailure: Error | undefined;
  private readonly stmtCache = new Map<string, Database.Statement>();

  private constructor(
    private readonly db: Database.Database,
    private readonly log: Log,
    private readonly historyWindow: number,
  ) {
    this.createSchema();
    const meta = this.readMeta();
    this.compacted = meta.compactRev;
    this.compactDone = meta.compactDone;
    const maxId = (this.db.prepare('SELECT MAX(id) AS m FROM kv_log').get() as { m: number | null }).m ?? 0;
    // A compaction may have removed the newest rows (tombstones), so the
    // revision counter also takes the compacted revision into account.
    this.committed = Math.max(maxId, this.compacted);
    this.lastAssigned = this.committed;
    this.rebuildIndex();
  }

  static open(opts: SqliteStorageOptions): SqliteStorage {
    const log: Log = opts.logger ?? silentLog;
    if (opts.path !== ':memory:') mkdirSync(dirname(opts.path), { recursive: true });
    const db = new Database(opts.path);
    let store: SqliteStorage;
    try {
      // One process owns the file: the in-memory index is only correct while
      // nobody else writes. EXCLUSIVE locking keeps the lock from the first
      // write until close (or process death, which releases it).
      try {
        db.pragma('busy_timeout = 2000');
        db.pragma('locking_mode = EXCLUSIVE');
        db.pragma('journal_mode = WAL');
        db.exec('BEGIN EXCLUSIVE; COMMIT;');
      } catch (err) {
        if (String((err as { code?: unknown }).code).startsWith('SQLITE_BUSY')) {
          throw new StorageError('Unavailable', `database ${opts.path} is in use by another connection: ${String(err)}`);
        }
        throw err;
      }
      // FULL: the WAL is fsync'ed at every commit, so acknowledged writes also
      // survive power loss (NORMAL would only survive a process crash).
      db.pragma('synchronous = FULL');
      store = new SqliteStorage(db, log, opts.historyWindow ?? DEFAULT_HISTORY_WINDOW);
    } catch (err) {
      db.close();
      throw err;
    }
    const interval = opts.compactIntervalMs ?? DEFAULT_COMPACT_INTERVAL_MS;
    if (interval > 0) {
      store.compactTimer = setInterval(() => store.compactByWindow(), interval);
      store.compactTimer.unref();
    }
    if (store.compactDone < store.compacted) {
      // a compaction was interrupted: finish it in the background
      store.compactChain = store.compactChain.then(() => store.purgeHistory()).catch((err) => {
        log.error({ err }, 'resuming compaction failed');
      });
    }
    log.info(
      { path: opts.path, revision: store.committed, compacted: store.compacted, keys: store.live.size },
      'embedded storage opened',
    );
    return store;
  }

  // ---------------------------------------------------------------- reads

  async get(key: string): Promise<KeyValue | null> {
    this.assertOpen();
    return this.live.get(key) ?? null;
  }

  async list(prefix: string, opts: ListOptions = {}): Promise<ListResult> {
    this.assertOpen();
    const rev = opts.revision ?? 0;
    const limit = opts.limit && opts.limit > 0 ? opts.limit : 0;
    const from = opts.startKey !== undefined && compareKeys(opts.startKey, prefix) > 0 ? opts.startKey : prefix;
    if (rev === 0 || rev === this.committed) return this.listNewest(prefix, from, limit);
    if (rev > this.committed) {
      throw new StorageError('Unavailable', `revision ${rev} is newer than the current revision ${this.committed}`);
    }
    if (rev < this.compacted) {
      throw new StorageError('Compacted', `revision ${rev} has been compacted`, undefined, this.compacted);
    }
    return this.listAt(rev, prefix, from, limit);
  }

  private listNewest(prefix: string, from: string, limit: number): ListResult {
    const items: KeyValue[] = [];
    let more = false;
    for (const key of this.keys.from(from)) {
      if (!key.startsWith(prefix)) break;
      if (limit && items.length === limit) {
        more = true;
        break;
      }
      items.push(this.live.get(key)!);
    }
    const end = prefixEnd(prefix);
    const count = Math.max(0, (end === null ? this.keys.size : this.keys.rank(end)) - this.keys.rank(from));
    return { items, revision: this.committed, more, count };
  }

  private listAt(rev: number, prefix: string, from: string, limit: number): ListResult {
    const end = prefixEnd(prefix);
    const range = end === null ? 'name >= @from' : 'name >= @from AND name < @end';
    // newest row of every key in range with id <= rev, unless it is a tombstone
    const latest = `SELECT l.name, l.id, l.create_revision, l.value FROM kv_log l
      JOIN (SELECT name, MAX(id) AS mid FROM kv_log WHERE ${range} AND id <= @rev GROUP BY name) m
        ON l.id = m.mid
      WHERE l.deleted = 0`;
    const params: Record<string, unknown> = { from, rev };
    if (end !== null) params.end = end;
    const rows = this.stmt(`${latest} ORDER BY l.name LIMIT @limit`).all({
      ...params,
      limit: limit ? limit + 1 : -1,
    }) as Pick<LogRow, 'name' | 'id' | 'create_revision' | 'value'>[];
    const more = limit > 0 && rows.length > limit;
    if (more) rows.length = limit;
    let count = rows.length;
    if (more) {
      count = (this.stmt(`SELECT COUNT(*) AS n FROM (${latest})`).get(params) as { n: number }).n;
    }
    const items = rows.map((r) => kv(r.name, r.value, r.create_revision, r.id));
    return { items, revision: rev, more, count };
  }

  async currentRevision(): Promise<number> {
    this.assertOpen();
    return this.committed;
  }

  async compactedRevision(): Promise<number> {
    this.assertOpen();
    return this.compacted;
  }

  // --------------------------------------------------------------- writes

  create(key: string, value: string): Promise<KeyValue> {
    const refused = this.refuseWrite();
    if (refused) return Promise.reject(refused);
    if (this.newest(key)) return this.fail(key, new StorageError('KeyExists', `key ${key} already exists`));
    const rev = ++this.lastAssigned;
    const created = kv(key, value, rev, rev);
    return this.enqueue(rev, key, 'create', created, null, created);
  }

  update(key: string, value: string, expectedModRevision: number): Promise<KeyValue> {
    const refused = this.refuseWrite();
    if (refused) return Promise.reject(refused);
    const cur = this.newest(key);
    if (!cur) return this.fail(key, new StorageError('NotFound', `key ${key} not found`));
    if (cur.modRevision !== expectedModRevision) {
      return this.fail(
        key,
        new StorageError(
          'Conflict',
          `key ${key} has modRevision ${cur.modRevision}, expected ${expectedModRevision}`,
          cur,
        ),
      );
    }
    const rev = ++this.lastAssigned;
    const updated = kv(key, value, cur.createRevision, rev);
    return this.enqueue(rev, key, 'update', updated, cur, updated);
  }

  delete(key: string, expectedModRevision?: number): Promise<{ prev: KeyValue; revision: number }> {
    const refused = this.refuseWrite();
    if (refused) return Promise.reject(refused);
    const cur = this.newest(key);
    if (!cur) return this.fail(key, new StorageError('NotFound', `key ${key} not found`));
    if (expectedModRevision !== undefined && cur.modRevision !== expectedModRevision) {
      return this.fail(
        key,
        new StorageError(
          'Conflict',
          `key ${key} has modRevision ${cur.modRevision}, expected ${expectedModRevision}`,
          cur,
        ),
      );
    }
    const rev = ++this.lastAssigned;
    return this.enqueue(rev, key, 'delete', null, cur, { prev: cur, revision: rev });
  }

  /**
   * Reject a write whose precondition failed. When the state that decided it
   * is a write still in flight, the rejection waits for that commit: the
   * caller then sees (with get) the state it conflicted with, and a
   * read-modify-write retry loop cannot spin on microtasks forever while the
   * commit it waits for never gets a turn of the event loop.
   */
  private fail<T>(key: string, err: StorageError): Promise<T> {
    if (!this.overlay.has(key)) return Promise.reject(err);
    return new Promise<T>((_, reject) => this.deferred.push({ reject, err }));
  }

  /** the newest state of key including writes in flight */
  private newest(key: string): KeyValue | null {
    const pending = this.overlay.get(key);
    if (pending) return pending.kv;
    return this.live.get(key) ?? null;
  }

  private refuseWrite(): StorageError | undefined {
    if (this.closed) return new StorageError('Unavailable', 'storage is closed');
    if (this.writeFailure) {
      return new StorageError('Unavailable', `storage refuses writes after a failed commit: ${this.writeFailure.message}`);
    }
    if (this.queue.length >= MAX_PENDING_WRITES) {
      return new StorageError('Unavailable', `too many writes in flight (${this.queue.length})`);
    }
    return undefined;
  }

  private enqueue<T>(
    rev: number,
    key: string,
    type: PendingWrite['type'],
    next: KeyValue | null,
    prev: KeyValue | null,
    result: T,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ rev, key, type, kv: next, prev, resolve: resolve as (r: unknown) => void, reject, result });
      this.overlay.set(key, { rev, kv: next });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** group commit: everything queued since the last flush goes into one transaction */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    try {
      this.commitBatch(batch);
    } catch (err) {
      this.failWrites(err as Error, batch);
      return;
    }
    for (const w of batch) {
      if (w.kv) {
        if (!this.live.has(w.key)) this.keys.insert(w.key);
        this.live.set(w.key, w.kv);
      } else {
        this.live.delete(w.key);
        this.keys.remove(w.key);
      }
      if (this.overlay.get(w.key)?.rev === w.rev) this.overlay.delete(w.key);
    }
    this.committed = batch[batch.length - 1].rev;
    for (const w of batch) w.resolve(w.result);
    this.rejectDeferred();
    this.deliver(batch.map(toEvent));
  }

  private commitBatch(batch: PendingWrite[]): void {
    const insert = this.stmt(
      `INSERT INTO kv_log (id, name, created, deleted, create_revision, prev_revision, value)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const w of batch) {
        if (w.type === 'delete') {
          const p = w.prev!;
          insert.run(w.rev, w.key, 0, 1, p.createRevision, p.modRevision, p.value);
        } else {
          const n = w.kv!;
          insert.run(w.rev, w.key, w.type === 'create' ? 1 : 0, 0, n.createRevision, w.prev?.modRevision ?? 0, n.value);
        }
      }
    })();
  }

  private rejectDeferred(instead?: StorageError): void {
    if (this.deferred.length === 0) return;
    const list = this.deferred;
    this.deferred = [];
    for (const d of list) d.reject(instead ?? d.err);
  }

  /**
   * A commit failed (disk full, I/O error). Whether any of it reached the disk
   * is not certain, so the store stops accepting writes; reads keep serving
   * the last committed state. Reopening recovers from what is on disk.
   */
  private failWrites(err: Error, batch: PendingWrite[]): void {
    this.writeFailure = err;
    this.log.error({ err, writes: batch.length }, 'embedded storage commit failed; refusing further writes');
    const failure = new StorageError('Unavailable', `commit failed: ${err.message}`);
    for (const w of batch) w.reject(failure);
    this.rejectDeferred(failure);
    this.overlay.clear();
    this.lastAssigned = this.committed;
  }

  // -------------------------------------------------------------- watches

  watch(prefix: string, fromRevision: number, cb: WatchCallbacks): WatchHandle {
    const w: EmbeddedWatcher = { prefix, cursor: Math.max(0, fromRevision), live: false, stopped: false, cb };
    this.watchers.add(w);
    // never call back before watch() has returned the handle
    setImmediate(() => this.pump(w));
    return {
      stop: () => {
        w.stopped = true;
        this.watchers.delete(w);
      },
    };
  }

  /**
   * Bring a watcher up to date: replay one page of history from the log, and
   * once the replay reaches the committed revision switch it to live delivery
   * in the same synchronous step, so no commit can fall in between.
   */
  private pump(w: EmbeddedWatcher): void {
    if (w.stopped) return;
    if (this.closed) {
      this.endWatch(w, new StorageError('Unavailable', 'storage is closed'));
      return;
    }
    if (w.cursor < this.compacted) {
      this.endWatch(
        w,
        new StorageError('Compacted', `revision ${w.cursor} has been compacted`, undefined, this.compacted),
      );
      return;
    }
    if (w.cursor < this.committed) {
      const upTo = this.committed;
      const rows = this.replayRows(w.prefix, w.cursor, upTo);
      const full = rows.length === REPLAY_PAGE_ROWS;
      w.cursor = full ? rows[rows.length - 1].id : upTo;
      if (rows.length > 0 && !this.emit(w, rows.map(replayEvent))) return;
      if (full || w.cursor < this.committed) {
        setImmediate(() => this.pump(w));
        return;
      }
    }
    w.live = true;
  }

  private replayRows(prefix: string, after: number, upTo: number): ReplayRow[] {
    const end = prefixEnd(prefix);
    const sql = `SELECT l.id, l.name, l.created, l.deleted, l.create_revision, l.prev_revision, l.value,
        p.value AS prev_value
      FROM kv_log l LEFT JOIN kv_log p ON p.id = l.prev_revision
      WHERE l.id > @after AND l.id <= @upTo AND l.name >= @prefix ${end === null ? '' : 'AND l.name < @end'}
      ORDER BY l.id LIMIT ${REPLAY_PAGE_ROWS}`;
    const params: Record<string, unknown> = { after, upTo, prefix };
    if (end !== null) params.end = end;
    return this.stmt(sql).all(params) as ReplayRow[];
  }

  /** live delivery of a committed batch */
  private deliver(events: StorageEvent[]): void {
    if (this.watchers.size === 0) return;
    const last = events[events.length - 1].revision;
    for (const w of this.watchers) {
      if (!w.live || w.stopped) continue;
      const mine = events.filter((e) => e.revision > w.cursor && e.key.startsWith(w.prefix));
      w.cursor = last;
      if (mine.length > 0) this.emit(w, mine);
    }
  }

  private emit(w: EmbeddedWatcher, events: StorageEvent[]): boolean {
    try {
      w.cb.onEvents(events);
      return true;
    } catch (err) {
      this.log.error({ err, prefix: w.prefix }, 'watch consumer threw; ending the watch');
      this.endWatch(w, err instanceof Error ? err : new Error(String(err)));
      return false;
    }
  }

  private endWatch(w: EmbeddedWatcher, err: Error): void {
    if (w.stopped) return;
    w.stopped = true;
    this.watchers.delete(w);
    try {
      w.cb.onError(err);
    } catch (cbErr) {
      this.log.error({ err: cbErr }, 'watch onError callback threw');
    }
  }

  // ----------------------------------------------------------- compaction

  compact(revision: number): Promise<void> {
    const run = this.compactChain.then(() => this.compactTo(revision));
    this.compactChain = run.catch(() => undefined);
    return run;
  }

  /**
   * Timer tick: compact to the revision the previous tick saw (as kube-apiserver
   * compacts etcd), so at least one interval of history survives, and at least
   * historyWindow revisions.
   */
  private compactByWindow(): void {
    if (this.closed) return;
    const previous = this.lastTickRevision;
    this.lastTickRevision = this.committed;
    if (previous === undefined) return;
    const target = Math.min(previous, this.committed - this.historyWindow);
    if (target <= this.compacted) return;
    this.compact(target).catch((err) => this.log.error({ err }, 'background compaction failed'));
  }

  private async compactTo(revision: number): Promise<void> {
    this.assertOpen();
    const target = Math.min(revision, this.committed);
    if (target <= this.compacted) return;
    // Publish the new compacted revision first (durably): from now on reads
    // and replays below it fail with Compacted instead of seeing a history
    // that is being removed.
    this.stmt(`INSERT INTO meta (k, v) VALUES ('compact_rev', ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v`).run(
      target,
    );
    this.compacted = target;
    await this.purgeHistory();
    this.log.debug({ compacted: target }, 'embedded storage compacted');
  }

  /**
   * Remove history at or below the compacted revision, a window of revisions
   * per transaction, yielding to the event loop in between. A row with
   * revision r <= compacted makes its predecessor (prev_revision) obsolete; a
   * tombstone at r <= compacted is obsolete itself. The newest row of a live
   * key is nobody's predecessor, so it always stays.
   */
  private async purgeHistory(): Promise<void> {
    const dropPrev = this.stmt(
      `DELETE FROM kv_log WHERE id IN
        (SELECT prev_revision FROM kv_log WHERE id > ? AND id <= ? AND prev_revision > 0)`,
    );
    const dropTombstones = this.stmt('DELETE FROM kv_log WHERE id > ? AND id <= ? AND deleted = 1');
    const setDone = this.stmt(
      `INSERT INTO meta (k, v) VALUES ('compact_done', ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v`,
    );
    const step = this.db.transaction((lo: number, hi: number) => {
      dropPrev.run(lo, hi);
      dropTombstones.run(lo, hi);
      setDone.run(hi);
    });
    while (this.compactDone < this.compacted) {
      if (this.closed) return;
      const lo = this.compactDone;
      const hi = Math.min(this.compacted, lo + COMPACT_WINDOW_REVISIONS);
      step(lo, hi);
      this.compactDone = hi;
      if (hi < this.compacted) await new Promise((r) => setImmediate(r));
    }
  }

  // ------------------------------------------------------------ lifecycle

  async close(): Promise<void> {
    if (this.closed) return;
    // commit what has been accepted already, then refuse everything else
    if (this.queue.length > 0) this.flush();
    this.closed = true;
    if (this.compactTimer) clearInterval(this.compactTimer);
    await this.compactChain;
    for (const w of [...this.watchers]) this.endWatch(w, new StorageError('Unavailable', 'storage is closed'));
    this.stmtCache.clear();
    this.db.close();
    this.log.info({ revision: this.committed }, 'embedded storage closed');
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError('Unavailable', 'storage is closed');
  }

  // -------------------------------------------------------------- helpers

  private createSchema(): void {
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS kv_log (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        created INTEGER NOT NULL,
        deleted INTEGER NOT NULL,
        create_revision INTEGER NOT NULL,
        prev_revision INTEGER NOT NULL,
        value TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS kv_log_name_id ON kv_log (name, id);
      CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL);
    `);
  }

  private readMeta(): { compactRev: number; compactDone: number } {
    const rows = this.db.prepare('SELECT k, v FROM meta').all() as { k: string; v: number }[];
    const get = (k: string) => rows.find((r) => r.k === k)?.v ?? 0;
    return { compactRev: get('compact_rev'), compactDone: get('compact_done') };
  }

  private rebuildIndex(): void {
    const rows = this.db
      .prepare(
        `SELECT l.name, l.id, l.create_revision, l.value FROM kv_log l
         JOIN (SELECT name, MAX(id) AS mid FROM kv_log GROUP BY name) m ON l.id = m.mid
         WHERE l.deleted = 0 ORDER BY l.name`,
      )
      .all() as Pick<LogRow, 'name' | 'id' | 'create_revision' | 'value'>[];
    const names: string[] = [];
    for (const r of rows) {
      this.live.set(r.name, kv(r.name, r.value, r.create_revision, r.id));
      names.push(r.name);
    }
    // SQLite's BINARY collation and compareKeys agree (both are UTF-8 byte order)
    this.keys.load(names);
  }

  private stmt(sql: string): Database.Statement {
    let s = this.stmtCache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmtCache.set(sql, s);
    }
    return s;
  }
}

function kv(key: string, value: string, createRevision: number, modRevision: number): KeyValue {
  return Object.freeze({ key, value, createRevision, modRevision });
}

function toEvent(w: PendingWrite): StorageEvent {
  const e: StorageEvent = { type: w.type, key: w.key, revision: w.rev };
  if (w.kv) e.kv = w.kv;
  if (w.prev) e.prevKv = w.prev;
  return e;
}

function replayEvent(r: ReplayRow): StorageEvent {
  if (r.deleted) {
    return {
      type: 'delete',
      key: r.name,
      revision: r.id,
      prevKv: kv(r.name, r.value, r.create_revision, r.prev_revision),
    };
  }
  const e: StorageEvent = {
    type: r.created ? 'create' : 'update',
    key: r.name,
    revision: r.id,
    kv: kv(r.name, r.value, r.create_revision, r.id),
  };
  if (!r.created && r.prev_value !== null) e.prevKv = kv(r.name, r.prev_value, r.create_revision, r.prev_revision);
  return e;
}

/**
 * Order two keys by the UTF-8 bytes of their text (= code point order), the
 * order SQLite's BINARY collation and etcd use. Plain `<` on JS strings
 * compares UTF-16 code units, which differs for characters above U+FFFF.
 */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        // surrogates (U+10000 and up) must sort after U+E000..U+FFFF
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

/**
 * The smallest string greater than every string that starts with prefix, or
 * null when there is none (empty prefix: everything matches).
 */
export function prefixEnd(prefix: string): string | null {
  const cps = Array.from(prefix);
  while (cps.length > 0) {
    const last = cps.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return cps.join('') + String.fromCodePoint(next);
    }
  }
  return null;
}

/**
 * A sorted set of keys kept as a list of sorted chunks of bounded size, so an
 * insert or delete moves at most CHUNK keys instead of the whole key space.
 */
class SortedKeys {
  private static readonly CHUNK = 512;
  private chunks: string[][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  load(sorted: string[]): void {
    this.chunks = [];
    const step = SortedKeys.CHUNK / 2;
    for (let i = 0; i < sorted.length; i += step) this.chunks.push(sorted.slice(i, i + step));
    this.count = sorted.length;
  }

  insert(key: string): void {
    if (this.chunks.length === 0) {
      this.chunks.push([key]);
      this.count = 1;
      return;
    }
    const ci = Math.min(this.chunkFor(key), this.chunks.length - 1);
    const chunk = this.chunks[ci];
    const i = lowerBound(chunk, key);
    if (chunk[i] === key) return;
    chunk.splice(i, 0, key);
    this.count++;
    if (chunk.length > SortedKeys.CHUNK) this.chunks.splice(ci + 1, 0, chunk.splice(chunk.length >> 1));
  }

  remove(key: string): void {
    const ci = this.chunkFor(key);
    if (ci === this.chunks.length) return;
    const chunk = this.chunks[ci];
    const i = lowerBound(chunk, key);
    if (chunk[i] !== key) return;
    chunk.splice(i, 1);
    this.count--;
    if (chunk.length === 0) this.chunks.splice(ci, 1);
  }

  /** keys >= start, in order */
  *from(start: string): Generator<string> {
    let ci = this.chunkFor(start);
    if (ci >= this.chunks.length) return;
    for (let i = lowerBound(this.chunks[ci], start); ci < this.chunks.length; ci++, i = 0) {
      const chunk = this.chunks[ci];
      for (; i < chunk.length; i++) yield chunk[i];
    }
  }

  /** number of keys < key */
  rank(key: string): number {
    const ci = this.chunkFor(key);
    let n = 0;
    for (let c = 0; c < ci; c++) n += this.chunks[c].length;
    return ci < this.chunks.length ? n + lowerBound(this.chunks[ci], key) : n;
  }

  /** index of the first chunk whose last key is >= key (chunks.length if none) */
  private chunkFor(key: string): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = this.chunks[mid];
      if (compareKeys(chunk[chunk.length - 1], key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function lowerBound(arr: string[], key: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareKeys(arr[mid], key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
