// CronJob columns: schedule, time zone, suspend, active jobs, last schedule
// and the wide job-template info.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, arr, boolPtr, containerCells, containersColumn, formatLabelSelector, imagesColumn, nameOf, parseTime, rec, since, str } from '../../generic/tableHelpers.js';

const specDef = 'io.k8s.api.batch.v1.CronJobSpec';
const statusDef = 'io.k8s.api.batch.v1.CronJobStatus';

export const cronJobTable: TableConvertor = {
  columns: [
    nameColumn,
    column('Schedule', 'string', specDef, 'schedule'),
    column('Timezone', 'string', specDef, 'timeZone'),
    column('Suspend', 'boolean', specDef, 'suspend'),
    column('Active', 'integer', statusDef, 'active'),
    column('Last Schedule', 'string', statusDef, 'lastScheduleTime'),
    ageColumn,
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', 'io.k8s.api.batch.v1.JobSpec', 'selector', { priority: 1 }),
  ],
  cells(obj, now) {
    const spec = rec(obj.spec);
    const status = rec(obj.status);
    const jobSpec = rec(rec(spec.jobTemplate).spec);
    const [names, images] = containerCells(rec(jobSpec.template).spec);
    const last = parseTime(status.lastScheduleTime) !== undefined ? since(status.lastScheduleTime, now) : '<none>';
    const timeZone = typeof spec.timeZone === 'string' ? spec.timeZone : '<none>';
    // suspend reads as false when omitted, as batch/v1 defaulting fills it in
    return [nameOf(obj), str(spec.schedule), timeZone, boolPtr(spec.suspend ?? false), arr(status.active).length, last, ageOf(obj, now), names, images, formatLabelSelector(jobSpec.selector)];
  },
};

export default cronJobTable;
