// Process lifecycle: SIGTERM exits 0 within 5 s, a restart keeps all data,
// and a SIGKILL during a write load loses no acknowledged write — on both
// storage backends.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startTskube, request, freePort, type TskubeServer } from '../support/tskube.js';
import { startEtcd, type EtcdCluster } from '../support/etcd.js';

type Obj = Record<string, any>;

for (const backend of ['embedded', 'etcd'] as const) {
  describe(`server lifecycle on the ${backend} store`, function () {
    this.timeout(180_000);
    let etcd: EtcdCluster | undefined;
    let dataDir: string;
    let port: number;
    before(async () => {
      if (backend === 'etcd') etcd = await startEtcd();
      dataDir = mkdtempSync(join(tmpdir(), 'tskube-life-'));
      port = await freePort();
    });
    after(async () => {
      await etcd?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const start = () => startTskube({ dataDir, port, etcdServers: etcd?.endpoints });

    it('exits 0 within 5 s of SIGTERM, even with open watches', async () => {
      const s = await start();
      // an open watch must not hold the shutdown up
      const watch = request(s, 'GET', '/api/v1/namespaces/default/configmaps?watch=true').catch(() => undefined);
      await new Promise((r) => setTimeout(r, 300));
      const t0 = Date.now();
      const code = await s.stop();
      assert.equal(code, 0);
      assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
      await watch;
    });

    it('keeps every acknowledged write across SIGKILL under load, and all data across restarts', async () => {
      let s: TskubeServer = await start();
      const acked = new Map<string, string>();
      let stop = false;
      const writer = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const name = `w${w}-${i}`;
          try {
            const r = await request(s, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { i: String(i) } });
            if (r.status === 201) acked.set(name, r.json<Obj>().metadata.uid);
          } catch {
            return; // the server is gone
          }
        }
      };
      const writers = Array.from({ length: 16 }, (_, w) => writer(w));
      await new Promise((r) => setTimeout(r, 1500));
      await s.kill('SIGKILL');
      stop = true;
      await Promise.all(writers);
      assert.ok(acked.size > 20, `only ${acked.size} writes were acknowledged`);

      s = await start();
      const list = (await request(s, 'GET', '/api/v1/namespaces/default/configmaps')).json<Obj>();
      const stored = new Map<string, string>(list.items.map((i: Obj) => [i.metadata.name, i.metadata.uid]));
      for (const [name, uid] of acked) assert.equal(stored.get(name), uid, `acknowledged ${name} is missing after SIGKILL`);
      const rv = list.metadata.resourceVersion;

      // a clean restart keeps everything, including resource versions
      assert.equal(await s.stop(), 0);
      s = await start();
      const again = (await request(s, 'GET', '/api/v1/namespaces/default/configmaps')).json<Obj>();
      assert.equal(again.items.length, list.items.length);
      assert.equal(again.metadata.resourceVersion, rv);
      const ns = (await request(s, 'GET', '/api/v1/namespaces')).json<Obj>();
      assert.deepEqual(ns.items.map((n: Obj) => n.metadata.name).sort(), ['default', 'kube-node-lease', 'kube-public', 'kube-system']);
      assert.equal(await s.stop(), 0);
    });
  });
}

describe('server on a 3-member etcd cluster', function () {
  this.timeout(180_000);
  let etcd: EtcdCluster;
  let s: TskubeServer;
  before(async () => {
    etcd = await startEtcd({ members: 3 });
    s = await startTskube({ etcdServers: etcd.endpoints });
  });
  after(async () => {
    await s?.stop();
    await etcd?.stop();
  });

  it('keeps serving reads, writes and watches with one member stopped', async () => {
    const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    assert.equal((await request(s, 'POST', '/api/v1/namespaces/default/configmaps', cm('before'))).status, 201);
    const rv = (await request(s, 'GET', '/api/v1/namespaces/default/configmaps')).json<Obj>().metadata.resourceVersion;
    await etcd.stopMember(0);
    for (let i = 0; i < 5; i++) {
      const r = await request(s, 'POST', '/api/v1/namespaces/default/configmaps', cm(`during-${i}`));
      assert.equal(r.status, 201, r.body);
    }
    const list = (await request(s, 'GET', '/api/v1/namespaces/default/configmaps')).json<Obj>();
    assert.deepEqual(
      list.items.map((i: Obj) => i.metadata.name).filter((n: string) => n !== 'kube-root-ca.crt').sort(),
      ['before', 'during-0', 'during-1', 'during-2', 'during-3', 'during-4'],
    );
    const got = await request(s, 'GET', '/api/v1/namespaces/default/configmaps/during-4');
    assert.equal(got.status, 200);
    // the watch cache saw every write: a watch from the earlier revision replays them
    const w = await request(s, 'GET', `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}&timeoutSeconds=1`);
    const names = w.body
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as Obj).object.metadata.name)
      .filter((n: string) => n !== 'kube-root-ca.crt');
    assert.deepEqual(names, ['during-0', 'during-1', 'during-2', 'during-3', 'during-4']);
  });
});
