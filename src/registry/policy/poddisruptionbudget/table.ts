// PodDisruptionBudget columns: MIN AVAILABLE, MAX UNAVAILABLE ("N/A" when
// unset) and ALLOWED DISRUPTIONS.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, int, intOrString, nameOf, rec } from '../../generic/tableHelpers.js';

const specDef = 'io.k8s.api.policy.v1.PodDisruptionBudgetSpec';

export const podDisruptionBudgetTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Min Available', 'string', specDef, 'minAvailable'),
    column('Max Unavailable', 'string', specDef, 'maxUnavailable'),
    column('Allowed Disruptions', 'integer', 'io.k8s.api.policy.v1.PodDisruptionBudgetStatus', 'disruptionsAllowed'),
    ageColumn,
  ],
  cells(obj, now) {
    const spec = rec(obj.spec);
    const show = (v: unknown) => (v === undefined || v === null ? 'N/A' : intOrString(v));
    return [nameOf(obj), show(spec.minAvailable), show(spec.maxUnavailable), int(rec(obj.status).disruptionsAllowed), ageOf(obj, now)];
  },
};

export default podDisruptionBudgetTable;
