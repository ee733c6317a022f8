// CSINode columns: the number of registered DRIVERS.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, arr, nameOf, rec } from '../../generic/tableHelpers.js';

export const csiNodeTable: TableConvertor = {
  columns: [nameColumn, column('Drivers', 'integer', 'io.k8s.api.storage.v1.CSINodeSpec', 'drivers'), ageColumn],
  cells(obj, now) {
    return [nameOf(obj), arr(rec(obj.spec).drivers).length, ageOf(obj, now)];
  },
};

export default csiNodeTable;
