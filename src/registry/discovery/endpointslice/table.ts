// EndpointSlice columns: ADDRESSTYPE, PORTS and ENDPOINTS (first three each).
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, arr, int, listWithMore, nameOf, recs, str } from '../../generic/tableHelpers.js';

const def = 'io.k8s.api.discovery.v1.EndpointSlice';

export function formatSlicePorts(ports: unknown): string {
  // a port without a number shows its name; defaulting gives every port a
  // name (possibly empty), so upstream's "*" for a nameless port never shows
  const list = recs(ports).map((p) => (typeof p.port === 'number' ? String(int(p.port)) : str(p.name)));
  return listWithMore(list, 3);
}

export function formatSliceEndpoints(endpoints: unknown): string {
  const list: string[] = [];
  for (const e of recs(endpoints)) for (const a of arr(e.addresses)) list.push(str(a));
  return listWithMore(list, 3);
}

export const endpointSliceTable: TableConvertor = {
  columns: [nameColumn, column('AddressType', 'string', def, 'addressType'), column('Ports', 'string', def, 'ports'), column('Endpoints', 'string', def, 'endpoints'), ageColumn],
  cells(obj, now) {
    return [nameOf(obj), str(obj.addressType), formatSlicePorts(obj.ports), formatSliceEndpoints(obj.endpoints), ageOf(obj, now)];
  },
};

export default endpointSliceTable;
