// The first controllers: every namespace gets the "default" ServiceAccount
// and the kube-root-ca.crt ConfigMap (kept in shape), in the all-in-one
// server and as separate controller-manager processes with leader election.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { startTskube, request, tskubeBin, type TskubeServer } from '../support/tskube.js';

type Obj = Record<string, any>;

async function eventually(what: string, f: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (await f()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out: ${what}`);
}

const exists = async (s: TskubeServer, path: string) => (await request(s, 'GET', path)).status === 200;

describe('controllers', function () {
  this.timeout(120_000);

  describe('in the all-in-one server', () => {
    let s: TskubeServer;
    before(async () => {
      s = await startTskube();
    });
    after(async () => s?.stop());

    it('gives every namespace its default ServiceAccount and root CA ConfigMap, and repairs them', async () => {
      await request(s, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ctl' } });
      await eventually('default SA', () => exists(s, '/api/v1/namespaces/ctl/serviceaccounts/default'));
      await eventually('root CA', () => exists(s, '/api/v1/namespaces/ctl/configmaps/kube-root-ca.crt'));
      const cm = (await request(s, 'GET', '/api/v1/namespaces/ctl/configmaps/kube-root-ca.crt')).json<Obj>();
      assert.equal(cm.data['ca.crt'], s.ca());
      for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease'])
        await eventually(`default SA in ${ns}`, () => exists(s, `/api/v1/namespaces/${ns}/serviceaccounts/default`));
      // deleted or changed objects come back
      await request(s, 'DELETE', '/api/v1/namespaces/ctl/serviceaccounts/default');
      await request(s, 'PUT', '/api/v1/namespaces/ctl/configmaps/kube-root-ca.crt', { ...cm, data: { 'ca.crt': 'tampered' } });
      await eventually('SA recreated', () => exists(s, '/api/v1/namespaces/ctl/serviceaccounts/default'));
      await eventually('CA restored', async () => (await request(s, 'GET', '/api/v1/namespaces/ctl/configmaps/kube-root-ca.crt')).json<Obj>().data['ca.crt'] === s.ca());
      const lease = (await request(s, 'GET', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager')).json<Obj>();
      assert.ok(lease.spec.holderIdentity);
    });
  });

  describe('namespace lifecycle', () => {
    let s: TskubeServer;
    before(async () => {
      s = await startTskube();
    });
    after(async () => s?.stop());

    it('refuses content in missing namespaces and deleting system namespaces', async () => {
      const r = await request(s, 'POST', '/api/v1/namespaces/nowhere/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
      assert.equal(r.status, 404);
      assert.equal(r.json<Obj>().message, 'namespaces "nowhere" not found');
      const d = await request(s, 'DELETE', '/api/v1/namespaces/kube-system');
      assert.equal(d.status, 403);
      assert.equal(d.json<Obj>().message, 'namespaces "kube-system" is forbidden: this namespace may not be deleted');
    });

    it('terminates a namespace: refuses new content, deletes what is in it, then goes away', async () => {
      await request(s, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
      await request(s, 'POST', '/api/v1/namespaces/doomed/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain' } });
      await request(s, 'POST', '/apis/apps/v1/namespaces/doomed/deployments', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd' },
        spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
      });
      // an object with a finalizer keeps the namespace in Terminating until it is released
      await request(s, 'POST', '/api/v1/namespaces/doomed/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', finalizers: ['example.com/hold'] } });
      const del = await request(s, 'DELETE', '/api/v1/namespaces/doomed');
      assert.equal(del.status, 200);
      assert.equal(del.json<Obj>().status.phase, 'Terminating');
      const refused = await request(s, 'POST', '/api/v1/namespaces/doomed/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'late' } });
      assert.equal(refused.status, 403);
      assert.match(refused.json<Obj>().message, /unable to create new content in namespace doomed because it is being terminated/);
      await eventually('content deleted', async () => (await request(s, 'GET', '/apis/apps/v1/namespaces/doomed/deployments/d')).status === 404);
      assert.equal((await request(s, 'GET', '/api/v1/namespaces/doomed')).json<Obj>().status.phase, 'Terminating');
      await request(s, 'PATCH', '/api/v1/namespaces/doomed/configmaps/held', { metadata: { finalizers: null } }, { 'Content-Type': 'application/merge-patch+json' });
      await eventually('namespace gone', async () => (await request(s, 'GET', '/api/v1/namespaces/doomed')).status === 404);
    });
  });

  describe('as separate processes with leader election', () => {
    let s: TskubeServer;
    const procs: ChildProcess[] = [];
    before(async () => {
      s = await startTskube({ mode: 'apiserver' });
    });
    after(async () => {
      for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
      await s?.stop();
    });

    it('runs one active controller manager and fails over to the other', async () => {
      const start = () => {
        const p = spawn(process.execPath, [tskubeBin, 'controller-manager', '--kubeconfig', s.kubeconfig, '--log-level', 'warn'], { stdio: 'ignore' });
        procs.push(p);
        return p;
      };
      // the apiserver alone runs no controllers
      await request(s, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'one' } });
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(await exists(s, '/api/v1/namespaces/one/serviceaccounts/default'), false);
      const a = start();
      await eventually('first manager acts', () => exists(s, '/api/v1/namespaces/one/serviceaccounts/default'));
      const b = start();
      const leaseOf = async () => (await request(s, 'GET', '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-controller-manager')).json<Obj>().spec;
      const first = (await leaseOf()).holderIdentity;
      assert.ok(first);
      // the leader dies without releasing its lease; the other takes over once it expires
      a.kill('SIGKILL');
      await eventually('the other takes the lease', async () => (await leaseOf()).holderIdentity !== first, 40_000);
      await request(s, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'two' } });
      await eventually('second manager acts', () => exists(s, '/api/v1/namespaces/two/serviceaccounts/default'));
      assert.equal(b.exitCode, null);
    });
  });
});
