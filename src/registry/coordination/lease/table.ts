// Lease columns: HOLDER.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, nameOf, rec, str } from '../../generic/tableHelpers.js';

export const leaseTable: TableConvertor = {
  columns: [nameColumn, column('Holder', 'string', 'io.k8s.api.coordination.v1.LeaseSpec', 'holderIdentity'), ageColumn],
  cells(obj, now) {
    return [nameOf(obj), str(rec(obj.spec).holderIdentity), ageOf(obj, now)];
  },
};

export default leaseTable;
