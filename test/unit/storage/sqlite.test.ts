import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteStorage } from '../../../src/storage/embedded/SqliteStorage.js';
import { StorageError, type StorageEvent } from '../../../src/storage/interface.js';
import { storageContract } from './contract.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tskube-sqlite-'));
}

storageContract('embedded (SQLite)', async () => {
  const dir = tempDir();
  const path = join(dir, 'db', 'state.db');
  let storage = SqliteStorage.open({ path, compactIntervalMs: 0 });
  return {
    storage,
    restart: async () => {
      await storage.close();
      storage = SqliteStorage.open({ path, compactIntervalMs: 0 });
      return storage;
    },
    cleanup: async () => {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('embedded (SQLite) storage specifics', function () {
  this.timeout(60_000);
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = tempDir();
    path = join(dir, 'state.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('validates writes in flight against each other (pending overlay)', async () => {
    const s = SqliteStorage.open({ path, compactIntervalMs: 0 });
    try {
      // all issued in the same tick: none is committed when the next is validated
      const c = s.create('/o/k', 'v1');
      const dup = s.create('/o/k', 'v2');
      const del = s.delete('/o/k');
      const upd = s.update('/o/k', 'v3', 1);
      const again = s.create('/o/k', 'v4');
      const kv = await c;
      await assert.rejects(dup, (e: unknown) => e instanceof StorageError && e.code === 'KeyExists');
      const d = await del;
      assert.deepEqual(d.prev, kv);
      await assert.rejects(upd, (e: unknown) => e instanceof StorageError && e.code === 'NotFound');
      const kv2 = await again;
      assert.equal(kv2.modRevision, d.revision + 1);
      assert.deepEqual(await s.get('/o/k'), kv2);
      // a Conflict may carry a value that is still being committed
      const u1 = s.update('/o/k', 'v5', kv2.modRevision);
      const u2 = s.update('/o/k', 'v6', kv2.modRevision);
      const won = await u1;
      const err = await u2.then(
        () => assert.fail('second update must conflict'),
        (e: unknown) => e as StorageError,
      );
      assert.equal(err.code, 'Conflict');
      assert.deepEqual(err.current, won);
    } finally {
      await s.close();
    }
  });

  it('refuses a second open of the same database while the first is open', async () => {
    const s = SqliteStorage.open({ path, compactIntervalMs: 0 });
    try {
      await s.create('/x', '1');
      assert.throws(
        () => SqliteStorage.open({ path, compactIntervalMs: 0 }),
        (e: unknown) => e instanceof StorageError && e.code === 'Unavailable',
      );
    } finally {
      await s.close();
    }
    const again = SqliteStorage.open({ path, compactIntervalMs: 0 });
    assert.equal((await again.get('/x'))?.value, '1');
    await again.close();
  });

  it('background compaction keeps a bounded history window', async () => {
    const s = SqliteStorage.open({ path, compactIntervalMs: 20, historyWindow: 10 });
    try {
      let kv = await s.create('/c/a', '0');
      const first = kv.modRevision;
      for (let i = 1; i <= 100; i++) kv = await s.update('/c/a', String(i), kv.modRevision);
      await s.create('/c/b', 'b');
      await s.delete('/c/b');
      const cur = await s.currentRevision();
      const deadline = Date.now() + 5000;
      while ((await s.compactedRevision()) < cur - 10 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const compacted = await s.compactedRevision();
      assert.equal(compacted, cur - 10);
      await assert.rejects(s.list('/c/', { revision: first }), (e: unknown) => e instanceof StorageError && e.code === 'Compacted');
      // the window is intact: a watch from the compacted revision replays it all
      const events: StorageEvent[] = [];
      await new Promise<void>((resolve, reject) => {
        const h = s.watch('/c/', compacted, {
          onEvents: (evs) => {
            events.push(...evs);
            if (events.length === 10) {
              h.stop();
              resolve();
            }
          },
          onError: reject,
        });
      });
      assert.deepEqual(
        events.map((e) => e.revision),
        Array.from({ length: 10 }, (_, i) => compacted + 1 + i),
      );
      assert.equal(events[events.length - 1].type, 'delete');
      assert.equal(events[0].prevKv?.modRevision, compacted);
      assert.equal((await s.get('/c/a'))?.value, '100');
    } finally {
      await s.close();
    }
  });

  it('keeps the revision counter when compaction removed the newest rows', async () => {
    let s = SqliteStorage.open({ path, compactIntervalMs: 0 });
    await s.create('/t/a', '1');
    const del = await s.delete('/t/a');
    await s.compact(del.revision);
    await s.close();
    s = SqliteStorage.open({ path, compactIntervalMs: 0 });
    try {
      assert.equal(await s.currentRevision(), del.revision);
      assert.equal(await s.compactedRevision(), del.revision);
      assert.equal((await s.create('/t/a', '2')).modRevision, del.revision + 1);
    } finally {
      await s.close();
    }
  });

  it('loses no acknowledged write when the process is SIGKILLed mid-load', async function () {
    this.timeout(120_000);
    const writer = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'support', 'sqlite-writer.js');
    const rounds = 3;
    const acked = new Map<string, { rev: number; updated: boolean; len?: number }>();
    let maxRev = 0;
    for (let round = 0; round < rounds; round++) {
      const child = spawn(process.execPath, [writer, path, `/kill/r${round}/`, '32'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      let buf = '';
      let lines = 0;
      const target = 2000 + Math.floor(Math.random() * 2000);
      await new Promise<void>((resolve, reject) => {
        child.on('exit', (code, signal) => {
          if (signal === 'SIGKILL') resolve();
          else reject(new Error(`writer exited early (${code}/${signal}): ${stderr}`));
        });
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString('utf8');
          const nl = buf.lastIndexOf('\n');
          if (nl < 0) return;
          const complete = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          for (const line of complete.split('\n')) {
            const [op, key, rev, len] = line.split(' ');
            if (op === 'C') acked.set(key, { rev: Number(rev), updated: false });
            else if (op === 'U') acked.set(key, { rev: Number(rev), updated: true, len: Number(len) });
            else continue;
            maxRev = Math.max(maxRev, Number(rev));
            if (++lines === target) {
              // kill at a random point of the next few milliseconds, writes in flight
              setTimeout(() => process.kill(child.pid!, 'SIGKILL'), Math.random() * 5);
            }
          }
        });
      });
      // everything acknowledged so far, this round and the previous ones, is there
      const s = SqliteStorage.open({ path, compactIntervalMs: 0 });
      try {
        assert.ok((await s.currentRevision()) >= maxRev, 'revision went backwards');
        for (const [key, a] of acked) {
          const kv = await s.get(key);
          assert.ok(kv, `acknowledged key ${key} (rev ${a.rev}) is missing after round ${round}`);
          if (a.updated) {
            assert.equal(kv.modRevision, a.rev, `update of ${key} lost`);
            assert.equal(kv.value.length, a.len);
          } else {
            assert.ok(kv.modRevision >= a.rev, `create of ${key} lost`);
          }
        }
      } finally {
        await s.close();
      }
    }
    assert.ok(acked.size >= 2000, `only ${acked.size} acknowledged keys`);
  });
});
