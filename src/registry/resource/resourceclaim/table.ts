// ResourceClaim columns: STATE, e.g. "pending", "allocated,reserved", "deleted,allocated".
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, arr, nameOf, opt, parseTime, rec } from '../../generic/tableHelpers.js';

export function resourceClaimState(obj: { metadata?: unknown; status?: unknown }): string {
  const states: string[] = [];
  const deleting = parseTime(rec(obj.metadata).deletionTimestamp) !== undefined;
  const status = rec(obj.status);
  if (deleting) states.push('deleted');
  if (!opt(status.allocation)) {
    if (!deleting) states.push('pending');
  } else {
    states.push('allocated');
    if (arr(status.reservedFor).length > 0) states.push('reserved');
  }
  return states.join(',');
}

export const resourceClaimTable: TableConvertor = {
  columns: [
    nameColumn,
    // upstream words this one itself; the claim's status field is the nearest
    column('State', 'string', 'io.k8s.api.resource.v1.ResourceClaim', 'status'),
    ageColumn,
  ],
  cells(obj, now) {
    return [nameOf(obj), resourceClaimState(obj), ageOf(obj, now)];
  },
};

export default resourceClaimTable;
