// Table cells of the core resources other than pods: services, nodes, events,
// endpoints, namespaces, secrets, config maps, volumes and claims, quotas,
// templates, replication controllers and component statuses.
import assert from 'node:assert/strict';
import type { KObject } from '../../../src/machinery/objects.js';
import { tableConvertors } from '../../../src/registry/tables.js';

const NOW = '2025-06-01T12:00:00Z';
const now = new Date(NOW);
function ago(s: number): string {
  return new Date(now.getTime() - s * 1000).toISOString().replace('.000Z', 'Z');
}
function microAgo(s: number): string {
  return new Date(now.getTime() - s * 1000).toISOString().replace('Z', '000Z');
}

export interface Case {
  key: string;
  title: string;
  now: string;
  obj: KObject;
  cells: unknown[];
}

function obj(apiVersion: string, kind: string, name: string, body: Record<string, unknown>, meta: Record<string, unknown> = {}): KObject {
  return { apiVersion, kind, metadata: { name, creationTimestamp: ago(3600), ...meta }, ...body };
}
const svc = (name: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}) =>
  obj('v1', 'Service', name, { spec, status }, { namespace: 'default' });

export const cases: Case[] = [
  // ---- services
  {
    key: 'services',
    title: 'ClusterIP service with two ports and a selector',
    now: NOW,
    obj: svc('web', {
      type: 'ClusterIP',
      clusterIP: '10.96.12.4',
      clusterIPs: ['10.96.12.4'],
      ports: [
        { name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 },
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
      ],
      selector: { tier: 'web', app: 'shop' },
    }),
    cells: ['web', 'ClusterIP', '10.96.12.4', '<none>', '80/TCP,53/UDP', '60m', 'app=shop,tier=web'],
  },
  {
    key: 'services',
    title: 'NodePort shows port:nodePort',
    now: NOW,
    obj: svc('np', {
      type: 'NodePort',
      clusterIP: '10.96.0.20',
      clusterIPs: ['10.96.0.20'],
      ports: [
        { port: 80, protocol: 'TCP', nodePort: 30080, targetPort: 80 },
        { port: 443, protocol: 'TCP', nodePort: 30443, targetPort: 443 },
      ],
    }),
    cells: ['np', 'NodePort', '10.96.0.20', '<none>', '80:30080/TCP,443:30443/TCP', '60m', '<none>'],
  },
  {
    key: 'services',
    title: 'ClusterIP with external IPs',
    now: NOW,
    obj: svc('ext', { type: 'ClusterIP', clusterIP: '10.96.0.21', clusterIPs: ['10.96.0.21'], externalIPs: ['203.0.113.5', '203.0.113.6'], ports: [{ port: 8443, protocol: 'TCP' }] }),
    cells: ['ext', 'ClusterIP', '10.96.0.21', '203.0.113.5,203.0.113.6', '8443/TCP', '60m', '<none>'],
  },
  {
    key: 'services',
    title: 'LoadBalancer still pending',
    now: NOW,
    obj: svc('lb-pending', { type: 'LoadBalancer', clusterIP: '10.96.0.30', clusterIPs: ['10.96.0.30'], ports: [{ port: 80, protocol: 'TCP', nodePort: 31000 }] }),
    cells: ['lb-pending', 'LoadBalancer', '10.96.0.30', '<pending>', '80:31000/TCP', '60m', '<none>'],
  },
  {
    key: 'services',
    title: 'LoadBalancer ingress: distinct, sorted, IPs before host names, never clipped',
    now: NOW,
    obj: svc(
      'lb',
      { type: 'LoadBalancer', clusterIP: '10.96.0.31', clusterIPs: ['10.96.0.31'], ports: [{ port: 443, protocol: 'TCP', nodePort: 31443 }] },
      { loadBalancer: { ingress: [{ ip: '198.51.100.20' }, { hostname: 'a1b2c3.elb.example.com' }, { ip: '198.51.100.10' }, { ip: '198.51.100.20' }] } },
    ),
    cells: ['lb', 'LoadBalancer', '10.96.0.31', '198.51.100.10,198.51.100.20,a1b2c3.elb.example.com', '443:31443/TCP', '60m', '<none>'],
  },
  {
    key: 'services',
    title: 'LoadBalancer with external IPs lists both',
    now: NOW,
    obj: svc(
      'lb-ext',
      { type: 'LoadBalancer', clusterIP: '10.96.0.32', clusterIPs: ['10.96.0.32'], externalIPs: ['203.0.113.9'], ports: [{ port: 80, protocol: 'TCP', nodePort: 32000 }] },
      { loadBalancer: { ingress: [{ ip: '198.51.100.1' }] } },
    ),
    cells: ['lb-ext', 'LoadBalancer', '10.96.0.32', '198.51.100.1,203.0.113.9', '80:32000/TCP', '60m', '<none>'],
  },
  {
    key: 'services',
    title: 'ExternalName',
    now: NOW,
    obj: svc('db', { type: 'ExternalName', externalName: 'db.example.com' }),
    cells: ['db', 'ExternalName', '<none>', 'db.example.com', '<none>', '60m', '<none>'],
  },
  {
    key: 'services',
    title: 'headless service',
    now: NOW,
    obj: svc('headless', { type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 5432, protocol: 'TCP' }], selector: { app: 'pg' } }),
    cells: ['headless', 'ClusterIP', 'None', '<none>', '5432/TCP', '60m', 'app=pg'],
  },
  {
    key: 'services',
    title: 'dual-stack service shows the first cluster IP',
    now: NOW,
    obj: svc('dual', { type: 'ClusterIP', clusterIP: '10.96.0.40', clusterIPs: ['10.96.0.40', 'fd00:10:96::40'], ports: [{ port: 80, protocol: 'SCTP' }] }),
    cells: ['dual', 'ClusterIP', '10.96.0.40', '<none>', '80/SCTP', '60m', '<none>'],
  },
  // ---- nodes
  {
    key: 'nodes',
    title: 'ready control-plane node with wide details',
    now: NOW,
    obj: obj(
      'v1',
      'Node',
      'cp-1',
      {
        spec: {},
        status: {
          conditions: [
            { type: 'MemoryPressure', status: 'False' },
            { type: 'Ready', status: 'True', reason: 'KubeletReady' },
          ],
          addresses: [
            { type: 'Hostname', address: 'cp-1' },
            { type: 'InternalIP', address: '192.168.10.2' },
            { type: 'ExternalIP', address: '203.0.113.2' },
          ],
          nodeInfo: {
            kubeletVersion: 'v1.35.4',
            osImage: 'Debian GNU/Linux 12 (bookworm)',
            kernelVersion: '6.1.0-18-amd64',
            containerRuntimeVersion: 'containerd://1.7.13',
            machineID: '',
            systemUUID: '',
            bootID: '',
            kubeProxyVersion: '',
            operatingSystem: 'linux',
            architecture: 'amd64',
          },
        },
      },
      { labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/hostname': 'cp-1' }, creationTimestamp: ago(12 * 86400) },
    ),
    cells: ['cp-1', 'Ready', 'control-plane', '12d', 'v1.35.4', '192.168.10.2', '203.0.113.2', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-18-amd64', 'containerd://1.7.13'],
  },
  {
    key: 'nodes',
    title: 'cordoned node that is not ready, several roles',
    now: NOW,
    obj: obj(
      'v1',
      'Node',
      'worker-2',
      { spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown' }], addresses: [{ type: 'InternalIP', address: '192.168.10.12' }] } },
      { labels: { 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/ingress': 'true', 'kubernetes.io/role': 'edge', 'node-role.kubernetes.io/': '' } },
    ),
    cells: ['worker-2', 'NotReady,SchedulingDisabled', 'edge,ingress,worker', '60m', '', '192.168.10.12', '<none>', '<unknown>', '<unknown>', '<unknown>'],
  },
  {
    key: 'nodes',
    title: 'node without a Ready condition or roles',
    now: NOW,
    obj: obj('v1', 'Node', 'new-node', { spec: {}, status: {} }, { creationTimestamp: ago(45) }),
    cells: ['new-node', 'Unknown', '<none>', '45s', '', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>'],
  },
  {
    key: 'nodes',
    title: 'cordoned node with Ready=True',
    now: NOW,
    obj: obj('v1', 'Node', 'drain-me', { spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.34.1' } } }),
    cells: ['drain-me', 'Ready,SchedulingDisabled', '<none>', '60m', 'v1.34.1', '<none>', '<none>', '<unknown>', '<unknown>', '<unknown>'],
  },
  // ---- events
  {
    key: 'events',
    title: 'classic event: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE and the wide columns',
    now: NOW,
    obj: obj(
      'v1',
      'Event',
      'web-1.17f3a',
      {
        involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'u1', apiVersion: 'v1', fieldPath: 'spec.containers{app}' },
        reason: 'BackOff',
        message: 'Back-off restarting failed container app in pod web-1\n',
        source: { component: 'kubelet', host: 'worker-1' },
        firstTimestamp: ago(1800),
        lastTimestamp: ago(75),
        count: 42,
        type: 'Warning',
        eventTime: null,
        reportingComponent: '',
        reportingInstance: '',
      },
      { namespace: 'default' },
    ),
    cells: ['75s', 'Warning', 'BackOff', 'pod/web-1', 'spec.containers{app}', 'kubelet, worker-1', 'Back-off restarting failed container app in pod web-1', '30m', 42, 'web-1.17f3a'],
  },
  {
    key: 'events',
    title: 'new-style event: eventTime, series and reporting controller',
    now: NOW,
    obj: obj(
      'v1',
      'Event',
      'web.abc',
      {
        involvedObject: { kind: 'Deployment', namespace: 'default', name: 'web', apiVersion: 'apps/v1' },
        reason: 'ScalingReplicaSet',
        message: 'Scaled up replica set web-5d4f to 3',
        source: {},
        eventTime: microAgo(600),
        series: { count: 4, lastObservedTime: microAgo(20) },
        type: 'Normal',
        action: 'Scale',
        reportingComponent: 'deployment-controller',
        reportingInstance: 'cp-1',
      },
      { namespace: 'default' },
    ),
    cells: ['20s', 'Normal', 'ScalingReplicaSet', 'deployment/web', '', 'deployment-controller, cp-1', 'Scaled up replica set web-5d4f to 3', '10m', 4, 'web.abc'],
  },
  {
    key: 'events',
    title: 'singleton event without count, object without a name',
    now: NOW,
    obj: obj(
      'v1',
      'Event',
      'node.x',
      {
        involvedObject: { kind: 'Node' },
        reason: 'RegisteredNode',
        message: '  registered  ',
        source: { component: 'node-controller' },
        eventTime: microAgo(3 * 3600),
        type: 'Normal',
        reportingComponent: 'ignored-because-source-has-one',
      },
      { namespace: 'default' },
    ),
    cells: ['3h', 'Normal', 'RegisteredNode', 'node', '', 'node-controller', 'registered', '3h', 1, 'node.x'],
  },
  {
    key: 'events',
    title: 'event without any timestamp',
    now: NOW,
    obj: obj('v1', 'Event', 'bare', { involvedObject: { kind: 'ConfigMap', name: 'cfg' }, type: 'Normal', reason: 'Created', count: 1 }, { namespace: 'default' }),
    cells: ['<unknown>', 'Normal', 'Created', 'configmap/cfg', '', '', '', '<unknown>', 1, 'bare'],
  },
  {
    key: 'events.k8s.io/events',
    title: 'events.k8s.io/v1 event read through its own field names',
    now: NOW,
    obj: obj(
      'events.k8s.io/v1',
      'Event',
      'api.1',
      {
        eventTime: microAgo(900),
        reportingController: 'example.com/controller',
        reportingInstance: 'ctl-0',
        action: 'Reconcile',
        reason: 'Synced',
        regarding: { kind: 'Service', namespace: 'default', name: 'api', fieldPath: 'spec' },
        note: 'synced the service',
        type: 'Normal',
        deprecatedCount: 3,
        deprecatedFirstTimestamp: ago(900),
        deprecatedLastTimestamp: ago(130),
      },
      { namespace: 'default' },
    ),
    cells: ['2m10s', 'Normal', 'Synced', 'service/api', 'spec', 'example.com/controller, ctl-0', 'synced the service', '15m', 3, 'api.1'],
  },
  {
    key: 'events.k8s.io/events',
    title: 'events.k8s.io/events also reads stored core v1 events',
    now: NOW,
    obj: obj(
      'v1',
      'Event',
      'pod.2',
      {
        involvedObject: { kind: 'Pod', name: 'p' },
        reason: 'Pulled',
        message: 'Successfully pulled image',
        source: { component: 'kubelet', host: 'n1' },
        firstTimestamp: ago(600),
        lastTimestamp: ago(600),
        count: 1,
        type: 'Normal',
      },
      { namespace: 'default' },
    ),
    cells: ['10m', 'Normal', 'Pulled', 'pod/p', '', 'kubelet, n1', 'Successfully pulled image', '10m', 1, 'pod.2'],
  },
  // ---- endpoints
  {
    key: 'endpoints',
    title: 'endpoints: three shown, the rest counted',
    now: NOW,
    obj: obj(
      'v1',
      'Endpoints',
      'web',
      {
        subsets: [
          {
            addresses: [{ ip: '10.244.1.2' }, { ip: '10.244.2.3' }],
            notReadyAddresses: [{ ip: '10.244.3.4' }],
            ports: [
              { name: 'http', port: 8080, protocol: 'TCP' },
              { name: 'metrics', port: 9090, protocol: 'TCP' },
            ],
          },
          { addresses: [{ ip: 'fd00::5' }], ports: [{ port: 8080, protocol: 'TCP' }] },
        ],
      },
      { namespace: 'default' },
    ),
    cells: ['web', '10.244.1.2:8080,10.244.2.3:8080,10.244.1.2:9090 + 2 more...', '60m'],
  },
  {
    key: 'endpoints',
    title: 'endpoints of a headless service without ports, IPv6 brackets',
    now: NOW,
    obj: obj('v1', 'Endpoints', 'hl', { subsets: [{ addresses: [{ ip: '10.0.0.1' }] }, { addresses: [{ ip: 'fd00::1' }], ports: [{ port: 53, protocol: 'UDP' }] }] }, { namespace: 'default' }),
    cells: ['hl', '10.0.0.1,[fd00::1]:53', '60m'],
  },
  {
    key: 'endpoints',
    title: 'endpoints without subsets',
    now: NOW,
    obj: obj('v1', 'Endpoints', 'empty', {}, { namespace: 'default' }),
    cells: ['empty', '<none>', '60m'],
  },
  // ---- namespaces, secrets, config maps, service accounts
  {
    key: 'namespaces',
    title: 'active namespace',
    now: NOW,
    obj: obj('v1', 'Namespace', 'team-a', { spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }, { creationTimestamp: ago(400 * 86400) }),
    cells: ['team-a', 'Active', '400d'],
  },
  {
    key: 'namespaces',
    title: 'terminating namespace',
    now: NOW,
    obj: obj('v1', 'Namespace', 'old', { status: { phase: 'Terminating' } }, { deletionTimestamp: ago(5), creationTimestamp: ago(3 * 365 * 86400 + 40 * 86400) }),
    cells: ['old', 'Terminating', '3y40d'],
  },
  {
    key: 'secrets',
    title: 'TLS secret with two keys',
    now: NOW,
    obj: obj('v1', 'Secret', 'tls', { type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y2VydA==', 'tls.key': 'a2V5' } }, { namespace: 'default', creationTimestamp: ago(20 * 86400) }),
    cells: ['tls', 'kubernetes.io/tls', 2, '20d'],
  },
  {
    key: 'secrets',
    title: 'secret without data or type',
    now: NOW,
    obj: obj('v1', 'Secret', 'empty', {}, { namespace: 'default' }),
    cells: ['empty', 'Opaque', 0, '60m'],
  },
  {
    key: 'configmaps',
    title: 'config map counts data and binaryData',
    now: NOW,
    obj: obj('v1', 'ConfigMap', 'cfg', { data: { 'a.conf': 'x', 'b.conf': 'y' }, binaryData: { logo: 'iVBORw0=' } }, { namespace: 'default', creationTimestamp: ago(7 * 3600 + 59 * 60) }),
    cells: ['cfg', 3, '7h59m'],
  },
  {
    key: 'serviceaccounts',
    title: 'service account',
    now: NOW,
    obj: obj('v1', 'ServiceAccount', 'default', {}, { namespace: 'default', creationTimestamp: ago(100) }),
    cells: ['default', '100s'],
  },
  // ---- persistent volumes and claims
  {
    key: 'persistentvolumes',
    title: 'bound volume',
    now: NOW,
    obj: obj('v1', 'PersistentVolume', 'pv-001', {
      spec: {
        capacity: { storage: '10Gi' },
        accessModes: ['ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Delete',
        storageClassName: 'standard',
        claimRef: { kind: 'PersistentVolumeClaim', namespace: 'db', name: 'data-pg-0', uid: 'u' },
        volumeMode: 'Filesystem',
        hostPath: { path: '/data/pv-001' },
      },
      status: { phase: 'Bound' },
    }),
    cells: ['pv-001', '10Gi', 'RWO,RWX', 'Delete', 'Bound', 'db/data-pg-0', 'standard', '<unset>', '', '60m', 'Filesystem'],
  },
  {
    key: 'persistentvolumes',
    title: 'failed volume being deleted, class from the beta annotation, canonical quantity',
    now: NOW,
    obj: obj(
      'v1',
      'PersistentVolume',
      'pv-002',
      {
        spec: {
          capacity: { storage: '1.5Gi' },
          accessModes: ['ReadWriteOncePod', 'ReadOnlyMany'],
          persistentVolumeReclaimPolicy: 'Retain',
          storageClassName: 'ignored',
          volumeAttributesClassName: 'gold',
          volumeMode: 'Block',
          local: { path: '/mnt/disk' },
        },
        status: { phase: 'Failed', reason: 'VolumeFailedRecycle' },
      },
      { annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' }, deletionTimestamp: ago(1) },
    ),
    cells: ['pv-002', '1536Mi', 'ROX,RWOP', 'Retain', 'Terminating', '', 'legacy', 'gold', 'VolumeFailedRecycle', '60m', 'Block'],
  },
  {
    key: 'persistentvolumeclaims',
    title: 'bound claim shows capacity and access modes from status',
    now: NOW,
    obj: obj(
      'v1',
      'PersistentVolumeClaim',
      'data-pg-0',
      {
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '8Gi' } }, storageClassName: 'standard', volumeName: 'pv-001', volumeMode: 'Filesystem' },
        status: { phase: 'Bound', accessModes: ['ReadWriteOnce', 'ReadWriteMany'], capacity: { storage: '10Gi' } },
      },
      { namespace: 'db' },
    ),
    cells: ['data-pg-0', 'Bound', 'pv-001', '10Gi', 'RWO,RWX', 'standard', '<unset>', '60m', 'Filesystem'],
  },
  {
    key: 'persistentvolumeclaims',
    title: 'pending claim leaves capacity and access modes empty',
    now: NOW,
    obj: obj(
      'v1',
      'PersistentVolumeClaim',
      'waiting',
      { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeAttributesClassName: 'fast', volumeMode: 'Block' }, status: { phase: 'Pending' } },
      { namespace: 'db' },
    ),
    cells: ['waiting', 'Pending', '', '', '', '', 'fast', '60m', 'Block'],
  },
  // ---- quotas, templates, replication controllers, component statuses
  {
    key: 'resourcequotas',
    title: 'quota splits requests and limits, sorted, canonical quantities',
    now: NOW,
    obj: obj(
      'v1',
      'ResourceQuota',
      'compute',
      {
        spec: { hard: {} },
        status: {
          hard: { 'limits.memory': '4Gi', pods: '10', 'requests.cpu': '2', 'limits.cpu': '4000m', 'requests.memory': '2048Mi', count: '1000' },
          used: { 'limits.memory': '1Gi', pods: '3', 'requests.cpu': '500m', 'requests.memory': '0.5Gi' },
        },
      },
      { namespace: 'team-a' },
    ),
    cells: ['compute', 'count: 0/1k, pods: 3/10, requests.cpu: 500m/2, requests.memory: 512Mi/2Gi', 'limits.cpu: 0/4, limits.memory: 1Gi/4Gi', '60m'],
  },
  {
    key: 'podtemplates',
    title: 'pod template',
    now: NOW,
    obj: obj(
      'v1',
      'PodTemplate',
      'tmpl',
      { template: { metadata: { labels: { app: 'x', tier: 'be' } }, spec: { containers: [{ name: 'a', image: 'img-a' }, { name: 'b', image: 'img-b' }] } } },
      { namespace: 'default' },
    ),
    cells: ['tmpl', 'a,b', 'img-a,img-b', 'app=x,tier=be'],
  },
  {
    key: 'replicationcontrollers',
    title: 'replication controller',
    now: NOW,
    obj: obj(
      'v1',
      'ReplicationController',
      'rc',
      {
        spec: { replicas: 3, selector: { app: 'rc' }, template: { metadata: { labels: { app: 'rc' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
        status: { replicas: 3, readyReplicas: 2 },
      },
      { namespace: 'default' },
    ),
    cells: ['rc', 3, 3, 2, '60m', 'c', 'nginx', 'app=rc'],
  },
  {
    key: 'componentstatuses',
    title: 'healthy component',
    now: NOW,
    obj: { apiVersion: 'v1', kind: 'ComponentStatus', metadata: { name: 'etcd-0' }, conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }] },
    cells: ['etcd-0', 'Healthy', 'ok', ''],
  },
  {
    key: 'componentstatuses',
    title: 'unhealthy component',
    now: NOW,
    obj: { apiVersion: 'v1', kind: 'ComponentStatus', metadata: { name: 'scheduler' }, conditions: [{ type: 'Healthy', status: 'False', message: '', error: 'connection refused' }] },
    cells: ['scheduler', 'Unhealthy', '', 'connection refused'],
  },
];

describe('tables: core resources', () => {
  for (const c of cases) {
    it(`${c.key}: ${c.title}`, () => {
      assert.deepEqual(tableConvertors[c.key]!.cells(c.obj, new Date(c.now)), c.cells);
    });
  }
});
