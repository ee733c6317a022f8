// CronJobs, after pkg/apis/batch/v1/defaults.go,
// pkg/registry/batch/cronjob/strategy.go and ValidateCronJob*.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy, metaOf, specOf } from '../../shared/define.js';
import { defaultJobTemplateSpec, validateJobSpecCommon } from '../job/strategy.js';
import { cronScheduleError, isValidTimeZone } from '../../shared/cron.js';
import { type Errs, type O, invalid, isDNS1123Label, isObj, notSupported, required, sortedDeep, str, validateAnnotationMap, validateLabelMap, validateNonnegative } from '../../shared/field.js';

export function defaultCronJob(obj: KObject): void {
  const spec: O = isObj(obj.spec) ? obj.spec : (obj.spec = {});
  if (!spec.concurrencyPolicy) spec.concurrencyPolicy = 'Allow';
  if (spec.suspend === undefined || spec.suspend === null) spec.suspend = false;
  if (spec.successfulJobsHistoryLimit === undefined || spec.successfulJobsHistoryLimit === null) spec.successfulJobsHistoryLimit = 3;
  if (spec.failedJobsHistoryLimit === undefined || spec.failedJobsHistoryLimit === null) spec.failedJobsHistoryLimit = 1;
  if (!isObj(spec.jobTemplate)) spec.jobTemplate = {};
  if (!isObj(spec.jobTemplate.spec)) spec.jobTemplate.spec = {};
  defaultJobTemplateSpec(spec.jobTemplate.spec);
}

function validateTimeZone(tz: unknown, path: string): Errs {
  if (tz === undefined || tz === null) return [];
  const v = str(tz);
  if (!v.length) return [invalid(path, v, 'timeZone must be nil or non-empty string')];
  for (const part of v.split('/'))
    if (part === '.' || part === '..' || part.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part)) return [invalid(path, v, `unknown time zone ${v}`)];
  const errs: Errs = [];
  if (v.toLowerCase() === 'local') errs.push(invalid(path, v, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  if (!isValidTimeZone(v)) errs.push(invalid(path, v, `unknown time zone ${v}`));
  return errs;
}

function validateCronJobSpec(spec: O, old: O | undefined): Errs {
  const errs: Errs = [];
  const schedule = str(spec.schedule);
  if (!schedule) errs.push(required('spec.schedule'));
  else {
    const e = cronScheduleError(schedule);
    if (e) errs.push(invalid('spec.schedule', schedule, e));
    const allowTZ = old ? str(old.schedule).includes('TZ') : false;
    if (allowTZ && schedule.includes('TZ') && spec.timeZone !== undefined && spec.timeZone !== null)
      errs.push(invalid('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
    else if (!allowTZ && schedule.includes('TZ')) errs.push(invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  if (spec.startingDeadlineSeconds !== undefined && spec.startingDeadlineSeconds !== null) errs.push(...validateNonnegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  if (!old || (old.timeZone ?? null) !== (spec.timeZone ?? null)) errs.push(...validateTimeZone(spec.timeZone, 'spec.timeZone'));
  switch (spec.concurrencyPolicy) {
    case 'Allow':
    case 'Forbid':
    case 'Replace':
      break;
    case undefined:
    case null:
    case '':
      errs.push(required('spec.concurrencyPolicy'));
      break;
    default:
      errs.push(notSupported('spec.concurrencyPolicy', spec.concurrencyPolicy, ['Allow', 'Forbid', 'Replace']));
  }
  const jt: O = isObj(spec.jobTemplate) ? spec.jobTemplate : {};
  const js: O = isObj(jt.spec) ? jt.spec : {};
  errs.push(...validateJobSpecCommon(js, 'spec.jobTemplate.spec'));
  if (js.selector !== undefined && js.selector !== null) errs.push(invalid('spec.jobTemplate.spec.selector', sortedDeep(js.selector), '`selector` will be auto-generated'));
  if (js.manualSelector === true) errs.push(notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  if (isObj(jt.metadata)) {
    errs.push(...validateLabelMap(jt.metadata.labels, 'spec.jobTemplate.metadata.labels'));
    errs.push(...validateAnnotationMap(jt.metadata.annotations, 'spec.jobTemplate.metadata.annotations'));
  }
  if (spec.successfulJobsHistoryLimit !== undefined && spec.successfulJobsHistoryLimit !== null) errs.push(...validateNonnegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  if (spec.failedJobsHistoryLimit !== undefined && spec.failedJobsHistoryLimit !== null) errs.push(...validateNonnegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  return errs;
}

export const cronJobStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  generation: true,
  hasStatus: true,
  allowUnconditionalUpdate: true,
  defaults: defaultCronJob,
  prepareForCreate(obj) {
    obj.status = {};
  },
  validate(obj) {
    const errs = validateCronJobSpec(specOf(obj), undefined);
    const name = str(metaOf(obj).name);
    if (name.length > 52) errs.push(invalid('metadata.name', name, 'must be no more than 52 characters'));
    return errs;
  },
  validateUpdate: (obj, old) => validateCronJobSpec(specOf(obj), specOf(old)),
  warnings(obj, old) {
    if (old) return [];
    const msgs = isDNS1123Label(str(metaOf(obj).name));
    return msgs.length
      ? [`metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [${msgs.join(' ')}]`]
      : [];
  },
});
