// The storage contract: one suite every backend must pass (see
// src/storage/interface.ts). Each test works under its own key prefix, so a
// backend may share one server between tests; revisions are global, so the
// tests only compare revisions with each other, never with fixed numbers.

import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import type { KeyValue, Storage, StorageEvent, WatchHandle, WatchOptions } from '../../../src/storage/interface.js';
import { StorageError } from '../../../src/storage/interface.js';

export interface ContractFixture {
  storage: Storage;
  /** close the storage and open it again on the same data */
  restart?: () => Promise<Storage>;
  cleanup(): Promise<void>;
  /** the backend leaves prevKv out when a watch asks it to (WatchOptions.prevKv false) */
  omitsPrevKv?: boolean;
}

let suiteCounter = 0;

async function rejects(p: Promise<unknown>, code: StorageError['code']): Promise<StorageError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof StorageError, `expected StorageError(${code}), got ${String(err)}`);
    assert.equal(err.code, code, `expected ${code}, got ${err.code}: ${err.message}`);
    return err;
  }
  assert.fail(`expected StorageError(${code}), but the call succeeded`);
}

/** a watch that records everything it receives */
class Recorder {
  events: StorageEvent[] = [];
  errors: Error[] = [];
  handle!: WatchHandle;
  private waiters: (() => void)[] = [];

  constructor(storage: Storage, prefix: string, from: number, opts?: WatchOptions) {
    this.handle = storage.watch(
      prefix,
      from,
      {
        onEvents: (evs) => {
          this.events.push(...evs);
          this.wake();
        },
        onError: (err) => {
          this.errors.push(err);
          this.wake();
        },
      },
      opts,
    );
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  async until(pred: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `timed out waiting for ${what}; got ${this.events.length} events ` +
            `${JSON.stringify(this.events.map((e) => [e.type, e.key, e.revision]))}, errors ${this.errors.map(String)}`,
        );
      }
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  stop(): void {
    this.handle.stop();
  }
}

function assertStrictlyIncreasing(events: StorageEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    assert.ok(
      events[i].revision > events[i - 1].revision,
      `event ${i} revision ${events[i].revision} not after ${events[i - 1].revision}`,
    );
  }
}

export function storageContract(name: string, factory: () => Promise<ContractFixture>): void {
  describe(`storage contract: ${name}`, function () {
    this.timeout(60_000);
    let fx: ContractFixture;
    let s: Storage;
    let root: string;
    const watches: Recorder[] = [];

    const watch = (prefix: string, from: number, opts?: WatchOptions) => {
      const r = new Recorder(s, prefix, from, opts);
      watches.push(r);
      return r;
    };

    beforeEach(async () => {
      fx = await factory();
      s = fx.storage;
      root = `/contract-${process.pid}-${++suiteCounter}-${Date.now()}/`;
    });

    afterEach(async () => {
      for (const w of watches.splice(0)) w.stop();
      await fx.cleanup();
    });

    it('create then get returns the stored value', async () => {
      const before = await s.currentRevision();
      const kv = await s.create(`${root}a`, '{"v":1}');
      assert.equal(kv.key, `${root}a`);
      assert.equal(kv.value, '{"v":1}');
      assert.ok(kv.modRevision > before);
      assert.equal(kv.createRevision, kv.modRevision);
      assert.deepEqual(await s.get(`${root}a`), kv);
      assert.equal(await s.get(`${root}missing`), null);
      assert.equal(await s.currentRevision(), kv.modRevision);
    });

    it('create of an existing key fails with KeyExists and writes nothing', async () => {
      const kv = await s.create(`${root}a`, 'one');
      await rejects(s.create(`${root}a`, 'two'), 'KeyExists');
      assert.deepEqual(await s.get(`${root}a`), kv);
      assert.equal(await s.currentRevision(), kv.modRevision);
    });

    it('update honours the modRevision precondition', async () => {
      const created = await s.create(`${root}a`, 'v1');
      const updated = await s.update(`${root}a`, 'v2', created.modRevision);
      assert.equal(updated.value, 'v2');
      assert.equal(updated.createRevision, created.createRevision);
      assert.ok(updated.modRevision > created.modRevision);
      assert.deepEqual(await s.get(`${root}a`), updated);

      const conflict = await rejects(s.update(`${root}a`, 'v3', created.modRevision), 'Conflict');
      assert.deepEqual(conflict.current, updated);
      assert.equal((await s.get(`${root}a`))?.value, 'v2');
      assert.equal(await s.currentRevision(), updated.modRevision);
    });

    it('update of a missing key fails with NotFound', async () => {
      await rejects(s.update(`${root}nope`, 'x', 1), 'NotFound');
      await rejects(s.update(`${root}nope`, 'x', 0), 'NotFound');
      assert.equal(await s.get(`${root}nope`), null);
    });

    it('delete with and without precondition', async () => {
      const a = await s.create(`${root}a`, 'A');
      const b = await s.create(`${root}b`, 'B');

      const delA = await s.delete(`${root}a`);
      assert.deepEqual(delA.prev, a);
      assert.ok(delA.revision > b.modRevision);
      assert.equal(await s.get(`${root}a`), null);
      await rejects(s.delete(`${root}a`), 'NotFound');
      await rejects(s.delete(`${root}a`, delA.revision), 'NotFound');

      const b2 = await s.update(`${root}b`, 'B2', b.modRevision);
      const conflict = await rejects(s.delete(`${root}b`, b.modRevision), 'Conflict');
      assert.deepEqual(conflict.current, b2);
      assert.ok(await s.get(`${root}b`));
      const delB = await s.delete(`${root}b`, b2.modRevision);
      assert.deepEqual(delB.prev, b2);
      assert.equal(await s.get(`${root}b`), null);

      // a re-created key starts a new life
      const again = await s.create(`${root}a`, 'A again');
      assert.equal(again.createRevision, again.modRevision);
      assert.ok(again.createRevision > delB.revision);
    });

    it('list returns keys in byte order with their values', async () => {
      const names = ['m', 'b', 'z', 'a/x', 'a', 'B', '0', 'aa', 'a-'];
      for (const n of names) await s.create(`${root}${n}`, `value of ${n}`);
      const res = await s.list(root);
      const sorted = [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
      assert.deepEqual(
        res.items.map((i) => i.key),
        sorted.map((n) => `${root}${n}`),
      );
      for (const item of res.items) assert.equal(item.value, `value of ${item.key.slice(root.length)}`);
      assert.equal(res.more, false);
      assert.equal(res.revision, await s.currentRevision());
      if (res.count !== undefined) assert.equal(res.count, names.length);
    });

    it('prefix isolation: "/a/b/" does not match "/a/bc" or "/a/b"', async () => {
      await s.create(`${root}a/b`, 'exact');
      await s.create(`${root}a/b/x`, 'child');
      await s.create(`${root}a/b/y/z`, 'grandchild');
      await s.create(`${root}a/bc`, 'sibling');
      await s.create(`${root}a/bc/x`, 'sibling child');
      await s.create(`${root}a/b0`, 'sibling 2');
      const res = await s.list(`${root}a/b/`);
      assert.deepEqual(
        res.items.map((i) => i.key),
        [`${root}a/b/x`, `${root}a/b/y/z`],
      );
      if (res.count !== undefined) assert.equal(res.count, 2);
      assert.equal((await s.list(`${root}a/nothing/`)).items.length, 0);
    });

    it('list at an older revision returns that snapshot', async () => {
      const a = await s.create(`${root}a`, 'a1');
      const b = await s.create(`${root}b`, 'b1');
      const r1 = await s.currentRevision();
      assert.equal(r1, b.modRevision);
      const a2 = await s.update(`${root}a`, 'a2', a.modRevision);
      await s.delete(`${root}b`);
      const c = await s.create(`${root}c`, 'c1');

      const old = await s.list(root, { revision: r1 });
      assert.equal(old.revision, r1);
      assert.deepEqual(old.items, [a, b]);
      const mid = await s.list(root, { revision: a2.modRevision });
      assert.deepEqual(mid.items, [a2, b]);
      const now = await s.list(root);
      assert.deepEqual(now.items, [a2, c]);
      assert.equal(now.revision, c.modRevision);
      // before anything under root existed (revision 0 would mean "newest")
      if (a.modRevision > 1) assert.deepEqual((await s.list(root, { revision: a.modRevision - 1 })).items, []);
    });

    it('limit + startKey paginate over one snapshot, with count', async () => {
      const keys: string[] = [];
      for (let i = 0; i < 25; i++) keys.push(`${root}k${String(i).padStart(2, '0')}`);
      for (const k of [...keys].reverse()) await s.create(k, k);

      const first = await s.list(root, { limit: 10 });
      assert.equal(first.items.length, 10);
      assert.equal(first.more, true);
      if (first.count !== undefined) assert.equal(first.count, 25);
      const snapshot = first.revision;

      // writes between pages must not show up in later pages of the same snapshot
      await s.create(`${root}k05a`, 'late');
      await s.delete(keys[20]);

      const seen = [...first.items];
      let last = first;
      let pages = 1;
      while (last.more) {
        const startKey = last.items[last.items.length - 1].key + '\u0000';
        last = await s.list(root, { limit: 10, startKey, revision: snapshot });
        assert.equal(last.revision, snapshot);
        if (last.count !== undefined) assert.equal(last.count, 25 - seen.length);
        seen.push(...last.items);
        pages++;
      }
      assert.equal(pages, 3);
      assert.deepEqual(
        seen.map((i) => i.key),
        keys,
      );

      // startKey on its own, at the newest revision
      const tail = await s.list(root, { startKey: keys[22] });
      assert.deepEqual(
        tail.items.map((i) => i.key),
        [keys[22], keys[23], keys[24]],
      );
      assert.equal(tail.more, false);
      if (tail.count !== undefined) assert.equal(tail.count, 3);
      const exact = await s.list(root, { limit: 26 });
      assert.equal(exact.more, false);
      assert.equal(exact.items.length, 25); // 25 - 1 deleted + 1 created
    });

    it('watch replays history from a revision, then continues live, in order and without duplicates', async () => {
      await s.create(`${root}other`, 'before the watch start');
      const from = await s.currentRevision();
      const a1 = await s.create(`${root}w/a`, 'a1');
      const a2 = await s.update(`${root}w/a`, 'a2', a1.modRevision);
      const b1 = await s.create(`${root}w/b`, 'b1');
      const delA = await s.delete(`${root}w/a`);
      await s.create(`${root}wx`, 'outside the prefix');

      const r = watch(`${root}w/`, from);
      await r.until(() => r.events.length >= 4, 'the replayed history');
      const b2 = await s.update(`${root}w/b`, 'b2', b1.modRevision);
      const c1 = await s.create(`${root}w/c`, 'c1');
      await r.until(() => r.events.length >= 6, 'the live events');
      await new Promise((res) => setTimeout(res, 200)); // nothing more may arrive
      assert.deepEqual(r.errors, []);

      assert.deepEqual(r.events, [
        { type: 'create', key: `${root}w/a`, revision: a1.modRevision, kv: a1 },
        { type: 'update', key: `${root}w/a`, revision: a2.modRevision, kv: a2, prevKv: a1 },
        { type: 'create', key: `${root}w/b`, revision: b1.modRevision, kv: b1 },
        { type: 'delete', key: `${root}w/a`, revision: delA.revision, prevKv: a2 },
        { type: 'update', key: `${root}w/b`, revision: b2.modRevision, kv: b2, prevKv: b1 },
        { type: 'create', key: `${root}w/c`, revision: c1.modRevision, kv: c1 },
      ]);

      // without previous values: the same events, each with or without its prevKv
      // (a backend may include it when that costs nothing)
      const lean = watch(`${root}w/`, from, { prevKv: false });
      await lean.until(() => lean.events.length >= 6, 'the events without previous values');
      assert.deepEqual(lean.errors, []);
      assert.deepEqual(
        lean.events.map(({ prevKv, ...e }) => e),
        r.events.map(({ prevKv, ...e }) => e),
      );
      lean.events.forEach((e, i) => assert.ok(e.prevKv === undefined || isDeepStrictEqual(e.prevKv, r.events[i].prevKv), `event ${i}`));
      if (fx.omitsPrevKv) assert.ok(lean.events.every((e) => e.prevKv === undefined));

      // a watch from the middle of that history sees only what followed
      const mid = watch(`${root}w/`, a2.modRevision);
      await mid.until(() => mid.events.length >= 4, 'the tail of the history');
      assert.deepEqual(
        mid.events.map((e) => e.revision),
        [b1.modRevision, delA.revision, b2.modRevision, c1.modRevision],
      );
    });

    it('watch from the current revision delivers only new events; stop() ends delivery', async () => {
      const from = await s.currentRevision();
      const r = watch(root, from);
      const x = await s.create(`${root}x`, '1');
      await r.until(() => r.events.length === 1, 'the create');
      r.stop();
      await s.update(`${root}x`, '2', x.modRevision);
      await new Promise((res) => setTimeout(res, 300));
      assert.equal(r.events.length, 1);
      assert.equal(r.events[0].revision, x.modRevision);
    });

    it('watch from a compacted revision fails with Compacted; list there too', async () => {
      const a = await s.create(`${root}a`, 'a1');
      const old = a.modRevision;
      let cur = a;
      for (let i = 2; i <= 5; i++) cur = await s.update(`${root}a`, `a${i}`, cur.modRevision);
      const b = await s.create(`${root}b`, 'b1');
      await s.delete(`${root}b`);
      const delRev = await s.currentRevision();
      await s.compact(cur.modRevision);
      assert.ok((await s.compactedRevision()) >= cur.modRevision);

      const r = watch(root, old);
      await r.until(() => r.errors.length > 0, 'the Compacted error');
      assert.equal(r.events.length, 0);
      assert.ok(r.errors[0] instanceof StorageError);
      assert.equal((r.errors[0] as StorageError).code, 'Compacted');
      assert.ok(((r.errors[0] as StorageError).compactedRevision ?? 0) >= cur.modRevision, 'watch error names the compacted revision');

      const listErr = await rejects(s.list(root, { revision: old }), 'Compacted');
      assert.ok((listErr.compactedRevision ?? 0) >= cur.modRevision, 'list error names the compacted revision');
      await rejects(s.list(root, { revision: b.modRevision - 2 }), 'Compacted');
      // the compacted revision itself is still readable, and the newest state is intact
      assert.deepEqual((await s.list(root, { revision: cur.modRevision })).items, [cur]);
      assert.deepEqual((await s.list(root)).items, [cur]);
      assert.deepEqual(await s.get(`${root}a`), cur);

      // a watch from at/after the compacted revision replays what is left
      const ok = watch(root, cur.modRevision);
      await ok.until(() => ok.events.length >= 2, 'the events after the compaction point');
      assert.deepEqual(
        ok.events.map((e) => [e.type, e.revision]),
        [
          ['create', b.modRevision],
          ['delete', delRev],
        ],
      );
      assert.deepEqual(ok.events[1].prevKv, b);
    });

    it('currentRevision is monotonic and failed writes do not advance it', async () => {
      let last = await s.currentRevision();
      const kv = await s.create(`${root}a`, '1');
      assert.ok(kv.modRevision > last);
      last = await s.currentRevision();
      await rejects(s.create(`${root}a`, '2'), 'KeyExists');
      await rejects(s.update(`${root}a`, '2', kv.modRevision + 1000), 'Conflict');
      await rejects(s.delete(`${root}zzz`), 'NotFound');
      assert.equal(await s.currentRevision(), last);
      let prev = kv;
      for (let i = 0; i < 10; i++) {
        prev = await s.update(`${root}a`, String(i), prev.modRevision);
        const now = await s.currentRevision();
        assert.ok(now > last);
        last = now;
      }
    });

    it('concurrent writes resolve correctly with unique, increasing revisions', async () => {
      const start = await s.currentRevision();
      const r = watch(`${root}c/`, start);
      const created = await Promise.all(
        Array.from({ length: 200 }, (_, i) => s.create(`${root}c/${String(i).padStart(3, '0')}`, `v${i}`)),
      );
      const revs = created.map((kv) => kv.modRevision);
      assert.equal(new Set(revs).size, 200);
      for (const kv of created) {
        assert.ok(kv.modRevision > start);
        assert.equal(kv.createRevision, kv.modRevision);
      }
      const listed = await s.list(`${root}c/`);
      assert.equal(listed.items.length, 200);

      // 200 racing updates with the same precondition: exactly one wins
      const target = created[0];
      const results = await Promise.allSettled(
        Array.from({ length: 200 }, (_, i) => s.update(target.key, `race ${i}`, target.modRevision)),
      );
      const won = results.filter((x) => x.status === 'fulfilled') as PromiseFulfilledResult<KeyValue>[];
      assert.equal(won.length, 1);
      for (const x of results) {
        if (x.status === 'rejected') {
          assert.ok(x.reason instanceof StorageError && x.reason.code === 'Conflict', String(x.reason));
        }
      }
      assert.deepEqual(await s.get(target.key), won[0].value);

      // compare-and-swap loops from 40 writers on one counter lose no increment
      const counter = `${root}c/counter`;
      await s.create(counter, '0');
      await Promise.all(
        Array.from({ length: 40 }, async () => {
          for (;;) {
            const cur = (await s.get(counter))!;
            try {
              await s.update(counter, String(Number(cur.value) + 1), cur.modRevision);
              return;
            } catch (err) {
              if (!(err instanceof StorageError && err.code === 'Conflict')) throw err;
            }
          }
        }),
      );
      assert.equal((await s.get(counter))!.value, '40');

      // the watch saw every change exactly once, in revision order
      const expected = 200 + 1 + 1 + 40;
      await r.until(() => r.events.length >= expected, 'all concurrent events');
      assertStrictlyIncreasing(r.events);
      assert.equal(r.events.length, expected);
      assert.deepEqual(r.errors, []);
    });

    it('agrees with a model under random concurrent writes (byte order, snapshots, pagination, restart)', async () => {
      // key alphabet mixes 1-, 2-, 3- and 4-byte UTF-8 characters: the order
      // must be byte order everywhere (in memory, in SQLite, after a reopen)
      const alphabet = ['a', 'b', 'Z', '-', '/', 'é', '\u00ff', '\ue000', '\uffee', '😀', '𝄞'];
      let seed = 12345;
      const rand = (n: number) => {
        // xorshift32: deterministic, so a failure can be replayed
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        return (seed >>> 0) % n;
      };
      const pool = Array.from({ length: 3000 }, () => {
        let k = `${root}r/`;
        const len = 1 + rand(6);
        for (let i = 0; i < len; i++) k += alphabet[rand(alphabet.length)];
        return k;
      });
      const byteOrder = (x: string, y: string) => Buffer.compare(Buffer.from(x), Buffer.from(y));
      const model = new Map<string, { value: string; createRevision: number; modRevision: number }>();
      const snapshots: { rev: number; items: { key: string; value: string; createRevision: number; modRevision: number }[] }[] = [];
      const sorted = () =>
        [...model.entries()]
          .sort(([x], [y]) => byteOrder(x, y))
          .map(([key, v]) => ({ key, ...v }));

      {
        for (let round = 0; round < 12; round++) {
          // a burst of concurrent writes (one group commit), decided against the model
          const ops: Promise<unknown>[] = [];
          const touched = new Set<string>();
          for (let i = 0; i < 200; i++) {
            const key = pool[rand(pool.length)];
            if (touched.has(key)) continue;
            touched.add(key);
            const cur = model.get(key);
            if (!cur) {
              ops.push(s.create(key, `c${round}-${i}`).then((kv) => model.set(key, kv)));
            } else if (rand(3) === 0) {
              ops.push(s.delete(key, cur.modRevision).then(() => model.delete(key)));
            } else {
              ops.push(s.update(key, `u${round}-${i}`, cur.modRevision).then((kv) => model.set(key, kv)));
            }
          }
          await Promise.all(ops);
          snapshots.push({ rev: await s.currentRevision(), items: sorted() });
        }
        const check = async (st: Storage) => {
          assert.deepEqual((await st.list(`${root}r/`)).items, sorted());
          // pagination with count over the newest state
          const all: unknown[] = [];
          let startKey: string | undefined;
          for (;;) {
            const page = await st.list(`${root}r/`, { limit: 97, startKey });
            assert.equal(page.count, model.size - all.length);
            all.push(...page.items);
            if (!page.more) break;
            startKey = page.items[page.items.length - 1].key + '\u0000';
          }
          assert.deepEqual(all, sorted());
          for (const snap of snapshots.filter((_, i) => i % 4 === 0)) {
            const res = await st.list(`${root}r/`, { revision: snap.rev });
            assert.deepEqual(res.items, snap.items, `snapshot at ${snap.rev}`);
            const page = await st.list(`${root}r/`, { revision: snap.rev, limit: 50, startKey: snap.items[10]?.key });
            assert.deepEqual(page.items, snap.items.slice(10, 60));
            assert.equal(page.count, Math.max(0, snap.items.length - 10));
          }
          // a narrower prefix
          const sub = sorted().filter((kv) => kv.key.startsWith(`${root}r/é`));
          assert.deepEqual((await st.list(`${root}r/é`)).items, sub);
        };
        await check(s);
        if (fx.restart) {
          s = await fx.restart();
          await check(s);
        }
      }
    });

    it('data survives a restart', async function () {
      if (!fx.restart) this.skip();
      const a = await s.create(`${root}a`, 'a1');
      const a2 = await s.update(`${root}a`, 'a2', a.modRevision);
      const b = await s.create(`${root}b`, 'b1');
      const delB = await s.delete(`${root}b`);
      const c = await s.create(`${root}c`, 'c1');
      const rev = await s.currentRevision();

      s = await fx.restart!();
      assert.equal(await s.currentRevision(), rev);
      assert.deepEqual(await s.get(`${root}a`), a2);
      assert.equal(await s.get(`${root}b`), null);
      assert.deepEqual((await s.list(root)).items, [a2, c]);
      assert.deepEqual((await s.list(root, { revision: b.modRevision })).items, [a2, b]);

      const r = watch(root, a.modRevision);
      await r.until(() => r.events.length >= 4, 'history replayed after the restart');
      assert.deepEqual(
        r.events.map((e) => [e.type, e.revision]),
        [
          ['update', a2.modRevision],
          ['create', b.modRevision],
          ['delete', delB.revision],
          ['create', c.modRevision],
        ],
      );
      const d = await s.create(`${root}d`, 'd1');
      assert.ok(d.modRevision > rev);
      await r.until(() => r.events.length >= 5, 'a live event after the restart');
      assert.equal(r.events[4].revision, d.modRevision);
    });
  });
}
