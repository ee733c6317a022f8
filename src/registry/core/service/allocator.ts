// Service ClusterIP and NodePort allocation, as hooks around the Service
// store. ClusterIPs are reserved by creating a networking.k8s.io/v1
// IPAddress named after the IP (as upstream's IPAddress-based allocator
// does): the storage's create-if-absent makes the reservation atomic.
// NodePorts are picked among the ports no Service in the cache uses.
import type { Registry } from '../../Registry.js';
import type { RequestContext, ResourceHooks } from '../../generic/strategy.js';
import { ApiError, invalid, type FieldError } from '../../../machinery/errors.js';
import type { KObject } from '../../../machinery/objects.js';
import { cidrContains, cidrSize, nthIp, type Cidr } from '../../../machinery/net.js';

export interface ServiceAllocatorOptions {
  serviceCidr: Cidr;
  nodePortRange: [number, number];
}

type Port = { nodePort?: number; protocol?: string; name?: string; port?: number };
type Spec = { type?: string; clusterIP?: string; clusterIPs?: string[]; ports?: Port[] };

const system: RequestContext = {
  user: { name: 'system:apiserver', groups: ['system:masters'] },
  namespace: '',
  dryRun: false,
  subresource: '',
};

function specOf(o: KObject): Spec {
  return (o.spec ?? {}) as Spec;
}

function needsClusterIP(spec: Spec): boolean {
  return spec.type !== 'ExternalName' && spec.clusterIP !== 'None';
}

function needsNodePorts(spec: Spec): boolean {
  return spec.type === 'NodePort' || spec.type === 'LoadBalancer';
}

export function serviceAllocatorHooks(registry: Registry, opts: ServiceAllocatorOptions): ResourceHooks {
  const ipStore = () => registry.storeByKey('networking.k8s.io', 'ipaddresses');
  const svcStore = () => registry.storeByKey('', 'services');

  function serviceInvalid(svc: KObject, errs: FieldError[]): ApiError {
    return invalid('Service', '', svc.metadata?.name ?? '', errs);
  }

  async function reserve(ip: string, svc: KObject, ctx: RequestContext): Promise<boolean> {
    const store = ipStore();
    if (!store) return true;
    try {
      await store.create(
        { ...system, dryRun: ctx.dryRun },
        {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'IPAddress',
          metadata: { name: ip, labels: { 'ipaddress.kubernetes.io/managed-by': 'ipallocator.k8s.io', 'ipaddress.kubernetes.io/ip-family': 'IPv4' } },
          spec: { parentRef: { group: '', resource: 'services', namespace: svc.metadata?.namespace ?? '', name: svc.metadata?.name ?? '' } },
        },
      );
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 409) return false;
      throw e;
    }
  }

  async function release(ip: string): Promise<void> {
    const store = ipStore();
    if (!store || !ip || ip === 'None') return;
    await store.delete(system, '', ip, {}).catch(() => undefined);
  }

  async function allocateIP(svc: KObject, ctx: RequestContext): Promise<void> {
    const spec = specOf(svc);
    if (spec.clusterIP) {
      if (!cidrContains(opts.serviceCidr, spec.clusterIP))
        throw serviceInvalid(svc, [
          {
            type: 'FieldValueInvalid',
            field: 'spec.clusterIPs',
            value: spec.clusterIPs ?? [spec.clusterIP],
            detail: `failed to allocate IP ${spec.clusterIP}: the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${nthIp(opts.serviceCidr, 0n)}/${opts.serviceCidr.prefix}`,
          },
        ]);
      if (!(await reserve(spec.clusterIP, svc, ctx)))
        throw serviceInvalid(svc, [
          {
            type: 'FieldValueInvalid',
            field: 'spec.clusterIPs',
            value: spec.clusterIPs ?? [spec.clusterIP],
            detail: `failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`,
          },
        ]);
      spec.clusterIPs = [spec.clusterIP];
      return;
    }
    const size = cidrSize(opts.serviceCidr);
    // the network address and (for IPv4) the broadcast address are never handed out
    const first = 1n;
    const last = size - 2n;
    const span = last - first + 1n;
    for (let attempt = 0; attempt < 64; attempt++) {
      const offset = first + BigInt(Math.floor(Math.random() * Number(span)));
      const ip = nthIp(opts.serviceCidr, offset);
      if (await reserve(ip, svc, ctx)) {
        spec.clusterIP = ip;
        spec.clusterIPs = [ip];
        return;
      }
    }
    throw new ApiError(500, 'InternalError', 'Internal error occurred: failed to allocate a serviceIP: range is full');
  }

  function usedNodePorts(except: KObject | undefined): Set<string> {
    const used = new Set<string>();
    const store = svcStore();
    if (!store) return used;
    const exceptUid = except?.metadata?.uid;
    for (const s of store.cachedList()) {
      if (exceptUid && s.metadata?.uid === exceptUid) continue;
      for (const p of specOf(s).ports ?? []) if (p.nodePort) used.add(`${p.protocol ?? 'TCP'}/${p.nodePort}`);
    }
    return used;
  }

  function allocateNodePorts(svc: KObject, old: KObject | undefined): void {
    const spec = specOf(svc);
    if (!needsNodePorts(spec)) return;
    const used = usedNodePorts(old ?? svc);
    const [lo, hi] = opts.nodePortRange;
    const errs: FieldError[] = [];
    const mine = new Set<string>();
    (spec.ports ?? []).forEach((p, i) => {
      const proto = p.protocol ?? 'TCP';
      if (p.nodePort) {
        const k = `${proto}/${p.nodePort}`;
        if (p.nodePort < lo || p.nodePort > hi)
          errs.push({ type: 'FieldValueInvalid', field: `spec.ports[${i}].nodePort`, value: p.nodePort, detail: `provided port is not in the valid range. The range of valid ports is ${lo}-${hi}` });
        else if (used.has(k)) errs.push({ type: 'FieldValueInvalid', field: `spec.ports[${i}].nodePort`, value: p.nodePort, detail: 'provided port is already allocated' });
        mine.add(k);
      }
    });
    if (errs.length) throw serviceInvalid(svc, errs);
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      const proto = p.protocol ?? 'TCP';
      // the same node port serves a port number for several protocols when they share it
      const sibling = (spec.ports ?? []).find((q) => q !== p && q.nodePort && q.port === p.port);
      if (sibling?.nodePort && !mine.has(`${proto}/${sibling.nodePort}`) && !used.has(`${proto}/${sibling.nodePort}`)) {
        p.nodePort = sibling.nodePort;
        mine.add(`${proto}/${p.nodePort}`);
        continue;
      }
      for (let attempt = 0; attempt < 4096; attempt++) {
        const n = lo + Math.floor(Math.random() * (hi - lo + 1));
        const k = `${proto}/${n}`;
        if (used.has(k) || mine.has(k)) continue;
        p.nodePort = n;
        mine.add(k);
        break;
      }
      if (!p.nodePort) throw new ApiError(500, 'InternalError', 'Internal error occurred: failed to allocate a nodePort: range is full');
    }
  }

  return {
    async beforeCreate(svc, ctx) {
      const spec = specOf(svc);
      if (needsClusterIP(spec)) await allocateIP(svc, ctx);
      allocateNodePorts(svc, undefined);
    },
    async rollbackCreate(svc, ctx) {
      if (ctx.dryRun) return;
      const spec = specOf(svc);
      if (needsClusterIP(spec)) for (const ip of spec.clusterIPs ?? [spec.clusterIP ?? '']) await release(ip);
    },
    async beforeUpdate(svc, old, ctx) {
      const spec = specOf(svc);
      const ospec = specOf(old);
      // ExternalName → a type with a cluster IP allocates one; the reverse releases it
      if (needsClusterIP(spec) && !(ospec.clusterIPs ?? []).length && !ospec.clusterIP) await allocateIP(svc, ctx);
      if (!needsClusterIP(spec) && ospec.clusterIP && ospec.clusterIP !== 'None' && !ctx.dryRun) {
        for (const ip of ospec.clusterIPs ?? [ospec.clusterIP]) await release(ip);
      }
      if (!needsNodePorts(spec)) for (const p of spec.ports ?? []) if (spec.type === 'ClusterIP') delete p.nodePort;
      allocateNodePorts(svc, old);
    },
    async afterDelete(svc, ctx) {
      if (ctx.dryRun) return;
      const spec = specOf(svc);
      for (const ip of spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])) await release(ip);
    },
  };
}
