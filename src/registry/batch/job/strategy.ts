// Jobs, after pkg/apis/batch/v1/defaults.go, pkg/registry/batch/job/strategy.go
// and pkg/apis/batch/validation. The selector and pod labels are generated
// from metadata.uid, which the Store sets before prepareForCreate.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { deepClone } from '../../../machinery/objects.js';
import { defineStrategy, metaOf, specOf, statusOf } from '../../shared/define.js';
import { defaultPodTemplateSpec, validatePodTemplateSpec } from '../../shared/podSpec.js';
import {
  type Errs,
  type O,
  arr,
  child,
  duplicate,
  forbidden,
  idx,
  invalid,
  isDNS1123Label,
  isObj,
  key,
  labelSelectorMatches,
  labelSelectorParses,
  mapOf,
  notSupported,
  required,
  semanticEqual,
  sortedDeep,
  sortedMap,
  str,
  tooLong,
  tooMany,
  validateLabelSelector,
  validateNonnegative,
  validateQualifiedName,
  validateDomainPrefixedPath,
  fieldImmutableErrorMsg,
} from '../../shared/field.js';

export const legacyJobNameLabel = 'job-name';
export const jobNameLabel = 'batch.kubernetes.io/job-name';
export const legacyControllerUidLabel = 'controller-uid';
export const controllerUidLabel = 'batch.kubernetes.io/controller-uid';

/** the defaults every job spec gets, including CronJob job templates: pod failure policy conditions and the pod template */
export function defaultJobTemplateSpec(spec: O): void {
  if (isObj(spec.podFailurePolicy))
    for (const r of arr(spec.podFailurePolicy.rules)) for (const c of arr(r?.onPodConditions)) if (isObj(c) && !c.status) c.status = 'True';
  if (!isObj(spec.template)) spec.template = {};
  defaultPodTemplateSpec(spec.template);
}

/** SetDefaults_Job (Jobs only, not CronJob job templates) */
export function defaultJobSpec(spec: O): void {
  if ((spec.completions === undefined || spec.completions === null) && (spec.parallelism === undefined || spec.parallelism === null)) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (spec.parallelism === undefined || spec.parallelism === null) spec.parallelism = 1;
  if (spec.backoffLimit === undefined || spec.backoffLimit === null) spec.backoffLimit = spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null ? 2147483647 : 6;
  if (!spec.completionMode) spec.completionMode = 'NonIndexed';
  if (spec.suspend === undefined || spec.suspend === null) spec.suspend = false;
  if (!spec.podReplacementPolicy) spec.podReplacementPolicy = isObj(spec.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed';
  if (spec.manualSelector === undefined || spec.manualSelector === null) spec.manualSelector = false;
  defaultJobTemplateSpec(spec);
}

export function defaultJob(obj: KObject): void {
  const spec: O = isObj(obj.spec) ? obj.spec : (obj.spec = {});
  defaultJobSpec(spec);
  const tl = isObj(spec.template) && isObj(spec.template.metadata) ? spec.template.metadata.labels : undefined;
  const m = obj.metadata ?? (obj.metadata = {});
  if (isObj(tl) && !Object.keys(mapOf(m.labels)).length) m.labels = { ...(tl as Record<string, string>) };
}

/** generateSelector: the job's pods carry its uid and name, and the selector matches the uid */
function generateSelector(obj: KObject): void {
  const spec = specOf(obj);
  const m = metaOf(obj);
  if (!isObj(spec.template)) spec.template = {};
  if (!isObj(spec.template.metadata)) spec.template.metadata = {};
  const tm = spec.template.metadata;
  if (!isObj(tm.labels)) tm.labels = {};
  for (const k of [legacyJobNameLabel, jobNameLabel]) if (!(k in tm.labels)) tm.labels[k] = str(m.name);
  for (const k of [legacyControllerUidLabel, controllerUidLabel]) if (!(k in tm.labels)) tm.labels[k] = str(m.uid);
  if (!isObj(spec.selector)) spec.selector = {};
  if (!isObj(spec.selector.matchLabels)) spec.selector.matchLabels = {};
  if (!(controllerUidLabel in spec.selector.matchLabels)) spec.selector.matchLabels[controllerUidLabel] = str(m.uid);
}

function validateHasLabel(labels: unknown, path: string, k: string, expected: string): Errs {
  const l = mapOf(labels);
  if (!(k in l)) return [required(key(child(path, 'labels'), k), `must be '${expected}'`)];
  if (l[k] !== expected) return [invalid(key(child(path, 'labels'), k), sortedMap(l), `must be '${expected}'`)];
  return [];
}

function validateGeneratedSelector(obj: KObject, prefixed: boolean): Errs {
  const spec = specOf(obj);
  if (spec.manualSelector === true || !isObj(spec.selector)) return [];
  const errs: Errs = [];
  const m = metaOf(obj);
  const uid = str(m.uid);
  const name = str(m.name);
  if (!uid) errs.push(required('metadata.uid'));
  const tl = isObj(spec.template) && isObj(spec.template.metadata) ? spec.template.metadata.labels : undefined;
  const tp = 'spec.template.metadata';
  errs.push(...validateHasLabel(tl, tp, legacyControllerUidLabel, uid));
  errs.push(...validateHasLabel(tl, tp, legacyJobNameLabel, name));
  const expected: Record<string, string> = { [legacyControllerUidLabel]: uid, [legacyJobNameLabel]: name };
  if (prefixed) {
    errs.push(...validateHasLabel(tl, tp, controllerUidLabel, uid));
    errs.push(...validateHasLabel(tl, tp, jobNameLabel, name));
    expected[controllerUidLabel] = uid;
    expected[jobNameLabel] = name;
  }
  if (labelSelectorParses(spec.selector) && !labelSelectorMatches(spec.selector, expected))
    errs.push(invalid('spec.selector', sortedDeep(spec.selector), '`selector` not auto-generated'));
  return errs;
}

function quoteGo(list: string[]): string {
  return `[${list.map((s) => JSON.stringify(s)).join(' ')}]`;
}

const failurePolicyActions = ['Count', 'FailIndex', 'FailJob', 'Ignore'];

function validatePodFailurePolicy(spec: O, path: string): Errs {
  const errs: Errs = [];
  const rules = arr(spec.podFailurePolicy?.rules);
  const rp = child(path, 'rules');
  if (rules.length > 20) errs.push(tooMany(rp, rules.length, 20));
  const tspec: O = isObj(spec.template) && isObj(spec.template.spec) ? spec.template.spec : {};
  const names = new Set([...arr(tspec.containers), ...arr(tspec.initContainers)].map((c) => str(c?.name)));
  rules.forEach((r, i) => {
    const p = idx(rp, i);
    const ap = child(p, 'action');
    if (!str(r?.action)) errs.push(required(ap, `valid values: ${quoteGo(failurePolicyActions)}`));
    else if (r.action === 'FailIndex') {
      if (spec.backoffLimitPerIndex === undefined || spec.backoffLimitPerIndex === null) errs.push(invalid(ap, r.action, 'requires the backoffLimitPerIndex to be set'));
    } else if (!failurePolicyActions.includes(r.action)) errs.push(notSupported(ap, r.action, failurePolicyActions));
    const oec = r?.onExitCodes;
    if (isObj(oec)) {
      const op = child(p, 'onExitCodes');
      if (!str(oec.operator)) errs.push(required(child(op, 'operator'), `valid values: ${quoteGo(['In', 'NotIn'])}`));
      else if (!['In', 'NotIn'].includes(oec.operator)) errs.push(notSupported(child(op, 'operator'), oec.operator, ['In', 'NotIn']));
      if (oec.containerName !== undefined && oec.containerName !== null && !names.has(str(oec.containerName)))
        errs.push(invalid(child(op, 'containerName'), str(oec.containerName), 'must be one of the container or initContainer names in the pod template'));
      const values = arr(oec.values) as unknown as number[];
      const vp = child(op, 'values');
      if (!values.length) errs.push(invalid(vp, values, 'at least one value is required'));
      else if (values.length > 255) errs.push(tooMany(vp, values.length, 255));
      let ordered = true;
      const seen = new Set<number>();
      values.forEach((v, j) => {
        if (oec.operator === 'In' && v === 0) errs.push(invalid(idx(vp, j), v, 'must not be 0 for the In operator'));
        if (seen.has(v)) errs.push(duplicate(idx(vp, j), v));
        else seen.add(v);
        if (j > 0 && values[j - 1] > v) ordered = false;
      });
      if (!ordered) errs.push(invalid(vp, values, 'must be ordered'));
    }
    const opc = arr(r?.onPodConditions);
    if (opc.length) {
      const pp = child(p, 'onPodConditions');
      if (opc.length > 20) errs.push(tooMany(pp, opc.length, 20));
      opc.forEach((c, j) => {
        const cp = idx(pp, j);
        errs.push(...validateQualifiedName(str(c?.type), child(cp, 'type')));
        if (!str(c?.status)) errs.push(required(child(cp, 'status'), `valid values: ${quoteGo(['False', 'True', 'Unknown'])}`));
        else if (!['False', 'True', 'Unknown'].includes(c.status)) errs.push(notSupported(child(cp, 'status'), c.status, ['False', 'True', 'Unknown']));
      });
    }
    if (isObj(oec) && opc.length) errs.push({ type: 'FieldValueInvalid', field: p, omitValue: true, detail: 'specifying both OnExitCodes and OnPodConditions is not supported' });
    if (!isObj(oec) && !opc.length) errs.push({ type: 'FieldValueInvalid', field: p, omitValue: true, detail: 'specifying one of OnExitCodes and OnPodConditions is required' });
  });
  return errs;
}

/** parse "1,3-5" index lists; returns the count or an error message */
export function validateIndexesFormat(s: string, completions: number): { total: number; error?: string } {
  if (!s.length) return { total: 0 };
  let last: number | undefined;
  let total = 0;
  for (const interval of s.split(',')) {
    const r = parseIndexInterval(interval, completions);
    if ('error' in r) return { total: 0, error: r.error };
    if (last !== undefined && last >= r.x) return { total: 0, error: `non-increasing order, previous: ${last}, current: ${r.x}` };
    total += r.y - r.x + 1;
    last = r.y;
  }
  return { total };
}

function parseIndexInterval(s: string, completions: number): { x: number; y: number } | { error: string } {
  const parts = s.split('-');
  if (parts.length > 2) return { error: `the fragment ${JSON.stringify(s)} violates the requirement that an index interval can have at most two parts separated by '-'` };
  const conv = (p: string) => (/^[+-]?\d+$/.test(p) ? Number(p) : NaN);
  const x = conv(parts[0]);
  if (Number.isNaN(x)) return { error: `cannot convert string to integer for index: ${JSON.stringify(parts[0])}` };
  if (x >= completions) return { error: `too large index: ${JSON.stringify(parts[0])}` };
  if (parts.length > 1) {
    const y = conv(parts[1]);
    if (Number.isNaN(y)) return { error: `cannot convert string to integer for index: ${JSON.stringify(parts[1])}` };
    if (y >= completions) return { error: `too large index: ${JSON.stringify(parts[1])}` };
    if (x >= y) return { error: `non-increasing order, previous: ${x}, current: ${y}` };
    return { x, y };
  }
  return { x, y: x };
}

/** validateJobSpec (shared with CronJob job templates) */
export function validateJobSpecCommon(spec: O, path: string): Errs {
  const errs: Errs = [];
  const p = (f: string) => child(path, f);
  const set = (v: unknown): boolean => v !== undefined && v !== null;
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex'])
    if (set(spec[f])) errs.push(...validateNonnegative(spec[f], p(f)));
  if (set(spec.maxFailedIndexes)) {
    errs.push(...validateNonnegative(spec.maxFailedIndexes, p('maxFailedIndexes')));
    if (!set(spec.backoffLimitPerIndex)) errs.push(required(p('backoffLimitPerIndex'), 'when maxFailedIndexes is specified'));
  }
  if (set(spec.managedBy)) {
    const mb = str(spec.managedBy);
    errs.push(...validateDomainPrefixedPath(mb, p('managedBy')));
    if (mb.length > 63) errs.push(tooLong(p('managedBy'), 63));
  }
  const mode = spec.completionMode;
  if (set(mode)) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(notSupported(p('completionMode'), mode, ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed') {
      if (!set(spec.completions)) errs.push(required(p('completions'), 'when completion mode is Indexed'));
      if (set(spec.parallelism) && spec.parallelism > 100000) errs.push(invalid(p('parallelism'), spec.parallelism, 'must be less than or equal to 100000 when completion mode is Indexed'));
      if (set(spec.completions) && set(spec.maxFailedIndexes) && spec.maxFailedIndexes > spec.completions)
        errs.push(invalid(p('maxFailedIndexes'), spec.maxFailedIndexes, 'must be less than or equal to completions'));
      if (set(spec.maxFailedIndexes) && spec.maxFailedIndexes > 100000) errs.push(invalid(p('maxFailedIndexes'), spec.maxFailedIndexes, 'must be less than or equal to 100000'));
      if (set(spec.completions) && spec.completions > 100000 && set(spec.backoffLimitPerIndex)) {
        if (!set(spec.maxFailedIndexes)) errs.push(required(p('maxFailedIndexes'), 'must be specified when completions is above 100000'));
        if (set(spec.parallelism) && spec.parallelism > 10000)
          errs.push(invalid(p('parallelism'), spec.parallelism, 'must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index'));
        if (set(spec.maxFailedIndexes) && spec.maxFailedIndexes > 10000)
          errs.push(invalid(p('maxFailedIndexes'), spec.maxFailedIndexes, 'must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index'));
      }
    }
  }
  if (!set(mode) || mode === 'NonIndexed') {
    if (set(spec.backoffLimitPerIndex)) errs.push(invalid(p('backoffLimitPerIndex'), spec.backoffLimitPerIndex, 'requires indexed completion mode'));
    if (set(spec.maxFailedIndexes)) errs.push(invalid(p('maxFailedIndexes'), spec.maxFailedIndexes, 'requires indexed completion mode'));
  }
  if (isObj(spec.podFailurePolicy)) errs.push(...validatePodFailurePolicy(spec, p('podFailurePolicy')));
  if (isObj(spec.successPolicy)) {
    if (mode !== 'Indexed') errs.push(invalid(p('successPolicy'), sortedDeep(spec.successPolicy), 'requires indexed completion mode'));
    else {
      const rules = arr(spec.successPolicy.rules);
      const rp = child(p('successPolicy'), 'rules');
      if (!rules.length) errs.push(required(rp, 'at least one rules must be specified when the successPolicy is specified'));
      if (rules.length > 20) errs.push(tooMany(rp, rules.length, 20));
      rules.forEach((r, i) => {
        const ip = idx(rp, i);
        if (!set(r?.succeededCount) && !set(r?.succeededIndexes)) errs.push(required(ip, 'at least one of succeededCount or succeededIndexes must be specified'));
        let total = 0;
        if (set(r?.succeededIndexes)) {
          const sp = child(ip, 'succeededIndexes');
          if (str(r.succeededIndexes).length > 64 * 1024) errs.push(tooLong(sp, 64 * 1024));
          const res = validateIndexesFormat(str(r.succeededIndexes), spec.completions ?? 0);
          if (res.error) errs.push(invalid(sp, r.succeededIndexes, `error parsing succeededIndexes: ${res.error}`));
          total = res.total;
        }
        if (set(r?.succeededCount)) {
          const cp = child(ip, 'succeededCount');
          errs.push(...validateNonnegative(r.succeededCount, cp));
          if (r.succeededCount > (spec.completions ?? 0))
            errs.push(invalid(cp, r.succeededCount, `must be less than or equal to ${spec.completions ?? 0} (the number of specified completions)`));
          if (set(r.succeededIndexes) && r.succeededCount > total)
            errs.push(invalid(cp, r.succeededCount, `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`));
        }
      });
    }
  }
  if (set(spec.podReplacementPolicy)) {
    if (isObj(spec.podFailurePolicy)) {
      if (spec.podReplacementPolicy !== 'Failed') errs.push(notSupported(p('podReplacementPolicy'), spec.podReplacementPolicy, ['Failed']));
    } else if (!['Failed', 'TerminatingOrFailed'].includes(spec.podReplacementPolicy))
      errs.push(notSupported(p('podReplacementPolicy'), spec.podReplacementPolicy, ['Failed', 'TerminatingOrFailed']));
  }
  errs.push(...validatePodTemplateSpec(spec.template ?? {}, p('template')));
  const rpol = isObj(spec.template) && isObj(spec.template.spec) ? str(spec.template.spec.restartPolicy) : '';
  const rpp = child(path, 'template', 'spec', 'restartPolicy');
  if (rpol === 'Always' || rpol === '') errs.push(required(rpp, 'valid values: "OnFailure", "Never"'));
  else if (rpol !== 'OnFailure' && rpol !== 'Never') errs.push(notSupported(rpp, rpol, ['OnFailure', 'Never']));
  else if (isObj(spec.podFailurePolicy) && rpol !== 'Never') errs.push(invalid(rpp, rpol, 'only "Never" is supported when podFailurePolicy is specified'));
  return errs;
}

function validateJob(obj: KObject, prefixedLabels: boolean): Errs {
  const errs: Errs = [];
  errs.push(...validateGeneratedSelector(obj, prefixedLabels));
  const spec = specOf(obj);
  errs.push(...validateJobSpecCommon(spec, 'spec'));
  if (spec.selector === undefined || spec.selector === null) errs.push(required('spec.selector'));
  else errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  if (labelSelectorParses(spec.selector)) {
    const tl = isObj(spec.template) && isObj(spec.template.metadata) ? spec.template.metadata.labels : undefined;
    if (!labelSelectorMatches(spec.selector, tl)) errs.push(invalid('spec.template.metadata.labels', sortedMap(isObj(tl) ? tl : null), '`selector` does not match template `labels`'));
  }
  if (spec.completionMode === 'Indexed' && typeof spec.completions === 'number' && spec.completions > 0) {
    const host = `${str(metaOf(obj).name)}-${spec.completions - 1}`;
    if (isDNS1123Label(host).length) errs.push(invalid('metadata.name', str(metaOf(obj).name), `will not able to create pod with invalid DNS label: ${host}`));
  }
  return errs;
}

const condTrue = (st: O, type: string) => arr(st.conditions).some((c) => c?.type === type && c?.status === 'True');
const condFalse = (st: O, type: string) => arr(st.conditions).some((c) => c?.type === type && c?.status === 'False');

function validateJobStatusUpdate(obj: KObject, old: KObject): Errs {
  const errs: Errs = [];
  const st = statusOf(obj);
  const ost = statusOf(old);
  const spec = specOf(obj);
  const sp = 'status';
  const changed = (f: string) => !semanticEqual(st[f], ost[f]);
  const isIndexed = spec.completionMode === 'Indexed';
  const finished = (s: O) => condTrue(s, 'Complete') || condTrue(s, 'Failed');
  const finishedChanged = finished(st) !== finished(ost);
  const completeChanged = condTrue(st, 'Complete') !== condTrue(ost, 'Complete');
  const failedChanged = condTrue(st, 'Failed') !== condTrue(ost, 'Failed');
  const ftChanged = condTrue(st, 'FailureTarget') !== condTrue(ost, 'FailureTarget');
  const scmChanged = condTrue(st, 'SuccessCriteriaMet') !== condTrue(ost, 'SuccessCriteriaMet');
  const resuming = condTrue(ost, 'Suspended') && condFalse(st, 'Suspended');
  const suspendedZero = spec.suspend === true && spec.completions === 0;
  for (const f of ['active', 'succeeded', 'failed', 'ready', 'terminating']) errs.push(...validateNonnegative(st[f], child(sp, f)));
  if (isObj(st.uncountedTerminatedPods)) {
    const seen = new Set<string>();
    for (const list of ['succeeded', 'failed'])
      arr(st.uncountedTerminatedPods[list]).forEach((u, i) => {
        const p = idx(child(sp, 'uncountedTerminatedPods', list), i);
        const k = u as unknown as string;
        if (!k) errs.push(invalid(p, k ?? '', 'must not be empty'));
        else if (seen.has(k)) errs.push(duplicate(p, k));
        else seen.add(k);
      });
  }
  const omit = (field: string, detail: string) => errs.push({ type: 'FieldValueInvalid', field, omitValue: true, detail });
  const complete = condTrue(st, 'Complete');
  const failed = condTrue(st, 'Failed');
  const scm = condTrue(st, 'SuccessCriteriaMet');
  const ft = condTrue(st, 'FailureTarget');
  if ((completeChanged || failedChanged) && complete && failed) omit(child(sp, 'conditions'), 'cannot set Complete=True and Failed=true conditions');
  if ((completeChanged || ftChanged) && complete && ft) omit(child(sp, 'conditions'), 'cannot set Complete=True and FailureTarget=true conditions');
  const ctChanged = changed('completionTime');
  const stChanged = changed('startTime');
  if ((completeChanged || ctChanged) && st.completionTime && !complete) errs.push(invalid(child(sp, 'completionTime'), st.completionTime, 'cannot set completionTime when there is no Complete=True condition'));
  if ((completeChanged || ctChanged) && !st.completionTime && complete) errs.push(required(child(sp, 'completionTime'), 'completionTime is required for Complete jobs'));
  if ((stChanged || ctChanged) && st.startTime && st.completionTime && new Date(st.completionTime) < new Date(st.startTime))
    errs.push(invalid(child(sp, 'completionTime'), st.completionTime, 'must be equal to or after `startTime`'));
  if ((failedChanged || changed('failedIndexes')) && failed && !ft) omit(child(sp, 'conditions'), 'cannot set Failed=True condition without the FailureTarget=true condition');
  if ((completeChanged || scmChanged) && complete && !scm) omit(child(sp, 'conditions'), 'cannot set Complete=True condition without the SuccessCriteriaMet=true condition');
  if ((finishedChanged || changed('active')) && (st.active ?? 0) > 0 && finished(st)) errs.push(invalid(child(sp, 'active'), st.active, 'active>0 is invalid for finished job'));
  if ((finishedChanged || stChanged) && !suspendedZero && !st.startTime && finished(st)) errs.push(required(child(sp, 'startTime'), 'startTime is required for finished job'));
  if ((finishedChanged || changed('uncountedTerminatedPods')) && finished(st) && isObj(st.uncountedTerminatedPods) && arr(st.uncountedTerminatedPods.failed).length + arr(st.uncountedTerminatedPods.succeeded).length > 0)
    errs.push(invalid(child(sp, 'uncountedTerminatedPods'), sortedDeep(st.uncountedTerminatedPods), 'must be empty for finished job'));
  if (changed('completedIndexes') && typeof spec.completions === 'number') {
    const r = validateIndexesFormat(str(st.completedIndexes), spec.completions);
    if (r.error) errs.push(invalid(child(sp, 'completedIndexes'), str(st.completedIndexes), `error parsing completedIndexes: ${r.error}`));
  }
  if (changed('failedIndexes') && typeof spec.completions === 'number' && spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null && st.failedIndexes !== undefined && st.failedIndexes !== null) {
    const r = validateIndexesFormat(str(st.failedIndexes), spec.completions);
    if (r.error) errs.push(invalid(child(sp, 'failedIndexes'), st.failedIndexes, `error parsing failedIndexes: ${r.error}`));
  }
  if (changed('completedIndexes') && str(st.completedIndexes) && !isIndexed)
    errs.push(invalid(child(sp, 'completedIndexes'), st.completedIndexes, 'cannot set non-empty completedIndexes when non-indexed completion mode'));
  if (changed('failedIndexes') && (spec.backoffLimitPerIndex === undefined || spec.backoffLimitPerIndex === null) && st.failedIndexes !== undefined && st.failedIndexes !== null)
    errs.push(invalid(child(sp, 'failedIndexes'), st.failedIndexes, 'cannot set non-null failedIndexes when backoffLimitPerIndex is null'));
  if ((finishedChanged || changed('terminating')) && (st.terminating ?? 0) > 0 && finished(st)) errs.push(invalid(child(sp, 'terminating'), st.terminating, 'terminating>0 is invalid for finished job'));
  if ((changed('ready') || changed('active')) && st.ready !== undefined && st.ready !== null && st.ready > (st.active ?? 0))
    errs.push(invalid(child(sp, 'ready'), st.ready, 'cannot set more ready pods than active'));
  if (scm && failed) omit(child(sp, 'conditions'), 'cannot set SuccessCriteriaMet=True and Failed=true conditions');
  if (scm && ft) omit(child(sp, 'conditions'), 'cannot set SuccessCriteriaMet=True and FailureTarget=true conditions');
  if (isObj(spec.successPolicy) && !scm && complete) omit(child(sp, 'conditions'), 'cannot set Complete=True for Job with SuccessPolicy unless SuccessCriteriaMet=True');
  // transitions
  for (const t of ['Failed', 'Complete', 'FailureTarget'])
    if (condTrue(ost, t) && !condTrue(st, t)) omit(child(sp, 'conditions'), `cannot disable the terminal ${t}=True condition`);
  if ((st.failed ?? 0) < (ost.failed ?? 0)) errs.push(invalid(child(sp, 'failed'), st.failed ?? 0, 'cannot decrease the failed counter'));
  const rejectDecSucceeded = !isIndexed || spec.completions !== spec.parallelism;
  if (rejectDecSucceeded && (st.succeeded ?? 0) < (ost.succeeded ?? 0)) errs.push(invalid(child(sp, 'succeeded'), st.succeeded ?? 0, 'cannot decrease the succeeded counter'));
  if (st.completionTime && ost.completionTime && st.completionTime !== ost.completionTime) errs.push(invalid(child(sp, 'completionTime'), st.completionTime, 'field is immutable'));
  if (stChanged && !resuming && ost.startTime && ost.startTime !== st.startTime && spec.suspend !== true)
    errs.push(required(child(sp, 'startTime'), 'startTime cannot be removed for unsuspended job'));
  if (condTrue(ost, 'SuccessCriteriaMet') && !scm) omit(child(sp, 'conditions'), 'cannot disable the SuccessCriteriaMet=True condition');
  if (condTrue(ost, 'Complete') && !condTrue(ost, 'SuccessCriteriaMet') && scm) omit(child(sp, 'conditions'), 'cannot set SuccessCriteriaMet=True for Job already has Complete=true conditions');
  return errs;
}

function validateJobUpdate(obj: KObject, old: KObject): Errs {
  const ospec = specOf(old);
  const otl = mapOf(isObj(ospec.template) && isObj(ospec.template.metadata) ? ospec.template.metadata.labels : undefined);
  const prefixed = jobNameLabel in otl && controllerUidLabel in otl;
  const errs = validateJob(obj, prefixed);
  const spec = specOf(obj);
  // completions (mutable for indexed jobs only together with parallelism)
  if (spec.completionMode !== 'Indexed') {
    if ((spec.completions ?? null) !== (ospec.completions ?? null)) errs.push(invalid('spec.completions', spec.completions ?? null, fieldImmutableErrorMsg));
  } else if (!semanticEqual(spec.completions, ospec.completions) && spec.completions !== undefined && spec.completions !== null && spec.completions !== spec.parallelism)
    errs.push(invalid('spec.completions', spec.completions, 'can only be modified in tandem with spec.parallelism'));
  if (!semanticEqual(spec.selector, ospec.selector)) errs.push(invalid('spec.selector', sortedDeep(spec.selector) ?? null, fieldImmutableErrorMsg));
  // the pod template is immutable, except scheduling directives of suspended jobs that never started
  const oldTmpl: O = deepClone(isObj(ospec.template) ? ospec.template : {});
  const tmpl: O = isObj(spec.template) ? spec.template : {};
  const allowMutableScheduling = ospec.suspend === true && !statusOf(old).startTime;
  if (allowMutableScheduling) {
    if (!isObj(oldTmpl.spec)) oldTmpl.spec = {};
    const ts: O = isObj(tmpl.spec) ? tmpl.spec : {};
    const ots = oldTmpl.spec;
    if (!isObj(ts.affinity) && isObj(ots.affinity)) {
      delete ots.affinity.nodeAffinity;
      if (!Object.keys(ots.affinity).length) delete ots.affinity;
    } else if (isObj(ts.affinity) && !isObj(ots.affinity)) ots.affinity = { nodeAffinity: ts.affinity.nodeAffinity };
    else if (isObj(ts.affinity) && isObj(ots.affinity)) ots.affinity.nodeAffinity = ts.affinity.nodeAffinity;
    ots.nodeSelector = ts.nodeSelector;
    ots.tolerations = ts.tolerations;
    ots.schedulingGates = ts.schedulingGates;
    if (!isObj(oldTmpl.metadata)) oldTmpl.metadata = {};
    oldTmpl.metadata.annotations = isObj(tmpl.metadata) ? tmpl.metadata.annotations : undefined;
    oldTmpl.metadata.labels = isObj(tmpl.metadata) ? tmpl.metadata.labels : undefined;
  }
  if (!semanticEqual(tmpl, oldTmpl)) errs.push(invalid('spec.template', sortedDeep(tmpl), fieldImmutableErrorMsg));
  for (const f of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy'])
    if (!semanticEqual(spec[f], ospec[f])) errs.push(invalid(`spec.${f}`, sortedDeep(spec[f]) ?? null, fieldImmutableErrorMsg));
  return errs;
}

export const jobStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  generation: true,
  hasStatus: true,
  allowUnconditionalUpdate: true,
  defaults: defaultJob,
  prepareForCreate(obj) {
    if (specOf(obj).manualSelector !== true) generateSelector(obj);
    obj.status = {};
  },
  validate: (obj) => validateJob(obj, true),
  validateUpdate: validateJobUpdate,
  validateStatusUpdate: validateJobStatusUpdate,
  selectableFields: (obj) => ({ 'status.successful': String(statusOf(obj).succeeded ?? 0) }),
  warnings(obj, old) {
    if (old) return [];
    const msgs = isDNS1123Label(str(metaOf(obj).name));
    return msgs.length
      ? [`metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: [${msgs.join(' ')}]`]
      : [];
  },
});

void forbidden;
