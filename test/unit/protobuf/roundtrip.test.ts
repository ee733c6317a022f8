// JSON -> protobuf -> JSON. The objects are written the way a Go client
// marshals them (zero values of non-pointer fields present where Go emits them),
// so a round trip must give them back unchanged.
import assert from 'node:assert/strict';
import {
  decodeProtobufObject,
  decodeProtobufWatchEvent,
  encodeProtobufList,
  encodeProtobufObject,
  encodeProtobufWatchEvent,
  isProtobufKnownKind,
} from '../../../src/machinery/protobuf/codec.js';
import type { KObject } from '../../../src/machinery/objects.js';

const K8S = Buffer.from('k8s\0', 'latin1');

function roundTrip(obj: KObject): KObject {
  const bytes = encodeProtobufObject(obj);
  assert.ok(bytes.subarray(0, 4).equals(K8S), 'envelope magic');
  return decodeProtobufObject(bytes);
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

const T1 = '2024-03-04T05:06:07Z';
const T2 = '2024-03-04T06:00:00Z';

export const richPod: KObject = {
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: {
    name: 'web-0',
    namespace: 'prod',
    uid: '5f0c6a34-7c1e-4a7e-9d0f-0123456789ab',
    resourceVersion: '42',
    generation: 3,
    creationTimestamp: T1,
    deletionGracePeriodSeconds: 0,
    labels: { app: 'web', 'statefulset.kubernetes.io/pod-name': 'web-0', empty: '' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"a":1}\n', unicode: 'naïve — ✓ 𝄞' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u1', controller: true, blockOwnerDeletion: true }],
    finalizers: ['a/b'],
    managedFields: [
      {
        manager: 'kubectl-client-side-apply',
        operation: 'Update',
        apiVersion: 'v1',
        time: T1,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } },
      },
    ],
  },
  spec: {
    volumes: [
      { name: 'data', persistentVolumeClaim: { claimName: 'data-web-0' } },
      { name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'a', path: 'a', mode: 256 }], defaultMode: 420, optional: false } },
      { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
      { name: 'host', hostPath: { path: '/var/log', type: '' } },
      { name: 'dapi', downwardAPI: { items: [{ path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } }], defaultMode: 420 } },
    ],
    initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'sleep 1'], resources: {} }],
    containers: [
      {
        name: 'web',
        image: 'nginx:1.27',
        command: ['nginx'],
        args: ['-g', 'daemon off;'],
        ports: [
          { name: 'http', containerPort: 80, protocol: 'TCP' },
          { containerPort: 443, hostPort: 8443, hostIP: '0.0.0.0', protocol: 'TCP' },
        ],
        env: [
          { name: 'A', value: '1' },
          { name: 'EMPTY' },
          { name: 'SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k', optional: false } } },
          { name: 'NODE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
          { name: 'MEM', valueFrom: { resourceFieldRef: { containerName: 'web', resource: 'limits.memory', divisor: '1Mi' } } },
        ],
        resources: { limits: { cpu: '2', memory: '1Gi', 'nvidia.com/gpu': '1' }, requests: { cpu: '500m', memory: '256Mi' } },
        volumeMounts: [
          { name: 'data', mountPath: '/data' },
          { name: 'cfg', readOnly: true, mountPath: '/etc/cfg', subPath: 'x' },
        ],
        livenessProbe: {
          httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP', httpHeaders: [{ name: 'X-Empty', value: '' }] },
          initialDelaySeconds: 3,
          timeoutSeconds: 1,
          periodSeconds: 10,
          successThreshold: 1,
          failureThreshold: 3,
        },
        readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 },
        startupProbe: { exec: { command: ['true'] }, failureThreshold: 30, terminationGracePeriodSeconds: 0 },
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
        securityContext: {
          capabilities: { drop: ['ALL'] },
          privileged: false,
          runAsUser: 0,
          runAsNonRoot: false,
          readOnlyRootFilesystem: false,
          allowPrivilegeEscalation: false,
        },
      },
      {
        name: 'sidecar',
        image: 'envoy',
        resources: {},
        livenessProbe: { grpc: { port: 9901, service: '' } },
        stdin: true,
        tty: true,
      },
    ],
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 30,
    activeDeadlineSeconds: 0,
    dnsPolicy: 'ClusterFirst',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    serviceAccountName: 'default',
    automountServiceAccountToken: false,
    nodeName: 'n1',
    hostNetwork: true,
    securityContext: { runAsGroup: 0, fsGroup: 2000, supplementalGroups: [1, 2, 3] },
    schedulerName: 'default-scheduler',
    tolerations: [
      { key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' },
      { operator: 'Exists' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'negative', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: -1 },
    ],
    priority: 0,
    enableServiceLinks: false,
    preemptionPolicy: 'PreemptLowerPriority',
  },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: T2 }],
    hostIP: '10.0.0.1',
    podIP: '10.1.0.5',
    podIPs: [{ ip: '10.1.0.5' }],
    startTime: T1,
    containerStatuses: [
      {
        name: 'web',
        state: { running: { startedAt: T2 } },
        lastState: { terminated: { exitCode: 0, reason: 'Completed', startedAt: T1, finishedAt: T2 } },
        ready: true,
        restartCount: 2,
        image: 'nginx:1.27',
        imageID: '',
        containerID: 'containerd://x',
        started: false,
      },
    ],
    qosClass: 'Burstable',
  },
};

const deployment: KObject = {
  kind: 'Deployment',
  apiVersion: 'apps/v1',
  metadata: { name: 'web', namespace: 'prod', generation: 7, labels: { app: 'web' } },
  spec: {
    replicas: 0,
    selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'staging'] }] },
    template: {
      metadata: { labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/restartedAt': T2 } },
      spec: { containers: [{ name: 'web', image: 'nginx', resources: { requests: { cpu: '100m' } } }] },
    },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
    minReadySeconds: 5,
    revisionHistoryLimit: 10,
    progressDeadlineSeconds: 600,
  },
  status: {
    observedGeneration: 7,
    replicas: 3,
    updatedReplicas: 3,
    readyReplicas: 3,
    availableReplicas: 3,
    conditions: [
      { type: 'Available', status: 'True', lastUpdateTime: T1, lastTransitionTime: T1, reason: 'MinimumReplicasAvailable', message: 'ok' },
    ],
  },
};

const service: KObject = {
  kind: 'Service',
  apiVersion: 'v1',
  metadata: { name: 'web', namespace: 'prod' },
  spec: {
    ports: [
      { name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' },
      { name: 'https', protocol: 'TCP', appProtocol: 'https', port: 443, targetPort: 8443, nodePort: 30443 },
      { name: 'zero', protocol: 'UDP', port: 53, targetPort: 0 },
    ],
    selector: { app: 'web' },
    clusterIP: '10.96.0.20',
    clusterIPs: ['10.96.0.20'],
    type: 'NodePort',
    sessionAffinity: 'None',
    externalTrafficPolicy: 'Cluster',
    ipFamilies: ['IPv4'],
    ipFamilyPolicy: 'SingleStack',
    internalTrafficPolicy: 'Cluster',
    publishNotReadyAddresses: true,
  },
  status: { loadBalancer: {} },
};

const secret: KObject = {
  kind: 'Secret',
  apiVersion: 'v1',
  metadata: { name: 's', namespace: 'prod' },
  immutable: true,
  data: {
    password: Buffer.from('hunter2').toString('base64'),
    binary: Buffer.from([0, 1, 2, 253, 254, 255]).toString('base64'),
    empty: '',
  },
  type: 'kubernetes.io/tls',
};

const configMap: KObject = {
  kind: 'ConfigMap',
  apiVersion: 'v1',
  metadata: { name: 'cfg', namespace: 'prod' },
  data: { 'app.properties': 'a=1\nb=2\n', empty: '', long: 'x'.repeat(5000) },
  binaryData: { 'blob.bin': Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256)).toString('base64') },
};

const node: KObject = {
  kind: 'Node',
  apiVersion: 'v1',
  metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1', 'node-role.kubernetes.io/control-plane': '' } },
  spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'], taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] },
  status: {
    capacity: { cpu: '4', memory: '16331148Ki', pods: '110', 'hugepages-1Gi': '0' },
    allocatable: { cpu: '4', memory: '16228748Ki', pods: '110' },
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        lastHeartbeatTime: T2,
        lastTransitionTime: T1,
        reason: 'KubeletReady',
        message: 'kubelet is posting ready status',
      },
    ],
    addresses: [
      { type: 'InternalIP', address: '172.18.0.2' },
      { type: 'Hostname', address: 'n1' },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: 'a',
      systemUUID: 'b',
      bootID: 'c',
      kernelVersion: '6.8.0',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      containerRuntimeVersion: 'containerd://2.0.0',
      kubeletVersion: 'v1.35.4',
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: 'arm64',
    },
    images: [{ names: ['registry.k8s.io/pause:3.10'], sizeBytes: 9007199254740991 }],
    runtimeHandlers: [{ name: 'runc', features: { recursiveReadOnlyMounts: true, userNamespaces: false } }],
  },
};

const namespace: KObject = {
  kind: 'Namespace',
  apiVersion: 'v1',
  metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' } },
  spec: { finalizers: ['kubernetes'] },
  status: { phase: 'Active' },
};

const lease: KObject = {
  kind: 'Lease',
  apiVersion: 'coordination.k8s.io/v1',
  metadata: { name: 'n1', namespace: 'kube-node-lease' },
  spec: {
    holderIdentity: 'n1',
    leaseDurationSeconds: 40,
    acquireTime: '2024-03-04T05:06:07.000000Z',
    renewTime: '2024-03-04T05:06:17.654321Z',
    leaseTransitions: 0,
  },
};

const event: KObject = {
  kind: 'Event',
  apiVersion: 'v1',
  metadata: { name: 'web-0.17c', namespace: 'prod' },
  involvedObject: { kind: 'Pod', namespace: 'prod', name: 'web-0', uid: 'u', apiVersion: 'v1', resourceVersion: '42' },
  reason: 'BackOff',
  message: 'Back-off restarting failed container',
  source: { component: 'kubelet', host: 'n1' },
  firstTimestamp: T1,
  lastTimestamp: T2,
  count: 12,
  type: 'Warning',
  eventTime: null,
  series: { count: 4, lastObservedTime: '2024-03-04T06:00:00.123000Z' },
  reportingComponent: 'kubelet',
  reportingInstance: 'n1',
};

const crd: KObject = {
  kind: 'CustomResourceDefinition',
  apiVersion: 'apiextensions.k8s.io/v1',
  metadata: { name: 'gadgets.example.com' },
  spec: {
    group: 'example.com',
    names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget', listKind: 'GadgetList' },
    scope: 'Cluster',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['replicas'],
                properties: {
                  replicas: { type: 'integer', default: 1, minimum: 0, maximum: 1e6 },
                  weights: { type: 'array', items: { type: 'number' }, default: [0.5, 1.5], 'x-kubernetes-list-type': 'atomic' },
                  selector: { type: 'object', default: {}, additionalProperties: { type: 'string' } },
                  strict: { type: 'object', additionalProperties: false },
                  port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
                  raw: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, default: { nested: [null, true, 'x', { y: -2.5 }] } },
                  tuple: { type: 'array', items: [{ type: 'string' }, { type: 'integer' }] },
                  choice: { type: 'string', enum: ['a', 'b', null], nullable: true },
                  entries: {
                    type: 'array',
                    'x-kubernetes-list-type': 'map',
                    'x-kubernetes-list-map-keys': ['name'],
                    items: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 63 } } },
                  },
                },
                'x-kubernetes-validations': [{ rule: 'self.replicas >= 0', message: 'non-negative' }],
              },
              status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': false },
            },
            dependencies: { a: ['b'], c: { required: ['d'] } },
          },
        },
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
        additionalPrinterColumns: [{ name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' }],
      },
    ],
    conversion: { strategy: 'None' },
  },
  status: {
    conditions: [{ type: 'Established', status: 'True', lastTransitionTime: T1, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }],
    acceptedNames: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget', listKind: 'GadgetList' },
    storedVersions: ['v1'],
  },
};

describe('protobuf round trips (JSON -> protobuf -> JSON)', () => {
  const cases: [string, KObject][] = [
    ['Pod', richPod],
    ['Deployment', deployment],
    ['Service', service],
    ['Secret', secret],
    ['ConfigMap', configMap],
    ['Node', node],
    ['Namespace', namespace],
    ['Lease', lease],
    ['Event', event],
    ['CustomResourceDefinition', crd],
  ];
  for (const [name, obj] of cases) {
    it(`keeps a ${name}`, () => {
      const before = clone(obj);
      assert.deepStrictEqual(roundTrip(obj), before);
      assert.deepStrictEqual(obj, before, 'the input is not modified');
    });
  }

  it('is stable: encoding a decoded object gives the same bytes', () => {
    for (const [, obj] of cases) {
      const bytes = encodeProtobufObject(obj);
      assert.ok(encodeProtobufObject(decodeProtobufObject(bytes)).equals(bytes));
    }
  });

  it('keeps a list', () => {
    const list = {
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: { resourceVersion: '100', continue: 'abc', remainingItemCount: 5 },
      items: [clone(richPod), { metadata: { name: 'p2' }, spec: { containers: [{ name: 'c', image: 'i', resources: {} }] }, status: {} }],
    };
    const out = decodeProtobufObject(encodeProtobufList(list));
    const expected = clone(list) as { items: Record<string, unknown>[] };
    // list items carry no apiVersion/kind on the wire
    delete expected.items[0].kind;
    delete expected.items[0].apiVersion;
    assert.deepStrictEqual(out, expected);
  });

  it('keeps an empty list (items null, as Go marshals a nil slice)', () => {
    const list = { kind: 'SecretList', apiVersion: 'v1', metadata: { resourceVersion: '9' }, items: [] };
    assert.deepStrictEqual(decodeProtobufObject(encodeProtobufList(list)), { ...list, items: null });
  });

  it('writes and reads a watch event frame', () => {
    const frame = encodeProtobufWatchEvent('MODIFIED', lease);
    assert.equal(frame.readUInt32BE(0), frame.length - 4);
    const ev = decodeProtobufWatchEvent(frame);
    assert.equal(ev.type, 'MODIFIED');
    assert.deepStrictEqual(ev.object, clone(lease));
    assert.equal(ev.size, frame.length);
    // the embedded object is a complete envelope
    const embedded = frame.indexOf(K8S);
    assert.ok(embedded > 0);
    assert.deepStrictEqual(decodeProtobufObject(frame.subarray(embedded)), clone(lease));
  });

  it('frames a large watch event with a 4-byte length', () => {
    const big = clone(configMap);
    (big.data as Record<string, string>).huge = 'y'.repeat(70000);
    const frame = encodeProtobufWatchEvent('ADDED', big);
    assert.equal(frame.readUInt32BE(0), frame.length - 4);
    assert.deepStrictEqual(decodeProtobufWatchEvent(frame).object, big);
  });

  it('knows which kinds have a protobuf form', () => {
    assert.equal(isProtobufKnownKind('v1', 'Pod'), true);
    assert.equal(isProtobufKnownKind('apps/v1', 'Deployment'), true);
    assert.equal(isProtobufKnownKind('apps/v1', 'DeploymentList'), true);
    assert.equal(isProtobufKnownKind('apps/v1', 'DeleteOptions'), true);
    assert.equal(isProtobufKnownKind('batch/v1', 'Status'), true);
    assert.equal(isProtobufKnownKind('apiextensions.k8s.io/v1', 'CustomResourceDefinition'), true);
    assert.equal(isProtobufKnownKind('apiregistration.k8s.io/v1', 'APIService'), true);
    assert.equal(isProtobufKnownKind('meta.k8s.io/v1', 'PartialObjectMetadataList'), true);
    assert.equal(isProtobufKnownKind('meta.k8s.io/v1', 'Table'), false);
    assert.equal(isProtobufKnownKind('example.com/v1', 'Widget'), false);
    assert.equal(isProtobufKnownKind('v1', 'Deployment'), false);
    assert.equal(isProtobufKnownKind('', 'Pod'), false);
  });
});
