// NetworkPolicy columns: POD-SELECTOR.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, formatLabelSelector, nameOf, rec } from '../../generic/tableHelpers.js';

export const networkPolicyTable: TableConvertor = {
  columns: [nameColumn, column('Pod-Selector', 'string', 'io.k8s.api.networking.v1.NetworkPolicySpec', 'podSelector'), ageColumn],
  cells(obj, now) {
    // podSelector is a value, not a pointer: an absent one is the empty selector
    return [nameOf(obj), formatLabelSelector(rec(rec(obj.spec).podSelector)), ageOf(obj, now)];
  },
};

export default networkPolicyTable;
