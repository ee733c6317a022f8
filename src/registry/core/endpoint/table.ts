// Endpoints columns: the first three "ip:port" pairs.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, int, nameOf, recs, str } from '../../generic/tableHelpers.js';

const MAX_SHOWN = 3;

function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** Up to three endpoints, then " + N more...", or '<none>' without subsets. */
export function formatEndpoints(subsets: unknown): string {
  const ss = recs(subsets);
  if (ss.length === 0) return '<none>';
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const subset of ss) {
    const addresses = recs(subset.addresses);
    const ports = recs(subset.ports);
    if (ports.length === 0) {
      // headless services may have no ports
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === MAX_SHOWN) {
          more = true;
          break;
        }
        list.push(str(a.ip));
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === MAX_SHOWN) {
          more = true;
          break;
        }
        list.push(joinHostPort(str(a.ip), int(port.port)));
      }
    }
  }
  const joined = list.join(',');
  return more ? `${joined} + ${count - MAX_SHOWN} more...` : joined;
}

export const endpointsTable: TableConvertor = {
  columns: [nameColumn, column('Endpoints', 'string', 'io.k8s.api.core.v1.Endpoints', 'subsets'), ageColumn],
  cells(obj, now) {
    return [nameOf(obj), formatEndpoints(obj.subsets), ageOf(obj, now)];
  },
};

export default endpointsTable;
