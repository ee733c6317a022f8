import assert from 'node:assert/strict';
import etcd3 from 'etcd3';
import { EtcdStorage } from '../../../src/storage/etcd/EtcdStorage.js';
import { StorageError, type KeyValue, type StorageEvent } from '../../../src/storage/interface.js';
import { etcdLeader, startEtcd, type EtcdCluster } from '../../support/etcd.js';
import { storageContract } from './contract.js';

describe('etcd backend', function () {
  // the first run builds etcd from source (hack/etcd/build.sh), which takes minutes
  this.timeout(15 * 60_000);

  describe('single member', () => {
    let cluster: EtcdCluster;
    before(async () => {
      cluster = await startEtcd({ members: 1, noFsync: true });
    });
    after(async () => {
      await cluster?.stop();
    });

    storageContract('etcd', async () => {
      let storage = await EtcdStorage.open({ endpoints: cluster.endpoints });
      return {
        storage,
        // a real server restart: stop the member, start it on the same data
        restart: async () => {
          await storage.close();
          await cluster.stopMember(0);
          await cluster.startMember(0);
          storage = await EtcdStorage.open({ endpoints: cluster.endpoints });
          return storage;
        },
        cleanup: () => storage.close(),
        omitsPrevKv: true,
      };
    });

    it('prefix option: keys are stored under the prefix and returned without it', async () => {
      const plain = await EtcdStorage.open({ endpoints: cluster.endpoints });
      const scoped = await EtcdStorage.open({ endpoints: cluster.endpoints, prefix: '/tenant-a' });
      try {
        const root = `/prefixed-${Date.now()}/`;
        const from = await scoped.currentRevision();
        const events: StorageEvent[] = [];
        const h = scoped.watch(root, from, { onEvents: (e) => events.push(...e), onError: () => undefined });
        const kv = await scoped.create(`${root}x`, 'v');
        assert.equal(kv.key, `${root}x`);
        assert.equal((await plain.get(`/tenant-a${root}x`))?.value, 'v');
        assert.equal(await plain.get(`${root}x`), null);
        assert.deepEqual(
          (await scoped.list(root)).items.map((i) => i.key),
          [`${root}x`],
        );
        const deadline = Date.now() + 5000;
        while (events.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        h.stop();
        assert.equal(events[0]?.key, `${root}x`);
      } finally {
        await plain.close();
        await scoped.close();
      }
    });
  });

  describe('writes whose outcome is unknown', () => {
    let cluster: EtcdCluster;
    let s: EtcdStorage;
    let direct: InstanceType<typeof etcd3.Etcd3>;
    /** number of upcoming transactions that are applied but answered with a timeout */
    let loseReplies = 0;
    before(async () => {
      cluster = await startEtcd({ members: 1, noFsync: true });
      s = await EtcdStorage.open({ endpoints: cluster.endpoints, retryTimeoutMs: 5000 });
      direct = new etcd3.Etcd3({ hosts: cluster.endpoints });
      // every RPC of `s` goes through `direct`; selected replies get lost
      s.client.mock({
        exec: async (service: string, method: string, params: unknown) => {
          assert.equal(service, 'KV');
          const kv = direct.kv as unknown as Record<string, (p: unknown) => Promise<unknown>>;
          const res = await kv[method].call(direct.kv, params);
          if (method === 'txn' && loseReplies > 0) {
            loseReplies--;
            throw new etcd3.GRPCUnavailableError('14 UNAVAILABLE: etcdserver: request timed out');
          }
          return res;
        },
      } as never);
    });
    after(async () => {
      await s?.close();
      direct?.close();
      await cluster?.stop();
    });

    it('a create applied but unanswered is resent and recognised as applied', async () => {
      loseReplies = 1;
      const kv = await s.create('/lost/a', 'mine');
      assert.equal(loseReplies, 0);
      assert.deepEqual(await s.get('/lost/a'), kv);
      assert.equal(kv.createRevision, kv.modRevision);
      // an existing key with other content still fails
      loseReplies = 1;
      await assert.rejects(s.create('/lost/a', 'other'), (e: unknown) => e instanceof StorageError && e.code === 'KeyExists');
    });

    it('an update applied but unanswered is resent and recognised as applied', async () => {
      const a = await s.create('/lost/b', 'v1');
      loseReplies = 1;
      const b = await s.update('/lost/b', 'v2', a.modRevision);
      assert.equal(b.value, 'v2');
      assert.equal(b.createRevision, a.createRevision);
      assert.deepEqual(await s.get('/lost/b'), b);
      // a real conflict stays a conflict
      loseReplies = 1;
      const err = await s.update('/lost/b', 'v3', a.modRevision).then(
        () => assert.fail('expected Conflict'),
        (e: unknown) => e as StorageError,
      );
      assert.equal(err.code, 'Conflict', String(err));
      assert.deepEqual(err.current, b);
    });

    it('a delete with an unknown outcome is reported as Unavailable, not resent', async () => {
      const a = await s.create('/lost/c', 'v1');
      loseReplies = 1;
      await assert.rejects(s.delete('/lost/c', a.modRevision), (e: unknown) => e instanceof StorageError && e.code === 'Unavailable');
      assert.equal(await s.get('/lost/c'), null); // it was applied, once
    });
  });

  describe('3-member cluster with one member down', () => {
    let cluster: EtcdCluster;
    let s: EtcdStorage;
    before(async () => {
      cluster = await startEtcd({ members: 3 });
      s = await EtcdStorage.open({ endpoints: cluster.endpoints });
    });
    after(async () => {
      await s?.close();
      await cluster?.stop();
    });

    it('keeps serving writes, reads and watches when the leader crashes', async () => {
      const root = `/ha-${Date.now()}/`;
      const start = await s.currentRevision();
      const errors: Error[] = [];
      // several watch streams, so that some are (very likely) on the member that is stopped
      const watches = Array.from({ length: 6 }, () => {
        const events: StorageEvent[] = [];
        const handle = s.watch(root, start, { onEvents: (e) => events.push(...e), onError: (e) => errors.push(e) });
        return { events, handle };
      });
      const written: KeyValue[] = [];
      for (let i = 0; i < 20; i++) written.push(await s.create(`${root}before-${i}`, String(i)));

      const leader = await etcdLeader(cluster.endpoints);
      assert.ok(leader >= 0, 'no leader found');
      await cluster.stopMember(leader, 'SIGKILL');

      // Writes right after the leader died. A follower that still forwards to
      // the dead leader loses the proposal and reports "request timed out"
      // after ~6 s (etcd's 5 s + 2 election timeouts); the outcome is unknown
      // to the client, which resends and verifies.
      const t0 = Date.now();
      for (let i = 0; i < 20; i++) written.push(await s.create(`${root}after-${i}`, String(i)));
      const electionMs = Date.now() - t0;
      let kv = written[0];
      for (let i = 0; i < 10; i++) kv = await s.update(kv.key, `u${i}`, kv.modRevision);
      const del = await s.delete(written[1].key);

      assert.equal((await s.get(kv.key))?.value, 'u9');
      const listed = await s.list(root);
      assert.equal(listed.items.length, 39);
      await assert.rejects(s.create(written[2].key, 'dup'), (e: unknown) => e instanceof StorageError && e.code === 'KeyExists');

      // the watch saw every write exactly once, in order, across the failover
      const expected = 40 + 10 + 1;
      const deadline = Date.now() + 20_000;
      while (watches.some((w) => w.events.length < expected) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      for (const w of watches) w.handle.stop();
      assert.deepEqual(errors, []);
      const events = watches[0].events;
      for (const w of watches) {
        assert.equal(w.events.length, expected);
        assert.deepEqual(
          w.events.map((e) => e.revision),
          events.map((e) => e.revision),
        );
      }
      for (let i = 1; i < events.length; i++) assert.ok(events[i].revision > events[i - 1].revision);
      assert.equal(events[events.length - 1].revision, del.revision);

      // a new watch that replays history is served by the surviving members
      const replay: StorageEvent[] = [];
      const replayErrors: Error[] = [];
      const h2 = s.watch(root, start, { onEvents: (e) => replay.push(...e), onError: (e) => replayErrors.push(e) });
      const d2 = Date.now() + 10_000;
      while (replay.length < expected && Date.now() < d2) await new Promise((r) => setTimeout(r, 50));
      h2.stop();
      assert.deepEqual(replayErrors, []);
      assert.deepEqual(
        replay.map((e) => e.revision),
        events.map((e) => e.revision),
      );

      // the member comes back and catches up
      await cluster.startMember(leader);
      const only = await EtcdStorage.open({ endpoints: [cluster.endpoints[leader]] });
      try {
        assert.equal((await only.get(kv.key))?.value, 'u9');
      } finally {
        await only.close();
      }
      console.log(`      (20 creates right after the leader crash took ${electionMs} ms)`);
    });

    it('keeps serving when a follower is stopped', async () => {
      const leader = await etcdLeader(cluster.endpoints);
      const follower = (leader + 1) % 3;
      const root = `/ha-f-${Date.now()}/`;
      const start = await s.currentRevision();
      const events: StorageEvent[] = [];
      const h = s.watch(root, start, { onEvents: (e) => events.push(...e), onError: () => undefined });
      await cluster.stopMember(follower);
      try {
        const results = await Promise.all(Array.from({ length: 50 }, (_, i) => s.create(`${root}${i}`, 'v')));
        assert.equal(new Set(results.map((r) => r.modRevision)).size, 50);
        assert.equal((await s.list(root)).items.length, 50);
        const deadline = Date.now() + 10_000;
        while (events.length < 50 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        assert.equal(events.length, 50);
      } finally {
        h.stop();
        await cluster.startMember(follower);
      }
    });
  });
});
