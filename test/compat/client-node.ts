// tskube compatibility checks with @kubernetes/client-node (1.x): CRUD, list
// pagination, watch, merge and strategic merge patches, server-side apply
// (PATCH application/apply-patch+yaml through KubernetesObjectApi) and an
// informer.
//
//   node dist/test/compat/client-node.js --kubeconfig PATH [--namespace NS]
//
// Prints one line per check, "ok <name>" or "FAIL <name>: <error>", and exits 1
// when any check failed (2 when it could not start at all).
import * as k8s from '@kubernetes/client-node';
import { pathToFileURL } from 'node:url';

const manager = 'tskube-compat';

export function describeError(e: unknown): string {
  if (e instanceof k8s.ApiException) {
    const body = typeof e.body === 'string' ? e.body : JSON.stringify(e.body);
    return `HTTP ${e.code}: ${body}`.replace(/\s+/g, ' ');
  }
  if (e instanceof Error) return `${e.message}`.replace(/\s+/g, ' ');
  return String(e);
}

function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

function sameJson(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)).map(([k, w]) => [k, norm(w)]))
      : v;
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

async function expectCode(code: number, p: Promise<unknown>, what: string): Promise<void> {
  try {
    await p;
  } catch (e) {
    if (e instanceof k8s.ApiException && e.code === code) return;
    throw new Error(`${what}: want HTTP ${code}, got ${describeError(e)}`);
  }
  throw new Error(`${what}: want HTTP ${code}, the call succeeded`);
}

function until(cond: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      if (cond()) return resolve();
      if (Date.now() - t0 > timeoutMs) return reject(new Error(`timed out waiting for ${what()}`));
      setTimeout(tick, 25);
    };
    tick();
  });
}

export async function run(kubeconfig: string, ns: string, out: (line: string) => void = console.log): Promise<number> {
  let failures = 0;
  const check = async (name: string, fn: () => Promise<void>) => {
    try {
      await fn();
      out(`ok ${name}`);
    } catch (e) {
      failures++;
      out(`FAIL ${name}: ${describeError(e)}`);
    }
  };

  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const apps = kc.makeApiClient(k8s.AppsV1Api);
  const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
  const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);

  await check('namespace-create', async () => {
    await core.createNamespace({ body: { metadata: { name: ns } } });
  });

  // ---- ConfigMap CRUD with the typed API
  await check('configmap-create', async () => {
    const got = await core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'crud', labels: { compat: 'crud' } }, data: { a: '1' }, binaryData: { bin: 'AAEC/w==' } },
    });
    assert(got.metadata?.uid && got.metadata.resourceVersion, `no uid/resourceVersion: ${JSON.stringify(got.metadata)}`);
    assert(got.metadata.creationTimestamp instanceof Date, `creationTimestamp is not a date: ${String(got.metadata.creationTimestamp)}`);
  });
  await check('configmap-get', async () => {
    const got = await core.readNamespacedConfigMap({ namespace: ns, name: 'crud' });
    assert(sameJson(got.data, { a: '1' }), `data ${JSON.stringify(got.data)}`);
    assert(sameJson(got.binaryData, { bin: 'AAEC/w==' }), `binaryData ${JSON.stringify(got.binaryData)}`);
  });
  await check('configmap-update', async () => {
    const got = await core.readNamespacedConfigMap({ namespace: ns, name: 'crud' });
    const oldRv = got.metadata!.resourceVersion;
    got.data = { a: '2', b: '3' };
    const upd = await core.replaceNamespacedConfigMap({ namespace: ns, name: 'crud', body: got });
    assert(sameJson(upd.data, { a: '2', b: '3' }), `data ${JSON.stringify(upd.data)}`);
    assert(upd.metadata?.resourceVersion !== oldRv, 'resourceVersion did not change');
    got.metadata!.resourceVersion = oldRv;
    await expectCode(409, core.replaceNamespacedConfigMap({ namespace: ns, name: 'crud', body: got }), 'replace with a stale resourceVersion');
  });
  await check('configmap-list', async () => {
    const l = await core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'compat=crud' });
    const names = l.items.map((i) => i.metadata?.name);
    assert(sameJson(names, ['crud']), `items ${JSON.stringify(names)}`);
    assert(l.metadata?.resourceVersion, 'list has no resourceVersion');
  });
  await check('configmap-json-patch', async () => {
    const got = await core.patchNamespacedConfigMap(
      { namespace: ns, name: 'crud', body: [{ op: 'add', path: '/data/c', value: '4' }] },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
    );
    assert(sameJson(got.data, { a: '2', b: '3', c: '4' }), `data ${JSON.stringify(got.data)}`);
  });
  await check('configmap-delete', async () => {
    await core.deleteNamespacedConfigMap({ namespace: ns, name: 'crud' });
    await expectCode(404, core.readNamespacedConfigMap({ namespace: ns, name: 'crud' }), 'read after delete');
  });

  await check('list-limit-continue', async () => {
    for (let i = 0; i < 5; i++) await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: `page-${i}`, labels: { page: 'yes' } } } });
    const names: string[] = [];
    let cont: string | undefined;
    let pages = 0;
    do {
      const l = await core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'page=yes', limit: 2, _continue: cont });
      names.push(...l.items.map((i) => i.metadata!.name!));
      cont = l.metadata?._continue;
      pages++;
    } while (cont && pages <= 10);
    assert(pages === 3 && sameJson(names, [0, 1, 2, 3, 4].map((i) => `page-${i}`)), `${pages} pages: ${JSON.stringify(names)}`);
    await core.deleteCollectionNamespacedConfigMap({ namespace: ns, labelSelector: 'page=yes' });
    const left = await core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'page=yes' });
    assert(left.items.length === 0, `deletecollection left ${left.items.length} items`);
  });

  await check('watch', async () => {
    const rv = (await core.listNamespacedConfigMap({ namespace: ns })).metadata!.resourceVersion;
    const got: string[] = [];
    let ended: unknown = undefined;
    const ctl = await new k8s.Watch(kc).watch(
      `/api/v1/namespaces/${ns}/configmaps`,
      { resourceVersion: rv, fieldSelector: 'metadata.name=watched', allowWatchBookmarks: true },
      (type, obj: k8s.V1ConfigMap) => {
        if (type !== 'BOOKMARK') got.push(`${type}:${obj.data?.v}:${obj.kind}`);
      },
      (err) => (ended = err ?? 'closed'),
    );
    try {
      await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'watched' }, data: { v: '1' } } });
      await core.patchNamespacedConfigMap({ namespace: ns, name: 'watched', body: { data: { v: '2' } } }, mergePatch);
      await core.deleteNamespacedConfigMap({ namespace: ns, name: 'watched' });
      await until(() => got.length >= 3 || ended !== undefined, 15_000, () => `3 events (got ${JSON.stringify(got)})`);
      const want = ['ADDED:1:ConfigMap', 'MODIFIED:2:ConfigMap', 'DELETED:2:ConfigMap'];
      assert(sameJson(got, want), `events ${JSON.stringify(got)}, want ${JSON.stringify(want)}${ended !== undefined ? `; the watch ended: ${describeError(ended)}` : ''}`);
    } finally {
      ctl.abort();
    }
  });

  // ---- Deployment patches
  await check('deployment-create', async () => {
    const labels = { app: 'patched' };
    await apps.createNamespacedDeployment({
      namespace: ns,
      body: {
        metadata: { name: 'patched' },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              containers: [
                { name: 'app', image: 'registry.example/app:1' },
                { name: 'sidecar', image: 'registry.example/sidecar:1' },
              ],
            },
          },
        },
      },
    });
  });
  await check('deployment-merge-patch', async () => {
    const got = await apps.patchNamespacedDeployment(
      { namespace: ns, name: 'patched', body: { metadata: { labels: { patched: 'merge' } }, spec: { replicas: 3 } } },
      mergePatch,
    );
    assert(got.metadata?.labels?.patched === 'merge', `labels ${JSON.stringify(got.metadata?.labels)}`);
    assert(got.spec?.replicas === 3, `replicas ${got.spec?.replicas}`);
    assert(got.spec?.template.spec?.containers.length === 2, 'the merge patch touched the containers');
  });
  await check('deployment-strategic-merge-patch', async () => {
    const got = await apps.patchNamespacedDeployment(
      { namespace: ns, name: 'patched', body: { spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.example/app:2' }] } } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
    );
    const images = Object.fromEntries((got.spec?.template.spec?.containers ?? []).map((c) => [c.name, c.image]));
    const want = { app: 'registry.example/app:2', sidecar: 'registry.example/sidecar:1' };
    assert(sameJson(images, want), `containers ${JSON.stringify(images)}`);
  });
  await check('deployment-delete', async () => {
    await apps.deleteNamespacedDeployment({ namespace: ns, name: 'patched', propagationPolicy: 'Background' });
  });

  // ---- server-side apply through KubernetesObjectApi
  const apply = (data: Record<string, string>, fieldManager = manager, force = true) =>
    objects.patch<k8s.V1ConfigMap>(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied', namespace: ns, labels: { owner: 'compat' } }, data },
      undefined,
      undefined,
      fieldManager,
      force,
      k8s.PatchStrategy.ServerSideApply,
    );
  await check('ssa-create', async () => {
    const got = await apply({ keep: '1', drop: '1' });
    assert(got.metadata?.uid, 'no uid');
    assert(sameJson(got.data, { keep: '1', drop: '1' }), `data ${JSON.stringify(got.data)}`);
  });
  await check('ssa-update', async () => {
    const got = await apply({ keep: '2', drop: '1', new: '1' });
    assert(sameJson(got.data, { keep: '2', drop: '1', new: '1' }), `data ${JSON.stringify(got.data)}`);
  });
  await check('ssa-managed-fields', async () => {
    const got = await core.readNamespacedConfigMap({ namespace: ns, name: 'applied' });
    const mf = got.metadata?.managedFields ?? [];
    const entry = mf.find((m) => m.manager === manager && m.operation === 'Apply');
    assert(entry, `no managedFields entry {manager: ${manager}, operation: Apply}; managedFields=${JSON.stringify(mf)}`);
    const fields = entry.fieldsV1 as Record<string, Record<string, unknown>> | undefined;
    assert(fields?.['f:data']?.['f:keep'] !== undefined, `the Apply entry lacks f:data.f:keep: ${JSON.stringify(fields)}`);
  });
  await check('ssa-remove-field', async () => {
    const got = await apply({ keep: '2', new: '1' });
    assert(sameJson(got.data, { keep: '2', new: '1' }), `data after applying without "drop": ${JSON.stringify(got.data)}`);
  });
  await check('ssa-conflict-and-force', async () => {
    await expectCode(409, apply({ keep: 'other' }, 'someone-else', false), 'apply of a field another manager owns without force');
    const got = await apply({ keep: 'other' }, 'someone-else', true);
    assert(got.data?.keep === 'other', `forced apply did not take the field: ${JSON.stringify(got.data)}`);
  });
  await check('ssa-and-merge-patch-from-a-second-client', async () => {
    // a second client merge-patches a field the applier does not manage: a re-apply keeps it
    await objects.patch<k8s.V1ConfigMap>(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'applied', namespace: ns }, data: { extra: 'x' } },
      undefined,
      undefined,
      'second-client',
      undefined,
      k8s.PatchStrategy.MergePatch,
    );
    const got = await apply({ keep: 'other' }, 'someone-else', false);
    assert(got.data?.extra === 'x', `re-apply removed the second client's field: ${JSON.stringify(got.data)}`);
    const managers = (got.metadata?.managedFields ?? []).map((m) => `${m.manager}/${m.operation}`).sort();
    assert(managers.includes('second-client/Update') && managers.includes('someone-else/Apply'), `managedFields: ${managers.join(',')}`);
  });
  await check('ssa-delete', async () => {
    await core.deleteNamespacedConfigMap({ namespace: ns, name: 'applied' });
  });

  // ---- informer
  await check('informer-sync-and-add', async () => {
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'informer-pre', labels: { inf: 'yes' } } } });
    const informer = k8s.makeInformer(
      kc,
      `/api/v1/namespaces/${ns}/configmaps`,
      () => core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'inf=yes' }),
      'inf=yes',
    );
    const added: string[] = [];
    const errors: unknown[] = [];
    informer.on('add', (o) => added.push(o.metadata!.name!));
    informer.on('error', (e) => errors.push(e));
    await informer.start();
    try {
      assert(informer.get('informer-pre', ns), `the synced cache lacks informer-pre: ${JSON.stringify(informer.list().map((o) => o.metadata?.name))}`);
      await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'informer-post', labels: { inf: 'yes' } } } });
      await until(() => added.includes('informer-post') || errors.length > 0, 15_000, () => `the add of informer-post (adds: ${JSON.stringify(added)})`);
      assert(errors.length === 0, `informer error: ${describeError(errors[0])}`);
    } finally {
      await informer.stop();
    }
  });

  if (failures) out(`${failures} check(s) failed`);
  return failures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string, dflt?: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const kubeconfig = arg('kubeconfig', process.env.KUBECONFIG);
  if (!kubeconfig) {
    console.log('FAIL setup: --kubeconfig is required');
    process.exit(2);
  }
  run(kubeconfig, arg('namespace', 'compat-client-node')!).then(
    (failures) => process.exit(failures ? 1 : 0),
    (e) => {
      console.log(`FAIL setup: ${describeError(e)}`);
      process.exit(2);
    },
  );
}
