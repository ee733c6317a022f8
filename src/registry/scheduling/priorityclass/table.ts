// PriorityClass columns: VALUE, GLOBAL-DEFAULT and PREEMPTIONPOLICY.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, int, nameOf } from '../../generic/tableHelpers.js';

const def = 'io.k8s.api.scheduling.v1.PriorityClass';

export const priorityClassTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Value', 'integer', def, 'value'),
    column('Global-Default', 'boolean', def, 'globalDefault'),
    ageColumn,
    // upstream gives this one no priority although it only prints it in wide output
    column('PreemptionPolicy', 'string', def, 'preemptionPolicy'),
  ],
  cells(obj, now) {
    // PreemptLowerPriority is what defaulting fills in
    const policy = typeof obj.preemptionPolicy === 'string' ? obj.preemptionPolicy : 'PreemptLowerPriority';
    return [nameOf(obj), int(obj.value), obj.globalDefault === true, ageOf(obj, now), policy];
  },
};

export default priorityClassTable;
