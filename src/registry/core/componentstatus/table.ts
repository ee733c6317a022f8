// ComponentStatus columns: STATUS / MESSAGE / ERROR of the Healthy condition.
import type { TableConvertor } from '../../generic/strategy.js';
import { column, nameColumn } from '../../generic/table.js';
import { nameOf, recs, str } from '../../generic/tableHelpers.js';

const conditionDef = 'io.k8s.api.core.v1.ComponentCondition';

export const componentStatusTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Status', 'string', conditionDef, 'status'),
    column('Message', 'string', conditionDef, 'message'),
    column('Error', 'string', conditionDef, 'error'),
  ],
  cells(obj) {
    let status = 'Unknown';
    let message = '';
    let error = '';
    const healthy = recs(obj.conditions).find((c) => c.type === 'Healthy');
    if (healthy) {
      status = healthy.status === 'True' ? 'Healthy' : 'Unhealthy';
      message = str(healthy.message);
      error = str(healthy.error);
    }
    return [nameOf(obj), status, message, error];
  },
};

export default componentStatusTable;
