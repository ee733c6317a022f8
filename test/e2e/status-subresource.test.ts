// Writes through the status subresource: the status changes and, as upstream's
// status strategies allow, the object's labels and annotations (workloads keep
// their labels; custom resources and CRDs keep all stored metadata); the spec
// never changes.
import { strict as assert } from 'node:assert';
import { startTskube, request, type TskubeServer } from '../support/tskube.js';

type Obj = Record<string, any>;
const merge = { 'Content-Type': 'application/merge-patch+json' };

describe('status subresource writes', function () {
  this.timeout(60_000);
  let s: TskubeServer;
  before(async () => {
    s = await startTskube();
  });
  after(async () => s?.stop());

  it('services: status, labels and annotations change; spec does not', async () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'st', labels: { a: '1' } }, spec: { ports: [{ port: 80 }] } };
    assert.equal((await request(s, 'POST', '/api/v1/namespaces/default/services', svc)).status, 201);
    const r = await request(
      s,
      'PATCH',
      '/api/v1/namespaces/default/services/st/status',
      { metadata: { labels: { a: '2' }, annotations: { patchedstatus: 'true' } }, spec: { ports: [{ port: 81 }] }, status: { conditions: [{ type: 'Ready', status: 'True', reason: 'E2E', message: '', lastTransitionTime: '2026-01-01T00:00:00Z' }] } },
      merge,
    );
    assert.equal(r.status, 200, r.body);
    const o = r.json<Obj>();
    assert.deepEqual([o.metadata.labels, o.metadata.annotations], [{ a: '2' }, { patchedstatus: 'true' }]);
    assert.equal(o.spec.ports[0].port, 80);
    assert.equal(o.status.conditions[0].type, 'Ready');
  });

  it('deployments: status writes keep the stored labels but take annotations', async () => {
    const d = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'std', labels: { app: 'x' } },
      spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
    };
    assert.equal((await request(s, 'POST', '/apis/apps/v1/namespaces/default/deployments', d)).status, 201);
    const r = await request(s, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/std/status', { metadata: { labels: { app: 'y' }, annotations: { s: '1' } }, status: { replicas: 3 } }, merge);
    assert.equal(r.status, 200, r.body);
    const o = r.json<Obj>();
    assert.deepEqual([o.metadata.labels, o.metadata.annotations, o.status.replicas], [{ app: 'x' }, { s: '1' }, 3]);
  });

  it('custom resources: a status write changes only the status', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'gadgets.example.tskube.io' },
      spec: {
        group: 'example.tskube.io',
        scope: 'Namespaced',
        names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
        versions: [{ name: 'v1', served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
      },
    };
    assert.equal((await request(s, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd)).status, 201);
    const base = '/apis/example.tskube.io/v1/namespaces/default/gadgets';
    for (let i = 0; ; i++) {
      if ((await request(s, 'GET', base)).status === 200) break;
      if (i > 100) throw new Error('gadgets not served');
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal((await request(s, 'POST', base, { apiVersion: 'example.tskube.io/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: { a: 1 } })).status, 201);
    const r = await request(s, 'PATCH', `${base}/g/status`, { metadata: { annotations: { x: 'y' } }, spec: { a: 2 }, status: { ok: true } }, merge);
    assert.equal(r.status, 200, r.body);
    const o = r.json<Obj>();
    assert.equal(o.metadata.annotations, undefined);
    assert.deepEqual([o.spec, o.status], [{ a: 1 }, { ok: true }]);
  });
});
