// ResourceClaimTemplate columns: name and age only (not the default "Created At").
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, nameColumn } from '../../generic/table.js';
import { ageOf, nameOf } from '../../generic/tableHelpers.js';

export const resourceClaimTemplateTable: TableConvertor = {
  columns: [nameColumn, ageColumn],
  cells(obj, now) {
    return [nameOf(obj), ageOf(obj, now)];
  },
};

export default resourceClaimTemplateTable;
