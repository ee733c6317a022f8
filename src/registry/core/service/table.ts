// Service columns: TYPE, CLUSTER-IP, EXTERNAL-IP and PORT(S) "80/TCP,443:30443/TCP".
import type { KObject } from '../../../machinery/objects.js';
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, arr, byteCompare, formatLabels, int, nameOf, rec, recs, str, type Obj } from '../../generic/tableHelpers.js';

const specDef = 'io.k8s.api.core.v1.ServiceSpec';

/** The distinct IPs (or host names) of a load balancer status, sorted and joined with ','. */
export function loadBalancerAddresses(lbStatus: unknown): string {
  const set = new Set<string>();
  for (const ing of recs(rec(lbStatus).ingress)) {
    const ip = str(ing.ip);
    const host = str(ing.hostname);
    if (ip !== '') set.add(ip);
    else if (host !== '') set.add(host);
  }
  // the API server renders tables in wide mode, so the list is never clipped
  return [...set].sort(byteCompare).join(',');
}

/** spec.type, ClusterIP when omitted (as defaulting fills it in) */
function serviceType(spec: Obj): string {
  return str(spec.type) || 'ClusterIP';
}

function externalIP(spec: Obj, status: Obj): string {
  const externalIPs = arr(spec.externalIPs).map(str);
  switch (serviceType(spec)) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(status.loadBalancer);
      if (externalIPs.length > 0) {
        const all = lb.length > 0 ? lb.split(',') : [];
        return [...all, ...externalIPs].join(',');
      }
      return lb.length > 0 ? lb : '<pending>';
    }
    case 'ExternalName':
      return str(spec.externalName);
    default:
      return '<unknown>';
  }
}

export function servicePorts(ports: unknown): string {
  return recs(ports)
    .map((p) => {
      const nodePort = int(p.nodePort);
      // TCP is what defaulting fills in when the protocol is omitted
      const protocol = str(p.protocol) || 'TCP';
      return nodePort > 0 ? `${int(p.port)}:${nodePort}/${protocol}` : `${int(p.port)}/${protocol}`;
    })
    .join(',');
}

function clusterIP(spec: Obj): string {
  const ips = arr(spec.clusterIPs).map(str);
  if (ips.length > 0) return ips[0]!;
  // objects written without clusterIPs: the API server would have mirrored clusterIP into it
  return str(spec.clusterIP) || '<none>';
}

export const serviceTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Type', 'string', specDef, 'type'),
    column('Cluster-IP', 'string', specDef, 'clusterIP'),
    column('External-IP', 'string', specDef, 'externalIPs'),
    column('Port(s)', 'string', specDef, 'ports'),
    ageColumn,
    column('Selector', 'string', specDef, 'selector', { priority: 1 }),
  ],
  cells(obj: KObject, now) {
    const spec = rec(obj.spec);
    const status = rec(obj.status);
    return [nameOf(obj), serviceType(spec), clusterIP(spec), externalIP(spec, status), servicePorts(spec.ports) || '<none>', ageOf(obj, now), formatLabels(spec.selector)];
  },
};

export default serviceTable;
