// Job columns: STATUS from the conditions, COMPLETIONS "succeeded/wanted",
// DURATION from start to completion (or to now) and the wide template info.
import type { TableConvertor } from '../../generic/strategy.js';
import { ageColumn, column, nameColumn } from '../../generic/table.js';
import { ageOf, containerCells, containersColumn, formatLabelSelector, humanDurationMs, imagesColumn, int, nameOf, parseTime, rec, recs, since } from '../../generic/tableHelpers.js';

const statusDef = 'io.k8s.api.batch.v1.JobStatus';

/** Whether the first condition of this type is True. */
function hasCondition(status: Record<string, unknown>, type: string): boolean {
  const c = recs(status.conditions).find((x) => x.type === type);
  return c !== undefined && c.status === 'True';
}

export function jobStatus(obj: { metadata?: unknown; status?: unknown }): string {
  const status = rec(obj.status);
  if (hasCondition(status, 'Complete')) return 'Complete';
  if (hasCondition(status, 'Failed')) return 'Failed';
  if (parseTime(rec(obj.metadata).deletionTimestamp) !== undefined) return 'Terminating';
  if (hasCondition(status, 'Suspended')) return 'Suspended';
  if (hasCondition(status, 'FailureTarget')) return 'FailureTarget';
  if (hasCondition(status, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

export function jobCompletions(spec: Record<string, unknown>, status: Record<string, unknown>): string {
  const succeeded = int(status.succeeded);
  if (typeof spec.completions === 'number') return `${succeeded}/${int(spec.completions)}`;
  const parallelism = int(spec.parallelism);
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

export function jobDuration(status: Record<string, unknown>, now: Date): string {
  const start = parseTime(status.startTime);
  if (start === undefined) return '';
  const end = parseTime(status.completionTime);
  if (end === undefined) return since(status.startTime, now);
  return humanDurationMs(end - start);
}

export const jobTable: TableConvertor = {
  columns: [
    nameColumn,
    // upstream's STATUS / DURATION texts are its own; the nearest status fields stand in
    column('Status', 'string', statusDef, 'conditions'),
    column('Completions', 'string', statusDef, 'succeeded'),
    column('Duration', 'string', statusDef, 'completionTime'),
    ageColumn,
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', 'io.k8s.api.batch.v1.JobSpec', 'selector', { priority: 1 }),
  ],
  cells(obj, now) {
    const spec = rec(obj.spec);
    const status = rec(obj.status);
    const [names, images] = containerCells(rec(spec.template).spec);
    return [nameOf(obj), jobStatus(obj), jobCompletions(spec, status), jobDuration(status, now), ageOf(obj, now), names, images, formatLabelSelector(spec.selector)];
  },
};

export default jobTable;
