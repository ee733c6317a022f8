// The API Priority and Fairness objects kube-apiserver v1.35 creates at
// start: the mandatory exempt/catch-all pair and the suggested levels and
// schemas (names, precedences, shares and queuing as upstream configures
// them in k8s.io/apiserver/pkg/apis/flowcontrol/bootstrap/default.go).
import type { KObject } from '../machinery/objects.js';

type Subject =
  | { kind: 'Group'; group: { name: string } }
  | { kind: 'User'; user: { name: string } }
  | { kind: 'ServiceAccount'; serviceAccount: { namespace: string; name: string } };

const group = (name: string): Subject => ({ kind: 'Group', group: { name } });
const user = (name: string): Subject => ({ kind: 'User', user: { name } });
const kubeSystemSAs: Subject = { kind: 'ServiceAccount', serviceAccount: { namespace: 'kube-system', name: '*' } };

const everything = {
  resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], clusterScope: true, namespaces: ['*'] }],
  nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
};

function plc(name: string, spec: Record<string, unknown>): KObject {
  return {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'PriorityLevelConfiguration',
    metadata: { name, annotations: { 'apf.kubernetes.io/autoupdate-spec': 'true' } },
    spec,
  };
}

function queued(shares: number, lendable: number, queues: number, handSize: number): Record<string, unknown> {
  return {
    type: 'Limited',
    limited: {
      nominalConcurrencyShares: shares,
      lendablePercent: lendable,
      limitResponse: { type: 'Queue', queuing: { queues, handSize, queueLengthLimit: 50 } },
    },
  };
}

function fs(name: string, level: string, precedence: number, distinguisher: 'ByUser' | 'ByNamespace' | '', subjects: Subject[], rules: Record<string, unknown>): KObject {
  const spec: Record<string, unknown> = {
    priorityLevelConfiguration: { name: level },
    matchingPrecedence: precedence,
    rules: [{ subjects, ...rules }],
  };
  if (distinguisher) spec.distinguisherMethod = { type: distinguisher };
  return {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'FlowSchema',
    metadata: { name, annotations: { 'apf.kubernetes.io/autoupdate-spec': 'true' } },
    spec,
  };
}

export function flowcontrolDefaults(): KObject[] {
  const allUsers = [group('system:unauthenticated'), group('system:authenticated')];
  return [
    plc('exempt', { type: 'Exempt', exempt: { nominalConcurrencyShares: 0, lendablePercent: 0 } }),
    plc(
      'catch-all',
      { type: 'Limited', limited: { nominalConcurrencyShares: 5, lendablePercent: 0, limitResponse: { type: 'Reject' } } },
    ),
    plc('system', queued(30, 33, 64, 6)),
    plc('node-high', queued(40, 25, 64, 6)),
    plc('leader-election', queued(10, 0, 16, 4)),
    plc('workload-high', queued(40, 50, 128, 6)),
    plc('workload-low', queued(100, 90, 128, 6)),
    plc('global-default', queued(20, 50, 128, 6)),
    fs('exempt', 'exempt', 1, '', [group('system:masters')], everything),
    fs('probes', 'exempt', 2, '', allUsers, { nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/readyz', '/livez'] }] }),
    fs('system-leader-election', 'leader-election', 100, 'ByUser', [user('system:kube-controller-manager'), user('system:kube-scheduler'), kubeSystemSAs], {
      resourceRules: [{ verbs: ['get', 'create', 'update'], apiGroups: ['coordination.k8s.io'], resources: ['leases'], namespaces: ['*'] }],
    }),
    fs('system-node-high', 'node-high', 400, 'ByUser', [group('system:nodes')], {
      resourceRules: [
        { verbs: ['*'], apiGroups: [''], resources: ['nodes', 'nodes/status'], clusterScope: true, namespaces: ['*'] },
        { verbs: ['*'], apiGroups: ['coordination.k8s.io'], resources: ['leases'], namespaces: ['*'] },
      ],
    }),
    fs('system-nodes', 'system', 500, 'ByUser', [group('system:nodes')], everything),
    fs('kube-controller-manager', 'workload-high', 800, 'ByNamespace', [user('system:kube-controller-manager')], everything),
    fs('kube-scheduler', 'workload-high', 800, 'ByNamespace', [user('system:kube-scheduler')], everything),
    fs('kube-system-service-accounts', 'workload-high', 900, 'ByNamespace', [kubeSystemSAs], everything),
    fs('service-accounts', 'workload-low', 9000, 'ByUser', [group('system:serviceaccounts')], everything),
    fs('global-default', 'global-default', 9900, 'ByUser', allUsers, everything),
    fs('catch-all', 'catch-all', 10000, 'ByUser', allUsers, everything),
  ];
}
