// Table cells of networking, policy, RBAC, storage, admission, scheduling,
// coordination, node, discovery, certificates, flow control, dynamic
// resource allocation and aggregated API resources.
import assert from 'node:assert/strict';
import type { KObject } from '../../../src/machinery/objects.js';
import { tableConvertors } from '../../../src/registry/tables.js';

const NOW = '2025-06-01T12:00:00Z';
const now = new Date(NOW);
function ago(s: number): string {
  return new Date(now.getTime() - s * 1000).toISOString().replace('.000Z', 'Z');
}

export interface Case {
  key: string;
  title: string;
  now: string;
  obj: KObject;
  cells: unknown[];
  /** not checked against upstream's printers (served by another component) */
  noUpstream?: boolean;
}

function obj(apiVersion: string, kind: string, name: string, body: Record<string, unknown>, meta: Record<string, unknown> = {}): KObject {
  return { apiVersion, kind, metadata: { name, creationTimestamp: ago(5 * 60), ...meta }, ...body };
}
const ns = { namespace: 'default' };

export const cases: Case[] = [
  // ---- networking
  {
    key: 'networking.k8s.io/ingresses',
    title: 'ingress with TLS, a class and a load balancer',
    now: NOW,
    obj: obj('networking.k8s.io/v1', 'Ingress', 'shop', {
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
        rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }, { host: 'api.example.com' }],
      },
      status: { loadBalancer: { ingress: [{ ip: '198.51.100.7' }, { hostname: 'lb.example.net' }] } },
    }, ns),
    cells: ['shop', 'nginx', 'shop.example.com,api.example.com', '198.51.100.7,lb.example.net', '80, 443', '5m'],
  },
  {
    key: 'networking.k8s.io/ingresses',
    title: 'ingress without class, hosts or address; more than three rules',
    now: NOW,
    obj: obj('networking.k8s.io/v1', 'Ingress', 'many', { spec: { rules: [{ host: 'a.test' }, {}, { host: 'c.test' }, { host: 'd.test' }, { host: 'e.test' }] } }, ns),
    cells: ['many', '<none>', 'a.test,c.test,d.test + 2 more...', '', '80', '5m'],
  },
  {
    key: 'networking.k8s.io/ingresses',
    title: 'default-backend-only ingress has hosts "*"',
    now: NOW,
    obj: obj('networking.k8s.io/v1', 'Ingress', 'catchall', { spec: { defaultBackend: { service: { name: 'web', port: { number: 80 } } } } }, ns),
    cells: ['catchall', '<none>', '*', '', '80', '5m'],
  },
  {
    key: 'networking.k8s.io/ingressclasses',
    title: 'ingress class with parameters',
    now: NOW,
    obj: obj('networking.k8s.io/v1', 'IngressClass', 'external', {
      spec: { controller: 'example.com/ingress-controller', parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb', scope: 'Cluster' } },
    }),
    cells: ['external', 'example.com/ingress-controller', 'IngressParameters.k8s.example.com/external-lb', '5m'],
  },
  {
    key: 'networking.k8s.io/ingressclasses',
    title: 'ingress class without parameters',
    now: NOW,
    obj: obj('networking.k8s.io/v1', 'IngressClass', 'nginx', { spec: { controller: 'k8s.io/ingress-nginx' } }),
    cells: ['nginx', 'k8s.io/ingress-nginx', '<none>', '5m'],
  },
  {
    key: 'networking.k8s.io/networkpolicies',
    title: 'network policy with a pod selector',
    now: NOW,
    obj: obj('networking.k8s.io/v1', 'NetworkPolicy', 'db-access', { spec: { podSelector: { matchLabels: { role: 'db' } }, policyTypes: ['Ingress'] } }, ns),
    cells: ['db-access', 'role=db', '5m'],
  },
  {
    key: 'networking.k8s.io/networkpolicies',
    title: 'default-deny network policy selects every pod',
    now: NOW,
    obj: obj('networking.k8s.io/v1', 'NetworkPolicy', 'deny-all', { spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } }, ns),
    cells: ['deny-all', '<none>', '5m'],
  },
  {
    key: 'networking.k8s.io/servicecidrs',
    title: 'service CIDR',
    now: NOW,
    obj: obj('networking.k8s.io/v1', 'ServiceCIDR', 'kubernetes', { spec: { cidrs: ['10.96.0.0/12', 'fd00:10:96::/112'] } }),
    cells: ['kubernetes', '10.96.0.0/12,fd00:10:96::/112', '5m'],
  },
  {
    key: 'networking.k8s.io/ipaddresses',
    title: 'IP address of a service (upstream also emits the age)',
    now: NOW,
    obj: obj('networking.k8s.io/v1', 'IPAddress', '10.96.0.10', { spec: { parentRef: { group: '', resource: 'services', namespace: 'kube-system', name: 'kube-dns' } } }),
    cells: ['10.96.0.10', 'services/kube-system/kube-dns', '5m'],
  },
  {
    key: 'networking.k8s.io/ipaddresses',
    title: 'IP address of a grouped, cluster-scoped parent',
    now: NOW,
    obj: obj('networking.k8s.io/v1', 'IPAddress', '10.96.0.11', { spec: { parentRef: { group: 'Gateway.Networking.K8s.io', resource: 'Gateways', name: 'gw' } } }),
    cells: ['10.96.0.11', 'gateways.gateway.networking.k8s.io/gw', '5m'],
  },
  // ---- policy
  {
    key: 'policy/poddisruptionbudgets',
    title: 'PDB with minAvailable',
    now: NOW,
    obj: obj('policy/v1', 'PodDisruptionBudget', 'web', { spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } }, status: { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 } }, ns),
    cells: ['web', '2', 'N/A', 1, '5m'],
  },
  {
    key: 'policy/poddisruptionbudgets',
    title: 'PDB with a percentage maxUnavailable',
    now: NOW,
    obj: obj('policy/v1', 'PodDisruptionBudget', 'db', { spec: { maxUnavailable: '25%', selector: { matchLabels: { app: 'db' } } }, status: { disruptionsAllowed: 0 } }, ns),
    cells: ['db', 'N/A', '25%', 0, '5m'],
  },
  // ---- RBAC
  {
    key: 'rbac.authorization.k8s.io/rolebindings',
    title: 'role binding with users, groups and service accounts',
    now: NOW,
    obj: obj('rbac.authorization.k8s.io/v1', 'RoleBinding', 'dev-edit', {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' },
        { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' },
        { kind: 'ServiceAccount', name: 'ci', namespace: 'tools' },
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'joe' },
      ],
    }, ns),
    cells: ['dev-edit', 'ClusterRole/edit', '5m', 'jane, joe', 'devs', 'tools/ci'],
  },
  {
    key: 'rbac.authorization.k8s.io/clusterrolebindings',
    title: 'cluster role binding for a group only',
    now: NOW,
    obj: obj('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'cluster-admin', {
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:masters' }],
    }, { creationTimestamp: ago(30 * 86400) }),
    cells: ['cluster-admin', 'ClusterRole/cluster-admin', '30d', '', 'system:masters', ''],
  },
  // ---- storage
  {
    key: 'storage.k8s.io/storageclasses',
    title: 'default storage class',
    now: NOW,
    obj: obj('storage.k8s.io/v1', 'StorageClass', 'standard', {
      provisioner: 'rancher.io/local-path',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
    }, { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } }),
    cells: ['standard (default)', 'rancher.io/local-path', 'Delete', 'WaitForFirstConsumer', true, '5m'],
  },
  {
    key: 'storage.k8s.io/storageclasses',
    title: 'storage class marked default through the beta annotation, defaults filled in',
    now: NOW,
    obj: obj('storage.k8s.io/v1', 'StorageClass', 'old', { provisioner: 'kubernetes.io/no-provisioner' }, { annotations: { 'storageclass.beta.kubernetes.io/is-default-class': 'true' } }),
    cells: ['old (default)', 'kubernetes.io/no-provisioner', 'Delete', 'Immediate', false, '5m'],
  },
  {
    key: 'storage.k8s.io/storageclasses',
    title: 'ordinary storage class',
    now: NOW,
    obj: obj('storage.k8s.io/v1', 'StorageClass', 'fast', { provisioner: 'ebs.csi.aws.com', reclaimPolicy: 'Retain', volumeBindingMode: 'Immediate', allowVolumeExpansion: false }, { annotations: { 'storageclass.kubernetes.io/is-default-class': 'false' } }),
    cells: ['fast', 'ebs.csi.aws.com', 'Retain', 'Immediate', false, '5m'],
  },
  {
    key: 'storage.k8s.io/volumeattachments',
    title: 'volume attachment',
    now: NOW,
    obj: obj('storage.k8s.io/v1', 'VolumeAttachment', 'csi-123', { spec: { attacher: 'ebs.csi.aws.com', source: { persistentVolumeName: 'pv-001' }, nodeName: 'worker-1' }, status: { attached: true } }),
    cells: ['csi-123', 'ebs.csi.aws.com', 'pv-001', 'worker-1', true, '5m'],
  },
  {
    key: 'storage.k8s.io/csidrivers',
    title: 'CSI driver with token requests and two modes',
    now: NOW,
    obj: obj('storage.k8s.io/v1', 'CSIDriver', 'secrets-store.csi.k8s.io', {
      spec: {
        attachRequired: false,
        podInfoOnMount: true,
        storageCapacity: false,
        tokenRequests: [{ audience: 'vault' }, { audience: 'aws', expirationSeconds: 3600 }],
        requiresRepublish: true,
        volumeLifecycleModes: ['Ephemeral', 'Persistent'],
        fsGroupPolicy: 'File',
      },
    }),
    cells: ['secrets-store.csi.k8s.io', false, true, false, 'vault,aws', true, 'Ephemeral,Persistent', '5m'],
  },
  {
    key: 'storage.k8s.io/csidrivers',
    title: 'CSI driver with every field defaulted',
    now: NOW,
    obj: obj('storage.k8s.io/v1', 'CSIDriver', 'ebs.csi.aws.com', { spec: {} }),
    cells: ['ebs.csi.aws.com', true, false, false, '<unset>', false, 'Persistent', '5m'],
  },
  {
    key: 'storage.k8s.io/csinodes',
    title: 'CSI node',
    now: NOW,
    obj: obj('storage.k8s.io/v1', 'CSINode', 'worker-1', { spec: { drivers: [{ name: 'ebs.csi.aws.com', nodeID: 'i-1' }, { name: 'efs.csi.aws.com', nodeID: 'i-1' }] } }),
    cells: ['worker-1', 2, '5m'],
  },
  {
    key: 'storage.k8s.io/volumeattributesclasses',
    title: 'volume attributes class',
    now: NOW,
    obj: obj('storage.k8s.io/v1', 'VolumeAttributesClass', 'gold', { driverName: 'pd.csi.storage.gke.io', parameters: { iops: '3000' } }),
    cells: ['gold', 'pd.csi.storage.gke.io', '5m'],
  },
  // ---- admission
  {
    key: 'admissionregistration.k8s.io/mutatingwebhookconfigurations',
    title: 'mutating webhook configuration',
    now: NOW,
    obj: obj('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', 'inject', {
      webhooks: [
        { name: 'a.example.com', clientConfig: { url: 'https://a.example.com' }, sideEffects: 'None', admissionReviewVersions: ['v1'] },
        { name: 'b.example.com', clientConfig: { url: 'https://b.example.com' }, sideEffects: 'None', admissionReviewVersions: ['v1'] },
      ],
    }),
    cells: ['inject', 2, '5m'],
  },
  {
    key: 'admissionregistration.k8s.io/validatingwebhookconfigurations',
    title: 'validating webhook configuration without webhooks',
    now: NOW,
    obj: obj('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'empty', {}),
    cells: ['empty', 0, '5m'],
  },
  {
    key: 'admissionregistration.k8s.io/validatingadmissionpolicies',
    title: 'validating admission policy with a param kind',
    now: NOW,
    obj: obj('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicy', 'replicas-limit', {
      spec: {
        paramKind: { apiVersion: 'rules.example.com/v1', kind: 'ReplicaLimit' },
        matchConstraints: { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] }] },
        validations: [{ expression: 'object.spec.replicas <= params.maxReplicas' }, { expression: 'true' }],
      },
    }),
    cells: ['replicas-limit', 2, 'rules.example.com/v1/ReplicaLimit', '5m'],
  },
  {
    key: 'admissionregistration.k8s.io/validatingadmissionpolicies',
    title: 'validating admission policy without a param kind',
    now: NOW,
    obj: obj('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicy', 'plain', { spec: { validations: [{ expression: 'true' }] } }),
    cells: ['plain', 1, '<unset>', '5m'],
  },
  {
    key: 'admissionregistration.k8s.io/validatingadmissionpolicybindings',
    title: 'binding with a namespaced param',
    now: NOW,
    obj: obj('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicyBinding', 'b1', {
      spec: { policyName: 'replicas-limit', paramRef: { name: 'limits', namespace: 'prod', parameterNotFoundAction: 'Deny' }, validationActions: ['Deny'] },
    }),
    cells: ['b1', 'replicas-limit', 'prod/limits', '5m'],
  },
  {
    key: 'admissionregistration.k8s.io/validatingadmissionpolicybindings',
    title: 'binding with a param name in any namespace',
    now: NOW,
    obj: obj('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicyBinding', 'b2', {
      spec: { policyName: 'p', paramRef: { name: 'limits', parameterNotFoundAction: 'Allow' }, validationActions: ['Warn'] },
    }),
    cells: ['b2', 'p', '*/limits', '5m'],
  },
  {
    key: 'admissionregistration.k8s.io/validatingadmissionpolicybindings',
    title: 'binding with a param selector prints the selector struct',
    now: NOW,
    obj: obj('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicyBinding', 'b3', {
      spec: {
        policyName: 'p',
        paramRef: { selector: { matchLabels: { tier: 'gold', env: 'prod' }, matchExpressions: [{ key: 'team', operator: 'In', values: ['a', 'b'] }] }, parameterNotFoundAction: 'Deny' },
        validationActions: ['Audit'],
      },
    }),
    cells: [
      'b3',
      'p',
      '&LabelSelector{MatchLabels:map[string]string{env: prod,tier: gold,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:team,Operator:In,Values:[a b],},},}',
      '5m',
    ],
  },
  {
    key: 'admissionregistration.k8s.io/validatingadmissionpolicybindings',
    title: 'binding without a param',
    now: NOW,
    obj: obj('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicyBinding', 'b4', { spec: { policyName: 'p', validationActions: ['Deny'] } }),
    cells: ['b4', 'p', '<unset>', '5m'],
  },
  // ---- scheduling, coordination, node, discovery
  {
    key: 'scheduling.k8s.io/priorityclasses',
    title: 'priority class',
    now: NOW,
    obj: obj('scheduling.k8s.io/v1', 'PriorityClass', 'system-cluster-critical', { value: 2000000000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority', description: 'x' }),
    cells: ['system-cluster-critical', 2000000000, false, '5m', 'PreemptLowerPriority'],
  },
  {
    key: 'scheduling.k8s.io/priorityclasses',
    title: 'global default priority class that never preempts',
    now: NOW,
    obj: obj('scheduling.k8s.io/v1', 'PriorityClass', 'batch', { value: -10, globalDefault: true, preemptionPolicy: 'Never' }),
    cells: ['batch', -10, true, '5m', 'Never'],
  },
  {
    key: 'coordination.k8s.io/leases',
    title: 'held lease',
    now: NOW,
    obj: obj('coordination.k8s.io/v1', 'Lease', 'kube-scheduler', { spec: { holderIdentity: 'cp-1_6c1d', leaseDurationSeconds: 15, renewTime: '2025-06-01T11:59:58.000000Z' } }, { namespace: 'kube-system' }),
    cells: ['kube-scheduler', 'cp-1_6c1d', '5m'],
  },
  {
    key: 'coordination.k8s.io/leases',
    title: 'free lease',
    now: NOW,
    obj: obj('coordination.k8s.io/v1', 'Lease', 'free', { spec: {} }, { namespace: 'kube-system' }),
    cells: ['free', '', '5m'],
  },
  {
    key: 'node.k8s.io/runtimeclasses',
    title: 'runtime class',
    now: NOW,
    obj: obj('node.k8s.io/v1', 'RuntimeClass', 'gvisor', { handler: 'runsc' }),
    cells: ['gvisor', 'runsc', '5m'],
  },
  {
    key: 'discovery.k8s.io/endpointslices',
    title: 'endpoint slice with named and numbered ports, four addresses',
    now: NOW,
    obj: obj('discovery.k8s.io/v1', 'EndpointSlice', 'web-abc12', {
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'grpc', protocol: 'TCP' }, { protocol: 'TCP' }, { port: 9090 }],
      endpoints: [{ addresses: ['10.244.1.2'] }, { addresses: ['10.244.1.3', '10.244.1.4'] }, { addresses: ['10.244.2.9'], conditions: { ready: false } }],
    }, ns),
    cells: ['web-abc12', 'IPv4', '8080,grpc, + 1 more...', '10.244.1.2,10.244.1.3,10.244.1.4 + 1 more...', '5m'],
  },
  {
    key: 'discovery.k8s.io/endpointslices',
    title: 'empty endpoint slice',
    now: NOW,
    obj: obj('discovery.k8s.io/v1', 'EndpointSlice', 'empty-x', { addressType: 'IPv6' }, ns),
    cells: ['empty-x', 'IPv6', '<unset>', '<unset>', '5m'],
  },
  // ---- certificates
  {
    key: 'certificates.k8s.io/certificatesigningrequests',
    title: 'approved and issued CSR with a requested duration',
    now: NOW,
    obj: obj('certificates.k8s.io/v1', 'CertificateSigningRequest', 'csr-jane', {
      spec: { request: 'LS0t', signerName: 'kubernetes.io/kube-apiserver-client', expirationSeconds: 86400, usages: ['client auth'], username: 'kubernetes-admin', groups: ['system:masters'] },
      status: { conditions: [{ type: 'Approved', status: 'True', reason: 'AutoApproved' }], certificate: 'LS0tQ0VSVA==' },
    }),
    cells: ['csr-jane', '5m', 'kubernetes.io/kube-apiserver-client', 'kubernetes-admin', '24h', 'Approved,Issued'],
  },
  {
    key: 'certificates.k8s.io/certificatesigningrequests',
    title: 'denied and failed CSR',
    now: NOW,
    obj: obj('certificates.k8s.io/v1', 'CertificateSigningRequest', 'csr-bad', {
      spec: { request: 'LS0t', signerName: 'example.com/signer', usages: ['digital signature'], username: 'system:node:n1' },
      status: {
        conditions: [
          { type: 'Approved', status: 'True' },
          { type: 'Denied', status: 'True' },
          { type: 'Failed', status: 'True' },
        ],
      },
    }),
    cells: ['csr-bad', '5m', 'example.com/signer', 'system:node:n1', '<none>', 'Denied,Failed'],
  },
  {
    key: 'certificates.k8s.io/certificatesigningrequests',
    title: 'pending CSR with a ten-minute duration',
    now: NOW,
    obj: obj('certificates.k8s.io/v1', 'CertificateSigningRequest', 'csr-new', { spec: { request: 'LS0t', signerName: 'kubernetes.io/kubelet-serving', expirationSeconds: 600, usages: ['server auth'], username: 'system:node:n2' } }),
    cells: ['csr-new', '5m', 'kubernetes.io/kubelet-serving', 'system:node:n2', '10m', 'Pending'],
  },
  // ---- flow control
  {
    key: 'flowcontrol.apiserver.k8s.io/flowschemas',
    title: 'flow schema with a distinguisher and a Dangling condition',
    now: NOW,
    obj: obj('flowcontrol.apiserver.k8s.io/v1', 'FlowSchema', 'service-accounts', {
      spec: { priorityLevelConfiguration: { name: 'workload-low' }, matchingPrecedence: 9000, distinguisherMethod: { type: 'ByUser' }, rules: [] },
      status: { conditions: [{ type: 'Dangling', status: 'False', reason: 'Found' }] },
    }),
    cells: ['service-accounts', 'workload-low', 9000, 'ByUser', '5m', 'False'],
  },
  {
    key: 'flowcontrol.apiserver.k8s.io/flowschemas',
    title: 'flow schema without distinguisher or status, precedence defaulted',
    now: NOW,
    obj: obj('flowcontrol.apiserver.k8s.io/v1', 'FlowSchema', 'exempt', { spec: { priorityLevelConfiguration: { name: 'exempt' } } }),
    cells: ['exempt', 'exempt', 1000, '<none>', '5m', '?'],
  },
  {
    key: 'flowcontrol.apiserver.k8s.io/prioritylevelconfigurations',
    title: 'limited priority level with queuing',
    now: NOW,
    obj: obj('flowcontrol.apiserver.k8s.io/v1', 'PriorityLevelConfiguration', 'workload-low', {
      spec: { type: 'Limited', limited: { nominalConcurrencyShares: 100, lendablePercent: 90, limitResponse: { type: 'Queue', queuing: { queues: 128, handSize: 6, queueLengthLimit: 50 } } } },
    }),
    cells: ['workload-low', 'Limited', 100, 128, 6, 50, '5m'],
  },
  {
    key: 'flowcontrol.apiserver.k8s.io/prioritylevelconfigurations',
    title: 'limited priority level that rejects',
    now: NOW,
    obj: obj('flowcontrol.apiserver.k8s.io/v1', 'PriorityLevelConfiguration', 'catch-all', { spec: { type: 'Limited', limited: { nominalConcurrencyShares: 5, limitResponse: { type: 'Reject' } } } }),
    cells: ['catch-all', 'Limited', 5, '<none>', '<none>', '<none>', '5m'],
  },
  {
    key: 'flowcontrol.apiserver.k8s.io/prioritylevelconfigurations',
    title: 'exempt priority level',
    now: NOW,
    obj: obj('flowcontrol.apiserver.k8s.io/v1', 'PriorityLevelConfiguration', 'exempt', { spec: { type: 'Exempt', exempt: {} } }),
    cells: ['exempt', 'Exempt', '<none>', '<none>', '<none>', '<none>', '5m'],
  },
  // ---- resource.k8s.io
  {
    key: 'resource.k8s.io/deviceclasses',
    title: 'device class',
    now: NOW,
    obj: obj('resource.k8s.io/v1', 'DeviceClass', 'gpu.example.com', { spec: { selectors: [{ cel: { expression: "device.driver == 'gpu.example.com'" } }] } }),
    cells: ['gpu.example.com', '5m'],
  },
  {
    key: 'resource.k8s.io/resourceclaimtemplates',
    title: 'resource claim template',
    now: NOW,
    obj: obj('resource.k8s.io/v1', 'ResourceClaimTemplate', 'one-gpu', { spec: { spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.example.com' } }] } } } }, ns),
    cells: ['one-gpu', '5m'],
  },
  {
    key: 'resource.k8s.io/resourceclaims',
    title: 'pending claim',
    now: NOW,
    obj: obj('resource.k8s.io/v1', 'ResourceClaim', 'c1', { spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.example.com' } }] } } }, ns),
    cells: ['c1', 'pending', '5m'],
  },
  {
    key: 'resource.k8s.io/resourceclaims',
    title: 'allocated and reserved claim',
    now: NOW,
    obj: obj('resource.k8s.io/v1', 'ResourceClaim', 'c2', {
      spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.example.com' } }] } },
      status: {
        allocation: { devices: { results: [{ request: 'gpu', driver: 'gpu.example.com', pool: 'n1', device: 'gpu-0' }] } },
        reservedFor: [{ resource: 'pods', name: 'p', uid: 'u' }],
      },
    }, ns),
    cells: ['c2', 'allocated,reserved', '5m'],
  },
  {
    key: 'resource.k8s.io/resourceclaims',
    title: 'claim being deleted',
    now: NOW,
    obj: obj('resource.k8s.io/v1', 'ResourceClaim', 'c3', { spec: { devices: {} } }, { namespace: 'default', deletionTimestamp: ago(1), finalizers: ['resource.kubernetes.io/delete-protection'] }),
    cells: ['c3', 'deleted', '5m'],
  },
  {
    key: 'resource.k8s.io/resourceslices',
    title: 'node-local resource slice',
    now: NOW,
    obj: obj('resource.k8s.io/v1', 'ResourceSlice', 'n1-gpu-abc', {
      spec: { driver: 'gpu.example.com', nodeName: 'n1', pool: { name: 'n1', generation: 1, resourceSliceCount: 1 }, devices: [{ name: 'gpu-0' }] },
    }),
    cells: ['n1-gpu-abc', 'n1', 'gpu.example.com', 'n1', '5m'],
  },
  {
    key: 'resource.k8s.io/resourceslices',
    title: 'resource slice for all nodes',
    now: NOW,
    obj: obj('resource.k8s.io/v1', 'ResourceSlice', 'net-xyz', { spec: { driver: 'net.example.com', allNodes: true, pool: { name: 'fabric', generation: 2, resourceSliceCount: 1 } } }),
    cells: ['net-xyz', '', 'net.example.com', 'fabric', '5m'],
  },
  // ---- apiregistration (kube-aggregator's own table)
  {
    key: 'apiregistration.k8s.io/apiservices',
    title: 'local API service',
    now: NOW,
    noUpstream: true,
    obj: obj('apiregistration.k8s.io/v1', 'APIService', 'v1.apps', {
      spec: { group: 'apps', version: 'v1', groupPriorityMinimum: 17800, versionPriority: 15 },
      status: { conditions: [{ type: 'Available', status: 'True', reason: 'Local', message: 'Local APIServices are always available' }] },
    }),
    cells: ['v1.apps', 'Local', 'True', '5m'],
  },
  {
    key: 'apiregistration.k8s.io/apiservices',
    title: 'unavailable aggregated API service',
    now: NOW,
    noUpstream: true,
    obj: obj('apiregistration.k8s.io/v1', 'APIService', 'v1beta1.metrics.k8s.io', {
      spec: { service: { namespace: 'kube-system', name: 'metrics-server', port: 443 }, group: 'metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100 },
      status: { conditions: [{ type: 'Available', status: 'False', reason: 'MissingEndpoints' }] },
    }),
    cells: ['v1beta1.metrics.k8s.io', 'kube-system/metrics-server', 'False (MissingEndpoints)', '5m'],
  },
  {
    key: 'apiregistration.k8s.io/apiservices',
    title: 'API service without conditions',
    now: NOW,
    noUpstream: true,
    obj: obj('apiregistration.k8s.io/v1', 'APIService', 'v1.example.com', { spec: { service: { namespace: 'ex', name: 'api' }, group: 'example.com', version: 'v1' } }),
    cells: ['v1.example.com', 'ex/api', 'Unknown', '5m'],
  },
];

describe('tables: cluster resources', () => {
  for (const c of cases) {
    it(`${c.key}: ${c.title}`, () => {
      assert.deepEqual(tableConvertors[c.key]!.cells(c.obj, new Date(c.now)), c.cells);
    });
  }
});
