// ResourceSlice columns: NODE, DRIVER and POOL.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, nameOf, rec, str } from '../../generic/tableHelpers.js';

const specDef = 'io.k8s.api.resource.v1.ResourceSliceSpec';

export const resourceSliceTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Node', 'string', specDef, 'nodeName'),
    column('Driver', 'string', specDef, 'driver'),
    column('Pool', 'string', 'io.k8s.api.resource.v1.ResourcePool', 'name'),
    ageColumn,
  ],
  cells(obj, now) {
    const spec = rec(obj.spec);
    return [nameOf(obj), str(spec.nodeName), str(spec.driver), str(rec(spec.pool).name), ageOf(obj, now)];
  },
};

export default resourceSliceTable;
