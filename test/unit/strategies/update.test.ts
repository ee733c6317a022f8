import assert from 'node:assert/strict';
import { strategies } from '../../../src/registry/strategies.js';
import type { KObject } from '../../../src/machinery/objects.js';
import { created, subCtx, update, updateStatus } from './harness.js';

const s = strategies;
const clone = <T>(o: T): T => JSON.parse(JSON.stringify(o)) as T;
type Any = any;

const template = (labels: Record<string, string>) => ({ metadata: { labels }, spec: { containers: [{ name: 'a', image: 'x' }] } });

describe('strategy updates: pods', () => {
  const pod = created(s.pods, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: { containers: [{ name: 'a', image: 'nginx:1' }], tolerations: [{ key: 'a', operator: 'Exists' }] },
  });

  it('allows image, activeDeadlineSeconds and toleration additions', () => {
    const n: Any = clone(pod);
    n.spec.containers[0].image = 'nginx:2';
    n.spec.activeDeadlineSeconds = 10;
    n.spec.tolerations.push({ key: 'b', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 });
    const r = update(s.pods, n, pod);
    assert.deepEqual(r.messages, []);
    assert.equal((r.obj.spec as Any).containers[0].image, 'nginx:2');
  });

  it('forbids other spec changes with the upstream message', () => {
    const n: Any = clone(pod);
    n.spec.containers[0].name = 'b';
    n.spec.restartPolicy = 'Never';
    const r = update(s.pods, n, pod);
    assert.equal(r.errs.length, 1);
    assert.equal(r.errs[0].field, 'spec');
    assert.equal(r.errs[0].type, 'FieldValueForbidden');
    const [first, ...diff] = r.messages[0].split('\n');
    assert.equal(
      first,
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    );
    assert.equal(diff[0], '  core.PodSpec{');
    assert.ok(diff.some((l) => l.includes('restartPolicy') && l.includes('"Never"')), diff.join('\n'));
  });

  it('tolerations may only be added', () => {
    const n: Any = clone(pod);
    n.spec.tolerations = [];
    assert.deepEqual(update(s.pods, n, pod).messages, ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']);
  });

  it('activeDeadlineSeconds may only decrease', () => {
    const n: Any = clone(pod);
    n.spec.activeDeadlineSeconds = 10;
    const p2 = update(s.pods, n, pod).obj;
    const n2: Any = clone(p2);
    n2.spec.activeDeadlineSeconds = 20;
    assert.deepEqual(update(s.pods, n2, p2).messages, ['spec.activeDeadlineSeconds: Invalid value: 20: must be less than or equal to previous value']);
    const n3: Any = clone(p2);
    delete n3.spec.activeDeadlineSeconds;
    assert.deepEqual(update(s.pods, n3, p2).messages, ['spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value']);
  });

  it('binding sets PodScheduled without validation or a generation bump', () => {
    const pending: Any = clone(pod);
    pending.status.nominatedNodeName = 'n2';
    pending.status.conditions = [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', lastProbeTime: null, lastTransitionTime: '2024-01-01T00:00:00Z' }];
    const n: Any = clone(pending);
    n.spec.nodeName = 'n1';
    const r = update(s.pods, n, pending, subCtx('binding'));
    assert.deepEqual(r.messages, []);
    assert.equal((r.obj.spec as Any).nodeName, 'n1');
    assert.equal(r.obj.metadata!.generation, 1);
    const st = r.obj.status as Any;
    assert.equal(st.nominatedNodeName, undefined);
    assert.equal(st.conditions.length, 1);
    assert.equal(st.conditions[0].type, 'PodScheduled');
    assert.equal(st.conditions[0].status, 'True');
    assert.equal(st.conditions[0].reason, undefined);
    assert.notEqual(st.conditions[0].lastTransitionTime, '2024-01-01T00:00:00Z');
  });

  it('ephemeralcontainers subresource only changes ephemeral containers', () => {
    const n: Any = clone(pod);
    n.spec.ephemeralContainers = [{ name: 'debug', image: 'busybox', targetContainerName: 'a' }];
    n.spec.restartPolicy = 'Never';
    const r = update(s.pods, n, pod, subCtx('ephemeralcontainers'));
    assert.deepEqual(r.messages, []);
    const spec = r.obj.spec as Any;
    assert.equal(spec.restartPolicy, 'Always');
    assert.deepEqual(spec.ephemeralContainers, [
      { name: 'debug', image: 'busybox', targetContainerName: 'a', imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {} },
    ]);
    assert.equal(r.obj.metadata!.generation, 2);
    const removed: Any = clone(r.obj);
    removed.spec.ephemeralContainers = [];
    assert.deepEqual(update(s.pods, removed, r.obj, subCtx('ephemeralcontainers')).messages, ['spec.ephemeralContainers: Forbidden: existing ephemeral containers "debug" may not be removed\n']);
  });

  it('resize subresource only changes container resources', () => {
    const n: Any = clone(pod);
    n.spec.containers[0].resources = { requests: { cpu: '200m' } };
    n.spec.containers[0].image = 'other';
    const r = update(s.pods, n, pod, subCtx('resize'));
    assert.deepEqual(r.messages, []);
    assert.deepEqual((r.obj.spec as Any).containers[0].resources, { requests: { cpu: '200m' } });
    assert.equal((r.obj.spec as Any).containers[0].image, 'nginx:1');
    // the same change through the main resource is forbidden
    const main: Any = clone(pod);
    main.spec.containers[0].resources = { requests: { cpu: '200m' } };
    assert.match(update(s.pods, main, pod).messages[0], /^spec: Forbidden: pod updates may not change fields other than/);
  });

  it('status updates keep the spec and sync podIP/podIPs', () => {
    const r = updateStatus(s.pods, { phase: 'Running', podIP: '10.0.0.5', hostIP: '192.168.1.1', conditions: [{ type: 'Ready', status: 'True' }] }, pod);
    assert.deepEqual(r.messages, []);
    assert.deepEqual((r.obj.status as Any).podIPs, [{ ip: '10.0.0.5' }]);
    assert.deepEqual(r.obj.spec, pod.spec);
  });
});

describe('strategy updates: workloads', () => {
  const dep = created(s['apps/deployments'], { metadata: { name: 'd', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'x' } }, template: template({ app: 'x' }) } });

  it('deployment selector is immutable', () => {
    const n: Any = clone(dep);
    n.spec.selector = { matchLabels: { app: 'y' } };
    n.spec.template.metadata.labels = { app: 'y' };
    assert.deepEqual(update(s['apps/deployments'], n, dep).messages, ['spec.selector: Invalid value: {"matchLabels":{"app":"y"}}: field is immutable']);
  });

  it('spec changes bump generation, metadata changes do not', () => {
    const n: Any = clone(dep);
    n.spec.replicas = 3;
    assert.equal(update(s['apps/deployments'], n, dep).obj.metadata!.generation, 2);
    const m: Any = clone(dep);
    m.metadata.labels = { a: 'b' };
    assert.equal(update(s['apps/deployments'], m, dep).obj.metadata!.generation, 1);
  });

  it('replicaset selector is immutable', () => {
    const rs = created(s['apps/replicasets'], { metadata: { name: 'r', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'x' } }, template: template({ app: 'x' }) } });
    const n: Any = clone(rs);
    n.spec.selector = { matchLabels: { app: 'x', b: 'c' } };
    n.spec.template.metadata.labels.b = 'c';
    assert.deepEqual(update(s['apps/replicasets'], n, rs).messages, ['spec.selector: Invalid value: {"matchLabels":{"app":"x","b":"c"}}: field is immutable']);
  });

  it('statefulset updates are limited to a few fields', () => {
    const sts = created(s['apps/statefulsets'], { metadata: { name: 's', namespace: 'default' }, spec: { serviceName: 's', selector: { matchLabels: { a: 'b' } }, template: template({ a: 'b' }) } });
    const ok: Any = clone(sts);
    ok.spec.replicas = 5;
    ok.spec.template.spec.containers[0].image = 'y';
    assert.deepEqual(update(s['apps/statefulsets'], ok, sts).messages, []);
    const n: Any = clone(sts);
    n.spec.serviceName = 't';
    assert.deepEqual(update(s['apps/statefulsets'], n, sts).messages, [
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });

  it('daemonset template changes bump the template generation annotation', () => {
    const ds = created(s['apps/daemonsets'], { metadata: { name: 'ds', namespace: 'default' }, spec: { selector: { matchLabels: { a: 'b' } }, template: template({ a: 'b' }) } });
    assert.equal(ds.metadata!.annotations?.['deprecated.daemonset.template.generation'], '1');
    const n: Any = clone(ds);
    n.spec.template.spec.containers[0].image = 'y';
    const r = update(s['apps/daemonsets'], n, ds);
    assert.deepEqual(r.messages, []);
    assert.equal(r.obj.metadata!.annotations?.['deprecated.daemonset.template.generation'], '2');
    assert.equal(r.obj.metadata!.generation, 2);
  });

  const job = created(s['batch/jobs'], { metadata: { name: 'j', namespace: 'default' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'a', image: 'x' }] } } } });

  it('job template and completions are immutable', () => {
    const n: Any = clone(job);
    n.spec.template.spec.containers[0].image = 'y';
    const r = update(s['batch/jobs'], n, job);
    assert.equal(r.messages.length, 1);
    assert.match(r.messages[0], /^spec\.template: Invalid value: .*: field is immutable$/);
    const c: Any = clone(job);
    c.spec.completions = 3;
    assert.deepEqual(update(s['batch/jobs'], c, job).messages, ['spec.completions: Invalid value: 3: field is immutable']);
  });

  it('job parallelism, suspend and deadline are mutable', () => {
    const n: Any = clone(job);
    n.spec.parallelism = 3;
    n.spec.suspend = true;
    n.spec.activeDeadlineSeconds = 5;
    assert.deepEqual(update(s['batch/jobs'], n, job).messages, []);
  });

  it('job selector is generated and immutable', () => {
    const n: Any = clone(job);
    n.spec.selector = { matchLabels: { a: 'b' } };
    assert.ok(update(s['batch/jobs'], n, job).messages.includes('spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: field is immutable'));
  });
});

describe('strategy updates: configuration and networking', () => {
  it('immutable configmaps and secrets', () => {
    const cm = created(s.configmaps, { metadata: { name: 'c', namespace: 'default' }, data: { a: 'b' }, immutable: true });
    const n: Any = clone(cm);
    n.data.a = 'c';
    assert.deepEqual(update(s.configmaps, n, cm).messages, ['data: Forbidden: field is immutable when `immutable` is set']);
    const f: Any = clone(cm);
    f.immutable = false;
    assert.deepEqual(update(s.configmaps, f, cm).messages, ['immutable: Forbidden: field is immutable when `immutable` is set']);
    const m: Any = clone(cm);
    m.metadata.labels = { x: 'y' };
    assert.deepEqual(update(s.configmaps, m, cm).messages, []);

    const sec = created(s.secrets, { metadata: { name: 's', namespace: 'default' }, data: { a: 'Yg==' }, immutable: true });
    const ns: Any = clone(sec);
    ns.data.a = 'Yw==';
    assert.deepEqual(update(s.secrets, ns, sec).messages, ['data: Forbidden: field is immutable when `immutable` is set']);
  });

  it('secret type is immutable', () => {
    const sec = created(s.secrets, { metadata: { name: 's', namespace: 'default' }, data: { a: 'Yg==' } });
    const n: Any = clone(sec);
    n.type = 'kubernetes.io/tls';
    assert.deepEqual(update(s.secrets, n, sec).messages, ['type: Invalid value: "kubernetes.io/tls": field is immutable', 'data[tls.crt]: Required value', 'data[tls.key]: Required value']);
  });

  const svc = created(s.services, { metadata: { name: 'svc', namespace: 'default' }, spec: { ports: [{ port: 80 }], selector: { a: 'b' }, clusterIP: '10.0.0.10', clusterIPs: ['10.0.0.10'] } });

  it('service clusterIP may not change once set', () => {
    const n: Any = clone(svc);
    n.spec.clusterIP = '10.0.0.11';
    n.spec.clusterIPs = ['10.0.0.11'];
    assert.deepEqual(update(s.services, n, svc).messages, ['spec.clusterIPs[0]: Invalid value: ["10.0.0.11"]: may not change once set']);
  });

  it('service updates without clusterIP keep the allocated one', () => {
    const n: Any = clone(svc);
    delete n.spec.clusterIP;
    delete n.spec.clusterIPs;
    const r = update(s.services, n, svc);
    assert.deepEqual(r.messages, []);
    assert.equal((r.obj.spec as Any).clusterIP, '10.0.0.10');
    assert.deepEqual((r.obj.spec as Any).clusterIPs, ['10.0.0.10']);
  });

  it('type changes drop the fields the old type had allocated', () => {
    const np = created(s.services, {
      metadata: { name: 'svc', namespace: 'default' },
      spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }], selector: { a: 'b' }, clusterIP: '10.0.0.10', clusterIPs: ['10.0.0.10'] },
    });
    assert.equal((np.spec as Any).externalTrafficPolicy, 'Cluster');
    const toClusterIP: Any = clone(np);
    toClusterIP.spec.type = 'ClusterIP';
    const r1 = update(s.services, toClusterIP, np);
    assert.deepEqual(r1.messages, []);
    assert.deepEqual((r1.obj.spec as Any).ports, [{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    assert.equal((r1.obj.spec as Any).externalTrafficPolicy, undefined);
    const toExternal: Any = clone(np);
    toExternal.spec.type = 'ExternalName';
    toExternal.spec.externalName = 'example.com';
    const r2 = update(s.services, toExternal, np);
    assert.deepEqual(r2.messages, []);
    const spec = r2.obj.spec as Any;
    assert.deepEqual([spec.clusterIP, spec.clusterIPs, spec.ipFamilies, spec.ipFamilyPolicy, spec.internalTrafficPolicy], [undefined, undefined, undefined, undefined, undefined]);
    // resubmitting a NodePort service without its nodePort keeps the allocated one
    const resubmit: Any = clone(np);
    delete resubmit.spec.ports[0].nodePort;
    delete resubmit.spec.clusterIP;
    delete resubmit.spec.clusterIPs;
    const r3 = update(s.services, resubmit, np);
    assert.deepEqual(r3.messages, []);
    assert.equal((r3.obj.spec as Any).ports[0].nodePort, 30080);
    assert.equal((r3.obj.spec as Any).clusterIP, '10.0.0.10');
  });

  it('rolebinding roleRef is immutable', () => {
    const rb = created(s['rbac.authorization.k8s.io/rolebindings'], {
      metadata: { name: 'rb', namespace: 'default' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
      subjects: [{ kind: 'User', name: 'u', apiGroup: 'rbac.authorization.k8s.io' }],
    });
    const n: Any = clone(rb);
    n.roleRef.name = 'other';
    assert.deepEqual(update(s['rbac.authorization.k8s.io/rolebindings'], n, rb).messages, ['roleRef: Invalid value: {"APIGroup":"rbac.authorization.k8s.io","Kind":"Role","Name":"other"}: cannot change roleRef']);
  });

  it('namespaces keep the metadata.name label', () => {
    const ns = created(s.namespaces, { metadata: { name: 'foo' } });
    const n: Any = clone(ns);
    n.metadata.labels = {};
    assert.deepEqual(update(s.namespaces, n, ns).obj.metadata!.labels, { 'kubernetes.io/metadata.name': 'foo' });
  });

  it('node podCIDR may only be set once', () => {
    const node = created(s.nodes, { metadata: { name: 'n' }, spec: { podCIDR: '10.244.0.0/24' } });
    assert.deepEqual(node.spec, { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] });
    const n: Any = clone(node);
    n.spec.podCIDR = '10.244.1.0/24';
    n.spec.podCIDRs = ['10.244.1.0/24'];
    assert.deepEqual(update(s.nodes, n, node).messages, ['spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid']);
  });
});

describe('strategy updates: storage', () => {
  const pvc = created(s.persistentvolumeclaims, { metadata: { name: 'c', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
  const bound: KObject = { ...clone(pvc), status: { phase: 'Bound', capacity: { storage: '1Gi' } } };
  const first = (m: string[]) => m.map((x) => x.split('\n')[0]);

  it('claim spec is immutable', () => {
    const n: Any = clone(pvc);
    n.spec.accessModes = ['ReadWriteMany'];
    assert.deepEqual(first(update(s.persistentvolumeclaims, n, pvc).messages), ['spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims']);
  });

  it('bound claims may grow, unbound claims may not be resized', () => {
    const n: Any = clone(bound);
    n.spec.resources.requests.storage = '2Gi';
    assert.deepEqual(update(s.persistentvolumeclaims, n, bound).messages, []);
    const u: Any = clone(pvc);
    u.spec.resources.requests.storage = '2Gi';
    assert.deepEqual(first(update(s.persistentvolumeclaims, u, pvc).messages), ['spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims']);
  });

  it('bound claims may not shrink below status.capacity', () => {
    const n: Any = clone(bound);
    n.spec.resources.requests.storage = '512Mi';
    assert.deepEqual(update(s.persistentvolumeclaims, n, bound).messages, ['spec.resources.requests.storage: Forbidden: field can not be less than status.capacity']);
  });

  it('persistent volume sources are immutable', () => {
    const pv = created(s.persistentvolumes, { metadata: { name: 'pv' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp' } } });
    const n: Any = clone(pv);
    n.spec.hostPath.path = '/other';
    assert.deepEqual(first(update(s.persistentvolumes, n, pv).messages), ['spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation']);
  });
});
