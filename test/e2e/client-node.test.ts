// @kubernetes/client-node against tskube: CRUD, pagination, and an informer
// that sees adds, updates and deletes and survives a server restart
// (re-listing after 410 Expired).
import { strict as assert } from 'node:assert';
import * as k8s from '@kubernetes/client-node';
import { startTskube, freePort, type TskubeServer } from '../support/tskube.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      if (cond()) return resolve();
      if (Date.now() - t0 > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

describe('@kubernetes/client-node', function () {
  this.timeout(120_000);
  let server: TskubeServer;
  let dataDir: string;
  let port: number;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;
  const ns = 'client-node';

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tskube-cn-'));
    port = await freePort();
    server = await startTskube({ dataDir, port });
    kc = new k8s.KubeConfig();
    kc.loadFromFile(server.kubeconfig);
    core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: ns } } });
  });

  after(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates, reads, updates, patches and deletes', async () => {
    const created = await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'crud' }, data: { a: '1' } } });
    assert.equal(created.metadata?.name, 'crud');
    const read = await core.readNamespacedConfigMap({ namespace: ns, name: 'crud' });
    assert.deepEqual(read.data, { a: '1' });
    read.data = { a: '2' };
    const replaced = await core.replaceNamespacedConfigMap({ namespace: ns, name: 'crud', body: read });
    assert.equal(replaced.data?.a, '2');
    const patched = await core.patchNamespacedConfigMap(
      { namespace: ns, name: 'crud', body: { data: { b: '3' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    assert.deepEqual(patched.data, { a: '2', b: '3' });
    await core.deleteNamespacedConfigMap({ namespace: ns, name: 'crud' });
    await assert.rejects(core.readNamespacedConfigMap({ namespace: ns, name: 'crud' }), (e: { code?: number }) => e.code === 404);
  });

  it('lists with pagination', async () => {
    for (let i = 0; i < 7; i++) await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: `page-${i}`, labels: { page: 'yes' } } } });
    const names: string[] = [];
    let cont: string | undefined;
    let pages = 0;
    do {
      const l = await core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'page=yes', limit: 3, _continue: cont });
      names.push(...l.items.map((i) => i.metadata!.name!));
      cont = l.metadata?._continue;
      pages++;
    } while (cont);
    assert.equal(pages, 3);
    assert.deepEqual(names, [0, 1, 2, 3, 4, 5, 6].map((i) => `page-${i}`));
  });

  it('keeps an informer in sync across a server restart', async () => {
    const path = `/api/v1/namespaces/${ns}/configmaps`;
    const informer = k8s.makeInformer(kc, path, () => core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'inf=yes' }), 'inf=yes');
    const seen: string[] = [];
    let errors = 0;
    informer.on('add', (o) => seen.push(`add ${o.metadata?.name}`));
    informer.on('update', (o) => seen.push(`update ${o.metadata?.name} ${o.data?.v}`));
    informer.on('delete', (o) => seen.push(`delete ${o.metadata?.name}`));
    informer.on('error', () => {
      errors++;
      setTimeout(() => void informer.start().catch(() => undefined), 500);
    });
    await informer.start();
    try {
      await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'i1', labels: { inf: 'yes' } }, data: { v: '1' } } });
      await until(() => seen.includes('add i1'), 10_000, 'add');
      await core.patchNamespacedConfigMap({ namespace: ns, name: 'i1', body: { data: { v: '2' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
      await until(() => seen.includes('update i1 2'), 10_000, 'update');
      await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'i2', labels: { inf: 'yes' } }, data: { v: '1' } } });
      await core.deleteNamespacedConfigMap({ namespace: ns, name: 'i2' });
      await until(() => seen.includes('delete i2'), 10_000, 'delete');

      // writes the informer does not see move the store's revision past the informer's
      for (let i = 0; i < 3; i++) await core.createNamespacedSecret({ namespace: ns, body: { metadata: { name: `s${i}` } } });
      await server.stop();
      server = await startTskube({ dataDir, port });
      await until(() => errors > 0, 20_000, 'the informer to notice the restart');
      await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'i3', labels: { inf: 'yes' } }, data: { v: '1' } } });
      await until(() => seen.includes('add i3'), 30_000, 'add after restart');
      assert.deepEqual(
        informer.list().map((o) => o.metadata?.name).sort(),
        ['i1', 'i3'],
      );
    } finally {
      await informer.stop();
    }
  });
});
