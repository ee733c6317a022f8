// RuntimeClass columns: HANDLER.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, nameOf, str } from '../../generic/tableHelpers.js';

export const runtimeClassTable: TableConvertor = {
  columns: [
    nameColumn,
    // upstream looks this description up on ObjectMeta, which has no such field, so it is empty
    column('Handler', 'string', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'handler'),
    ageColumn,
  ],
  cells(obj, now) {
    return [nameOf(obj), str(obj.handler), ageOf(obj, now)];
  },
};

export default runtimeClassTable;
