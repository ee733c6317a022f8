// ConfigMap columns: the number of DATA keys (data and binaryData together).
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, nameOf, rec } from '../../generic/tableHelpers.js';

export const configMapTable: TableConvertor = {
  columns: [nameColumn, column('Data', 'string', 'io.k8s.api.core.v1.ConfigMap', 'data'), ageColumn],
  cells(obj, now) {
    return [nameOf(obj), Object.keys(rec(obj.data)).length + Object.keys(rec(obj.binaryData)).length, ageOf(obj, now)];
  },
};

export default configMapTable;
