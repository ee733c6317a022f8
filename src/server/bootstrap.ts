// State the API server creates at first start and keeps in place on later
// starts: the system namespaces, the `kubernetes` Service with its Endpoints
// and EndpointSlice, the built-in PriorityClasses and the API Priority and
// Fairness configuration objects. Like upstream's post-start hooks, it runs
// inside the server; it writes through the same generic stores as any client.
import type { Registry } from '../registry/Registry.js';
import type { RequestContext } from '../registry/generic/strategy.js';
import { ApiError } from '../machinery/errors.js';
import type { KObject } from '../machinery/objects.js';
import type { Logger } from 'pino';
import { flowcontrolDefaults } from './flowcontrolDefaults.js';

export interface BootstrapOptions {
  /** the address clients (pods) reach the API server at */
  advertiseAddress: string;
  port: number;
  /** first IP of the service CIDR */
  serviceIP: string;
  /** the Service IP range, published as the default ServiceCIDR */
  serviceCidr: string;
}

const system: RequestContext = {
  user: { name: 'system:apiserver', groups: ['system:masters', 'system:authenticated'] },
  namespace: '',
  dryRun: false,
  subresource: '',
};

async function ensure(registry: Registry, group: string, resource: string, obj: KObject): Promise<void> {
  const store = registry.storeByKey(group, resource);
  if (!store) throw new Error(`bootstrap: no store for ${group}/${resource}`);
  const ns = obj.metadata?.namespace ?? '';
  try {
    await store.create({ ...system, namespace: ns }, obj);
  } catch (e) {
    if (e instanceof ApiError && e.code === 409) return;
    throw e;
  }
}

/** Create or update an object the server owns (kubernetes endpoints follow the server's address). */
async function reconcile(registry: Registry, group: string, resource: string, obj: KObject, same: (cur: KObject) => boolean): Promise<void> {
  const store = registry.storeByKey(group, resource);
  if (!store) throw new Error(`bootstrap: no store for ${group}/${resource}`);
  const ns = obj.metadata?.namespace ?? '';
  await store.guaranteedUpdate(
    { ...system, namespace: ns },
    ns,
    obj.metadata!.name!,
    (cur) => {
      if (!cur) return obj;
      if (same(cur)) return cur;
      return { ...obj, metadata: { ...cur.metadata, labels: { ...(cur.metadata?.labels ?? {}), ...(obj.metadata?.labels ?? {}) } } };
    },
    { allowCreate: true },
  );
}

export async function bootstrap(registry: Registry, o: BootstrapOptions, log: Logger): Promise<void> {
  // namespaces first (admission refuses objects in missing namespaces); then everything else
  // at once: independent writes share the storage's commits
  await Promise.all(['default', 'kube-system', 'kube-public', 'kube-node-lease'].map((name) => ensure(registry, '', 'namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } })));
  const subsets = [{ addresses: [{ ip: o.advertiseAddress }], ports: [{ name: 'https', port: o.port, protocol: 'TCP' }] }];
  const endpoints = [{ addresses: [o.advertiseAddress], conditions: { ready: true } }];
  const ports = [{ name: 'https', port: o.port, protocol: 'TCP' }];
  await Promise.all([
    // the Service IP comes from the ServiceCIDR
    (async () => {
      await ensure(registry, 'networking.k8s.io', 'servicecidrs', {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'ServiceCIDR',
        metadata: { name: 'kubernetes' },
        spec: { cidrs: [o.serviceCidr] },
      });
      await ensure(registry, '', 'services', {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
        spec: {
          type: 'ClusterIP',
          clusterIP: o.serviceIP,
          clusterIPs: [o.serviceIP],
          ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: o.port }],
          sessionAffinity: 'None',
          ipFamilies: ['IPv4'],
          ipFamilyPolicy: 'SingleStack',
          internalTrafficPolicy: 'Cluster',
        },
      });
    })(),
    reconcile(
      registry,
      '',
      'endpoints',
      {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
        subsets,
      },
      (cur) => JSON.stringify(cur.subsets) === JSON.stringify(subsets),
    ),
    reconcile(
      registry,
      'discovery.k8s.io',
      'endpointslices',
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes', 'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io' } },
        addressType: 'IPv4',
        endpoints,
        ports,
      },
      (cur) => JSON.stringify(cur.endpoints) === JSON.stringify(endpoints) && JSON.stringify(cur.ports) === JSON.stringify(ports),
    ),
    ...(
      [
        ['system-node-critical', 2000001000, 'Priority of node-critical system pods, which stay on their node.'],
        ['system-cluster-critical', 2000000000, 'Priority of cluster-critical system pods, which may move between nodes.'],
      ] as const
    ).map(([name, value, description]) =>
      ensure(registry, 'scheduling.k8s.io', 'priorityclasses', {
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name },
        value,
        globalDefault: false,
        description,
        preemptionPolicy: 'PreemptLowerPriority',
      }),
    ),
    ...flowcontrolDefaults().map((obj) => ensure(registry, 'flowcontrol.apiserver.k8s.io', obj.kind === 'FlowSchema' ? 'flowschemas' : 'prioritylevelconfigurations', obj)),
  ]);
  log.info('bootstrap objects in place');
}
