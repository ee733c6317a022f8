// Ingress columns: CLASS, HOSTS (first three), ADDRESS and PORTS.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, arr, nameOf, rec, recs, str } from '../../generic/tableHelpers.js';
import { loadBalancerAddresses } from '../../core/service/table.js';

const MAX_SHOWN = 3;

/** The rule hosts: up to three, "*" when none names a host. */
export function formatHosts(rules: unknown): string {
  const rs = recs(rules);
  const list: string[] = [];
  let more = false;
  for (const r of rs) {
    if (list.length === MAX_SHOWN) more = true;
    const host = str(r.host);
    if (!more && host !== '') list.push(host);
  }
  if (list.length === 0) return '*';
  const joined = list.join(',');
  return more ? `${joined} + ${rs.length - MAX_SHOWN} more...` : joined;
}

export const ingressTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Class', 'string', 'io.k8s.api.networking.v1.IngressSpec', 'ingressClassName'),
    column('Hosts', 'string', 'io.k8s.api.networking.v1.IngressRule', 'host'),
    column('Address', 'string', 'io.k8s.api.networking.v1.IngressLoadBalancerStatus', 'ingress'),
    column('Ports', 'string', 'io.k8s.api.networking.v1.IngressSpec', 'tls'),
    ageColumn,
  ],
  cells(obj, now) {
    const spec = rec(obj.spec);
    const className = typeof spec.ingressClassName === 'string' ? spec.ingressClassName : '<none>';
    const ports = arr(spec.tls).length > 0 ? '80, 443' : '80';
    return [nameOf(obj), className, formatHosts(spec.rules), loadBalancerAddresses(rec(obj.status).loadBalancer), ports, ageOf(obj, now)];
  },
};

export default ingressTable;
