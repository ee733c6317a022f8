// ResourceQuota columns: REQUEST and LIMIT as "name: used/hard" lists.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, byteCompare, formatQuantity, nameOf, rec } from '../../generic/tableHelpers.js';

const statusDef = 'io.k8s.api.core.v1.ResourceQuotaStatus';

export const resourceQuotaTable: TableConvertor = {
  columns: [
    nameColumn,
    // upstream describes these two in its own words; the hard/used fields are the nearest
    column('Request', 'string', statusDef, 'hard'),
    column('Limit', 'string', statusDef, 'used'),
    ageColumn,
  ],
  cells(obj, now) {
    const status = rec(obj.status);
    const hard = rec(status.hard);
    const used = rec(status.used);
    const requests: string[] = [];
    const limits: string[] = [];
    for (const name of Object.keys(hard).sort(byteCompare)) {
      const pieces = name.split('.');
      const target = pieces.length > 1 && pieces[0] === 'limits' ? limits : requests;
      target.push(`${name}: ${formatQuantity(used[name])}/${formatQuantity(hard[name])}`);
    }
    return [nameOf(obj), requests.join(', '), limits.join(', '), ageOf(obj, now)];
  },
};

export default resourceQuotaTable;
