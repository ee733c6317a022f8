// ServiceCIDR columns: CIDRS.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, arr, nameOf, rec, str } from '../../generic/tableHelpers.js';

export const serviceCIDRTable: TableConvertor = {
  columns: [nameColumn, column('CIDRs', 'string', 'io.k8s.api.networking.v1.ServiceCIDRSpec', 'cidrs'), ageColumn],
  cells(obj, now) {
    return [nameOf(obj), arr(rec(obj.spec).cidrs).map(str).join(','), ageOf(obj, now)];
  },
};

export default serviceCIDRTable;
