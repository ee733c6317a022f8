// Namespace columns: STATUS (the phase; Active when unset, as defaulting fills it in).
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, nameOf, rec, str } from '../../generic/tableHelpers.js';

export const namespaceTable: TableConvertor = {
  columns: [nameColumn, column('Status', 'string', 'io.k8s.api.core.v1.NamespaceStatus', 'phase'), ageColumn],
  cells(obj, now) {
    return [nameOf(obj), str(rec(obj.status).phase) || 'Active', ageOf(obj, now)];
  },
};

export default namespaceTable;
