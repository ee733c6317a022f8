// Secret columns: TYPE and the number of DATA keys.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, nameOf, rec, str } from '../../generic/tableHelpers.js';

const secretDef = 'io.k8s.api.core.v1.Secret';

export const secretTable: TableConvertor = {
  columns: [nameColumn, column('Type', 'string', secretDef, 'type'), column('Data', 'string', secretDef, 'data'), ageColumn],
  cells(obj, now) {
    // stringData is folded into data on write, so only data counts
    return [nameOf(obj), str(obj.type) || 'Opaque', Object.keys(rec(obj.data)).length, ageOf(obj, now)];
  },
};

export default secretTable;
