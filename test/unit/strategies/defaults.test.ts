import assert from 'node:assert/strict';
import { strategies } from '../../../src/registry/strategies.js';
import { create, created, fixedUid } from './harness.js';

const s = strategies;

// the pod spec defaults every pod and pod template gets
const defaultedContainer = (name: string, image: string, pull = 'IfNotPresent') => ({
  name,
  image,
  imagePullPolicy: pull,
  resources: {},
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
});
const templateSpecDefaults = {
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
};

describe('strategy defaults', () => {
  it('pods: pod spec, container and status defaults', () => {
    const pod = created(s.pods, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'nginx', namespace: 'default' },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
    });
    assert.deepEqual(pod.spec, {
      containers: [defaultedContainer('nginx', 'nginx:1.25')],
      enableServiceLinks: true,
      ...templateSpecDefaults,
    });
    assert.deepEqual(pod.status, { phase: 'Pending', qosClass: 'BestEffort' });
    assert.equal(pod.metadata!.generation, 1);
  });

  it('pods: pull policy, ports, probes, volumes, requests from limits, QoS', () => {
    const pod = created(s.pods, {
      metadata: { name: 'p', namespace: 'default' },
      spec: {
        volumes: [{ name: 'scratch' }, { name: 'cfg', configMap: { name: 'c' } }, { name: 'tok', projected: { sources: [{ serviceAccountToken: { path: 't' } }] } }],
        serviceAccountName: 'default',
        containers: [
          {
            name: 'a',
            image: 'busybox',
            ports: [{ containerPort: 8080 }],
            resources: { limits: { cpu: '0.5', memory: '1024Mi' } },
            livenessProbe: { httpGet: { port: 8080 } },
            env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
          },
          { name: 'b', image: 'registry.example.com:5000/app@sha256:' + 'a'.repeat(64) },
          { name: 'c', image: 'app:latest' },
        ],
      },
    });
    const [a, b, c] = (pod.spec as any).containers as Record<string, any>[];
    assert.equal(a.imagePullPolicy, 'Always');
    assert.equal(b.imagePullPolicy, 'IfNotPresent');
    assert.equal(c.imagePullPolicy, 'Always');
    assert.deepEqual(a.ports, [{ containerPort: 8080, protocol: 'TCP' }]);
    assert.deepEqual(a.livenessProbe, { httpGet: { port: 8080, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    assert.deepEqual(a.resources, { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } });
    assert.deepEqual(a.env[0].valueFrom.fieldRef, { apiVersion: 'v1', fieldPath: 'metadata.name' });
    const vols = (pod.spec as any).volumes as Record<string, any>[];
    assert.deepEqual(vols[0], { name: 'scratch', emptyDir: {} });
    assert.deepEqual(vols[1], { name: 'cfg', configMap: { name: 'c', defaultMode: 420 } });
    assert.deepEqual(vols[2].projected, { defaultMode: 420, sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 3600 } }] });
    // only container a sets cpu and memory limits: the pod is Burstable
    assert.equal((pod.status as any).qosClass, 'Burstable');
  });

  it('pods: hostNetwork defaults host ports to container ports', () => {
    const pod = created(s.pods, {
      metadata: { name: 'p', namespace: 'default' },
      spec: { hostNetwork: true, containers: [{ name: 'a', image: 'x', ports: [{ containerPort: 9100 }] }] },
    });
    assert.deepEqual((pod.spec as any).containers[0].ports, [{ containerPort: 9100, hostPort: 9100, protocol: 'TCP' }]);
  });

  it('pods: Guaranteed QoS and scheduling-gated condition', () => {
    const pod = created(s.pods, {
      metadata: { name: 'p', namespace: 'default' },
      spec: { schedulingGates: [{ name: 'example.com/gate' }], containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: '1', memory: '1Gi' } } }] },
    });
    const st = pod.status as any;
    assert.equal(st.qosClass, 'Guaranteed');
    assert.equal(st.conditions[0].type, 'PodScheduled');
    assert.equal(st.conditions[0].status, 'False');
    assert.equal(st.conditions[0].reason, 'SchedulingGated');
  });

  it('deployments', () => {
    const d = created(s['apps/deployments'], {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
      },
    });
    assert.deepEqual(d.spec, {
      progressDeadlineSeconds: 600,
      replicas: 1,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [defaultedContainer('web', 'nginx:1.25')], ...templateSpecDefaults } },
    });
    assert.deepEqual(d.status, {});
    assert.equal(d.metadata!.generation, 1);
  });

  it('deployments: Recreate gets no rollingUpdate', () => {
    const d = created(s['apps/deployments'], {
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        strategy: { type: 'Recreate' },
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
      },
    });
    assert.deepEqual((d.spec as any).strategy, { type: 'Recreate' });
  });

  it('replicasets and replicationcontrollers', () => {
    const rs = created(s['apps/replicasets'], {
      metadata: { name: 'rs', namespace: 'default' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } } },
    });
    assert.equal((rs.spec as any).replicas, 1);
    assert.deepEqual(rs.status, { replicas: 0 });
    const rc = created(s.replicationcontrollers, {
      metadata: { name: 'rc', namespace: 'default' },
      spec: { template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } } },
    });
    // selector and object labels come from the template labels
    assert.deepEqual((rc.spec as any).selector, { a: 'b' });
    assert.deepEqual(rc.metadata!.labels, { a: 'b' });
    assert.equal((rc.spec as any).replicas, 1);
  });

  it('statefulsets', () => {
    const ss = created(s['apps/statefulsets'], {
      metadata: { name: 'db', namespace: 'default' },
      spec: {
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16' }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    });
    const spec = ss.spec as any;
    assert.equal(spec.podManagementPolicy, 'OrderedReady');
    assert.deepEqual(spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    assert.equal(spec.revisionHistoryLimit, 10);
    assert.equal(spec.replicas, 1);
    assert.deepEqual(spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
    assert.deepEqual(spec.volumeClaimTemplates[0], {
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    });
    assert.deepEqual(spec.template.spec, { containers: [defaultedContainer('db', 'postgres:16')], ...templateSpecDefaults });
    assert.deepEqual(ss.status, { replicas: 0, availableReplicas: 0 });
  });

  it('daemonsets', () => {
    const ds = created(s['apps/daemonsets'], {
      metadata: { name: 'agent', namespace: 'kube-system' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'agent:1' }] } } },
    });
    const spec = ds.spec as any;
    assert.deepEqual(spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    assert.equal(spec.revisionHistoryLimit, 10);
    assert.deepEqual(ds.metadata!.annotations, { 'deprecated.daemonset.template.generation': '1' });
    assert.deepEqual(ds.status, { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 });
  });

  it('jobs: defaults and the generated selector', () => {
    const job = created(s['batch/jobs'], {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', namespace: 'default' },
      spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl:5.34' }], restartPolicy: 'Never' } } },
    });
    const labels = {
      'batch.kubernetes.io/controller-uid': fixedUid,
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': fixedUid,
      'job-name': 'pi',
    };
    assert.deepEqual(job.spec, {
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      completions: 1,
      manualSelector: false,
      parallelism: 1,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': fixedUid } },
      suspend: false,
      template: { metadata: { labels }, spec: { containers: [defaultedContainer('pi', 'perl:5.34')], ...templateSpecDefaults, restartPolicy: 'Never' } },
    });
    assert.deepEqual(job.metadata!.labels, labels);
    assert.deepEqual(job.status, {});
  });

  it('jobs: parallelism alone, podFailurePolicy, backoffLimitPerIndex', () => {
    const job = created(s['batch/jobs'], {
      metadata: { name: 'j', namespace: 'default' },
      spec: {
        parallelism: 3,
        completions: 6,
        completionMode: 'Indexed',
        backoffLimitPerIndex: 1,
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] },
        template: { spec: { containers: [{ name: 'c', image: 'x:1' }], restartPolicy: 'Never' } },
      },
    });
    const spec = job.spec as any;
    assert.equal(spec.parallelism, 3);
    assert.equal(spec.backoffLimit, 2147483647);
    assert.equal(spec.podReplacementPolicy, 'Failed');
    assert.deepEqual(spec.podFailurePolicy.rules[0].onPodConditions, [{ type: 'DisruptionTarget', status: 'True' }]);
  });

  it('jobs: manual selectors are kept as given', () => {
    const r = create(s['batch/jobs'], {
      metadata: { name: 'j', namespace: 'default' },
      spec: {
        manualSelector: true,
        selector: { matchLabels: { mine: 'yes' } },
        template: { metadata: { labels: { mine: 'yes' } }, spec: { containers: [{ name: 'c', image: 'x:1' }], restartPolicy: 'OnFailure' } },
      },
    });
    assert.deepEqual(r.messages, []);
    assert.deepEqual((r.obj.spec as any).selector, { matchLabels: { mine: 'yes' } });
    assert.deepEqual((r.obj.spec as any).template.metadata.labels, { mine: 'yes' });
  });

  it('cronjobs: only pod template defaults inside the job template', () => {
    const cj = created(s['batch/cronjobs'], {
      metadata: { name: 'hello', namespace: 'default' },
      spec: { schedule: '*/1 * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'hello', image: 'busybox:1.28' }], restartPolicy: 'OnFailure' } } } } },
    });
    assert.deepEqual(cj.spec, {
      concurrencyPolicy: 'Allow',
      failedJobsHistoryLimit: 1,
      jobTemplate: { spec: { template: { spec: { containers: [defaultedContainer('hello', 'busybox:1.28')], ...templateSpecDefaults, restartPolicy: 'OnFailure' } } } },
      schedule: '*/1 * * * *',
      successfulJobsHistoryLimit: 3,
      suspend: false,
    });
    assert.equal(cj.metadata!.generation, 1);
  });

  it('services: ClusterIP', () => {
    const svc = created(s.services, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
    assert.deepEqual(svc.spec, {
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      selector: { app: 'web' },
      sessionAffinity: 'None',
      type: 'ClusterIP',
    });
    assert.deepEqual(svc.status, { loadBalancer: {} });
  });

  it('services: headless without selector, NodePort, LoadBalancer, ClientIP affinity, ExternalName', () => {
    const headless = created(s.services, { metadata: { name: 'h', namespace: 'default' }, spec: { clusterIP: 'None', ports: [{ port: 5432, targetPort: 'pg' }] } });
    const hs = headless.spec as any;
    assert.deepEqual(hs.clusterIPs, ['None']);
    assert.equal(hs.ipFamilyPolicy, 'RequireDualStack');
    assert.deepEqual(hs.ipFamilies, ['IPv4', 'IPv6']);
    assert.equal(hs.ports[0].targetPort, 'pg');

    const np = created(s.services, { metadata: { name: 'np', namespace: 'default' }, spec: { type: 'NodePort', selector: { a: 'b' }, ports: [{ port: 80, nodePort: 30080 }] } });
    assert.equal((np.spec as any).externalTrafficPolicy, 'Cluster');
    assert.equal((np.spec as any).internalTrafficPolicy, 'Cluster');

    const lb = created(s.services, { metadata: { name: 'lb', namespace: 'default' }, spec: { type: 'LoadBalancer', selector: { a: 'b' }, ports: [{ port: 443 }] } });
    assert.equal((lb.spec as any).allocateLoadBalancerNodePorts, true);
    assert.equal((lb.spec as any).externalTrafficPolicy, 'Cluster');

    const aff = created(s.services, { metadata: { name: 'aff', namespace: 'default' }, spec: { sessionAffinity: 'ClientIP', selector: { a: 'b' }, ports: [{ port: 80 }] } });
    assert.deepEqual((aff.spec as any).sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });

    const ext = created(s.services, { metadata: { name: 'ext', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'example.com' } });
    assert.deepEqual(ext.spec, { type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' });
  });

  it('secrets: type and stringData', () => {
    const sec = created(s.secrets, { metadata: { name: 's', namespace: 'default' }, data: { a: 'YQ==' }, stringData: { b: 'hello' } });
    assert.equal(sec.type, 'Opaque');
    assert.deepEqual(sec.data, { a: 'YQ==', b: 'aGVsbG8=' });
    assert.equal(sec.stringData, undefined);
  });

  it('namespaces: finalizer, phase and the metadata.name label', () => {
    const ns = created(s.namespaces, { metadata: { name: 'team-a', labels: { env: 'dev' } } });
    assert.deepEqual(ns.spec, { finalizers: ['kubernetes'] });
    assert.deepEqual(ns.status, { phase: 'Active' });
    assert.deepEqual(ns.metadata!.labels, { env: 'dev', 'kubernetes.io/metadata.name': 'team-a' });
  });

  it('persistent volumes and claims', () => {
    const pvc = created(s.persistentvolumeclaims, {
      metadata: { name: 'data', namespace: 'default' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1.5Gi' } } },
    });
    assert.deepEqual(pvc.spec, { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1536Mi' } }, volumeMode: 'Filesystem' });
    assert.deepEqual(pvc.status, { phase: 'Pending' });
    const pv = created(s.persistentvolumes, {
      metadata: { name: 'pv1' },
      spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } },
    });
    const spec = pv.spec as any;
    assert.equal(spec.persistentVolumeReclaimPolicy, 'Retain');
    assert.equal(spec.volumeMode, 'Filesystem');
    assert.deepEqual(spec.hostPath, { path: '/data', type: '' });
    assert.equal((pv.status as any).phase, 'Pending');
  });

  it('nodes: allocatable defaults to capacity', () => {
    const node = created(s.nodes, { metadata: { name: 'n1' }, status: { capacity: { cpu: '4', memory: '8Gi', pods: '110' } } });
    assert.deepEqual((node.status as any).allocatable, { cpu: '4', memory: '8Gi', pods: '110' });
  });

  it('rbac bindings, webhooks, storage classes, priority classes, leases', () => {
    const rb = created(s['rbac.authorization.k8s.io/rolebindings'], {
      metadata: { name: 'rb', namespace: 'default' },
      roleRef: { kind: 'Role', name: 'r' },
      subjects: [{ kind: 'User', name: 'alice' }, { kind: 'ServiceAccount', name: 'default', namespace: 'default' }],
    });
    assert.deepEqual(rb.roleRef, { kind: 'Role', name: 'r', apiGroup: 'rbac.authorization.k8s.io' });
    assert.deepEqual((rb.subjects as any[]).map((x) => x.apiGroup), ['rbac.authorization.k8s.io', '']);

    const vwc = created(s['admissionregistration.k8s.io/validatingwebhookconfigurations'], {
      metadata: { name: 'w' },
      webhooks: [
        {
          name: 'check.example.com',
          sideEffects: 'None',
          admissionReviewVersions: ['v1'],
          clientConfig: { service: { name: 'svc', namespace: 'default' } },
          rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
        },
      ],
    });
    const hook = (vwc.webhooks as any[])[0];
    assert.equal(hook.failurePolicy, 'Fail');
    assert.equal(hook.matchPolicy, 'Equivalent');
    assert.deepEqual(hook.namespaceSelector, {});
    assert.deepEqual(hook.objectSelector, {});
    assert.equal(hook.timeoutSeconds, 10);
    assert.equal(hook.clientConfig.service.port, 443);
    assert.equal(hook.rules[0].scope, '*');

    const sc = created(s['storage.k8s.io/storageclasses'], { metadata: { name: 'fast' }, provisioner: 'example.com/csi' });
    assert.equal(sc.reclaimPolicy, 'Delete');
    assert.equal(sc.volumeBindingMode, 'Immediate');

    const pc = created(s['scheduling.k8s.io/priorityclasses'], { metadata: { name: 'high' }, value: 1000 });
    assert.equal(pc.preemptionPolicy, 'PreemptLowerPriority');
    assert.equal(pc.metadata!.generation, 1);
  });
});
