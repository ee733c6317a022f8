import assert from 'node:assert/strict';
import { strategies } from '../../../src/registry/strategies.js';
import type { KObject } from '../../../src/machinery/objects.js';
import { created, updateStatus } from './harness.js';

const s = strategies;

describe('strategy selectable fields', () => {
  const pod = created(s.pods, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: { nodeName: 'n1', serviceAccountName: 'sa', containers: [{ name: 'a', image: 'nginx:1' }] },
  });

  it('pods', () => {
    assert.deepEqual(s.pods.selectableFields!(pod), {
      'spec.nodeName': 'n1',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': 'default-scheduler',
      'spec.serviceAccountName': 'sa',
      'spec.hostNetwork': 'false',
      'status.phase': 'Pending',
      'status.podIP': '',
      'status.nominatedNodeName': '',
    });
    const running = updateStatus(s.pods, { phase: 'Running', podIPs: [{ ip: '10.0.0.5' }, { ip: 'fd00::5' }] }, pod).obj;
    assert.equal(s.pods.selectableFields!(running)['status.podIP'], '10.0.0.5');
    assert.equal(s.pods.selectableFields!(running)['status.phase'], 'Running');
  });

  it('events', () => {
    const ev = created(s.events, {
      metadata: { name: 'e', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'default', uid: 'u', apiVersion: 'v1' },
      reason: 'Started',
      type: 'Normal',
      source: { component: 'kubelet', host: 'n1' },
    });
    assert.deepEqual(s.events.selectableFields!(ev), {
      'involvedObject.kind': 'Pod',
      'involvedObject.namespace': 'default',
      'involvedObject.name': 'p',
      'involvedObject.uid': 'u',
      'involvedObject.apiVersion': 'v1',
      'involvedObject.resourceVersion': '',
      'involvedObject.fieldPath': '',
      reason: 'Started',
      reportingComponent: '',
      source: 'kubelet',
      type: 'Normal',
    });
    assert.equal(s['events.k8s.io/events'].selectableFields!(ev)['involvedObject.name'], 'p');
  });

  it('secrets, nodes, namespaces, services', () => {
    assert.deepEqual(s.secrets.selectableFields!(created(s.secrets, { metadata: { name: 's', namespace: 'default' } })), { type: 'Opaque' });
    assert.deepEqual(s.nodes.selectableFields!(created(s.nodes, { metadata: { name: 'n' }, spec: { unschedulable: true } })), { 'spec.unschedulable': 'true' });
    assert.deepEqual(s.nodes.selectableFields!(created(s.nodes, { metadata: { name: 'n' } })), { 'spec.unschedulable': 'false' });
    assert.deepEqual(s.namespaces.selectableFields!(created(s.namespaces, { metadata: { name: 'ns' } })), { 'status.phase': 'Active', name: 'ns' });
    const svc = created(s.services, { metadata: { name: 'svc', namespace: 'default' }, spec: { ports: [{ port: 80 }], clusterIP: 'None' } });
    assert.deepEqual(s.services.selectableFields!(svc), { 'spec.clusterIP': 'None', 'spec.type': 'ClusterIP' });
  });

  it('controllers, jobs, claims and CSRs', () => {
    const bare: KObject = { metadata: { name: 'x' }, spec: {}, status: {} };
    assert.deepEqual(s.replicationcontrollers.selectableFields!({ ...bare, status: { replicas: 3 } }), { 'status.replicas': '3' });
    assert.deepEqual(s['apps/replicasets'].selectableFields!({ ...bare, status: { replicas: 2 } }), { 'status.replicas': '2' });
    assert.deepEqual(s['batch/jobs'].selectableFields!({ ...bare, status: { succeeded: 1 } }), { 'status.successful': '1' });
    assert.deepEqual(s.persistentvolumeclaims.selectableFields!(bare), { name: 'x' });
    assert.deepEqual(s.persistentvolumes.selectableFields!(bare), { name: 'x' });
    assert.deepEqual(s['certificates.k8s.io/certificatesigningrequests'].selectableFields!({ ...bare, spec: { signerName: 'example.com/a' } }), { 'spec.signerName': 'example.com/a' });
    // no extra fields beyond metadata
    for (const k of ['apps/deployments', 'apps/statefulsets', 'configmaps', 'batch/cronjobs']) {
      const f = s[k].selectableFields?.(bare) ?? {};
      assert.deepEqual(f, {}, k);
    }
  });
});

describe('strategy flags', () => {
  it('returnDeletedObject exactly where upstream storage sets it', () => {
    const expected = new Set([
      'namespaces',
      'persistentvolumes',
      'persistentvolumeclaims',
      'pods',
      'podtemplates',
      'resourcequotas',
      'services',
      'serviceaccounts',
      'resource.k8s.io/deviceclasses',
      'resource.k8s.io/resourceclaims',
      'resource.k8s.io/resourceclaimtemplates',
      'resource.k8s.io/resourceslices',
      'storage.k8s.io/csidrivers',
      'storage.k8s.io/csinodes',
      'storage.k8s.io/storageclasses',
      'storage.k8s.io/volumeattachments',
      'storage.k8s.io/volumeattributesclasses',
    ]);
    for (const [k, v] of Object.entries(s)) assert.equal(!!v.returnDeletedObject, expected.has(k), k);
  });

  it('generation and status subresources', () => {
    for (const k of ['pods', 'apps/deployments', 'apps/replicasets', 'apps/statefulsets', 'apps/daemonsets', 'batch/jobs', 'batch/cronjobs', 'replicationcontrollers', 'networking.k8s.io/ingresses', 'policy/poddisruptionbudgets', 'apiextensions.k8s.io/customresourcedefinitions'])
      assert.ok(s[k].generation && s[k].hasStatus, k);
    for (const k of ['services', 'namespaces', 'nodes', 'persistentvolumes', 'persistentvolumeclaims', 'resourcequotas', 'certificates.k8s.io/certificatesigningrequests', 'autoscaling/horizontalpodautoscalers'])
      assert.ok(!s[k].generation && s[k].hasStatus, k);
    for (const k of ['configmaps', 'secrets', 'serviceaccounts', 'events', 'coordination.k8s.io/leases', 'rbac.authorization.k8s.io/roles'])
      assert.ok(!s[k].generation && !s[k].hasStatus, k);
  });

  it('create on update', () => {
    for (const k of ['services', 'events', 'endpoints', 'limitranges', 'coordination.k8s.io/leases', 'rbac.authorization.k8s.io/clusterroles', 'rbac.authorization.k8s.io/rolebindings'])
      assert.ok(s[k].allowCreateOnUpdate, k);
    for (const k of ['pods', 'configmaps', 'secrets', 'apps/deployments']) assert.ok(!s[k].allowCreateOnUpdate, k);
  });
});

describe('pod graceful deletion', () => {
  const pod = created(s.pods, { metadata: { name: 'p', namespace: 'default' }, spec: { nodeName: 'n1', terminationGracePeriodSeconds: 45, containers: [{ name: 'a', image: 'x' }] } });
  const grace = s.pods.gracefulDeletionSeconds!;

  it('uses the requested period, else the pod spec', () => {
    assert.equal(grace(pod, undefined), 45);
    assert.equal(grace(pod, 5), 5);
  });

  it('deletes unscheduled and terminated pods immediately', () => {
    assert.equal(grace({ ...pod, spec: { ...(pod.spec as object), nodeName: undefined } }, 5), 0);
    assert.equal(grace({ ...pod, status: { phase: 'Succeeded' } }, 5), 0);
    assert.equal(grace({ ...pod, status: { phase: 'Failed' } }, undefined), 0);
  });

  it('a negative grace period on a pod is stored as 1', () => {
    const neg = created(s.pods, { metadata: { name: 'p', namespace: 'default' }, spec: { terminationGracePeriodSeconds: -5, containers: [{ name: 'a', image: 'x' }] } });
    assert.equal((neg.spec as { terminationGracePeriodSeconds: number }).terminationGracePeriodSeconds, 1);
  });
});
