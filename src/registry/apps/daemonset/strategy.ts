// DaemonSets, after pkg/apis/apps/v1/defaults.go,
// pkg/registry/apps/daemonset/strategy.go and ValidateDaemonSet*. The
// template generation lives in the deprecated.daemonset.template.generation
// annotation in apps/v1.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy, metaOf, specOf, statusOf, keepStoredLabels } from '../../shared/define.js';
import { defaultPodTemplateSpec } from '../../shared/podSpec.js';
import { isDecremented, validateLongRunningTemplate, validateReplicaCounters, validateTemplate } from '../../shared/workload.js';
import {
  type Errs,
  type O,
  intOrPercentValue,
  invalid,
  isNotMoreThan100Percent,
  isObj,
  labelSelectorEmpty,
  labelSelectorMatches,
  labelSelectorParses,
  notSupported,
  required,
  semanticEqual,
  sortedDeep,
  sortedMap,
  validateImmutable,
  validateLabelSelector,
  validateNonnegative,
  validatePositiveIntOrPercent,
} from '../../shared/field.js';

const templateGenerationKey = 'deprecated.daemonset.template.generation';

export function defaultDaemonSet(obj: KObject): void {
  const spec: O = isObj(obj.spec) ? obj.spec : (obj.spec = {});
  if (!isObj(spec.updateStrategy)) spec.updateStrategy = {};
  const us = spec.updateStrategy;
  if (!us.type) us.type = 'RollingUpdate';
  if (us.type === 'RollingUpdate') {
    if (!isObj(us.rollingUpdate)) us.rollingUpdate = {};
    if (us.rollingUpdate.maxUnavailable === undefined || us.rollingUpdate.maxUnavailable === null) us.rollingUpdate.maxUnavailable = 1;
    if (us.rollingUpdate.maxSurge === undefined || us.rollingUpdate.maxSurge === null) us.rollingUpdate.maxSurge = 0;
  }
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = 10;
  if (!isObj(spec.template)) spec.template = {};
  defaultPodTemplateSpec(spec.template);
}

function templateGeneration(obj: KObject): number {
  const v = metaOf(obj).annotations?.[templateGenerationKey];
  const n = v === undefined ? 0 : Number(v);
  return Number.isFinite(n) ? n : 0;
}

function setTemplateGeneration(obj: KObject, n: number): void {
  const m = obj.metadata ?? (obj.metadata = {});
  m.annotations = { ...(m.annotations ?? {}), [templateGenerationKey]: String(n) };
}

function validateSpec(obj: KObject): Errs {
  const errs: Errs = [];
  const spec = specOf(obj);
  errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const labels = isObj(spec.template) && isObj(spec.template.metadata) ? spec.template.metadata.labels : undefined;
  if (labelSelectorParses(spec.selector) && !(isObj(spec.selector) && labelSelectorEmpty(spec.selector)) && !labelSelectorMatches(spec.selector, labels))
    errs.push(invalid('spec.template.metadata.labels', sortedMap(isObj(labels) ? labels : null), '`selector` does not match template `labels`'));
  if (isObj(spec.selector) && labelSelectorEmpty(spec.selector)) errs.push(invalid('spec.selector', sortedDeep(spec.selector), 'empty selector is invalid for daemonset'));
  errs.push(...validateTemplate(spec.template ?? {}, 'spec.template'));
  errs.push(...validateLongRunningTemplate(spec.template, 'spec.template', 'DaemonSet'));
  errs.push(...validateNonnegative(spec.minReadySeconds ?? 0, 'spec.minReadySeconds'));
  errs.push(...validateNonnegative(templateGeneration(obj), 'spec.templateGeneration'));
  const us: O = isObj(spec.updateStrategy) ? spec.updateStrategy : {};
  switch (us.type) {
    case 'OnDelete':
      break;
    case 'RollingUpdate': {
      const ru = us.rollingUpdate;
      if (!isObj(ru)) {
        errs.push(required('spec.updateStrategy.rollingUpdate'));
        break;
      }
      const rp = 'spec.updateStrategy.rollingUpdate';
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${rp}.maxUnavailable`));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, `${rp}.maxSurge`));
      errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, `${rp}.maxUnavailable`));
      errs.push(...isNotMoreThan100Percent(ru.maxSurge, `${rp}.maxSurge`));
      const hasUnavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
      const hasSurge = intOrPercentValue(ru.maxSurge) !== 0;
      if (hasUnavailable && hasSurge) errs.push(invalid(`${rp}.maxSurge`, ru.maxSurge, 'may not be set when maxUnavailable is non-zero'));
      else if (!hasUnavailable && !hasSurge) errs.push(required(`${rp}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
      break;
    }
    default:
      errs.push(notSupported('spec.updateStrategy', sortedDeep(us), ['RollingUpdate', 'OnDelete']));
  }
  if (spec.revisionHistoryLimit !== undefined && spec.revisionHistoryLimit !== null) errs.push(...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

export const daemonSetStrategy: Strategy = defineStrategy({
  prepareForStatusUpdate: keepStoredLabels,
  nameRule: 'subdomain',
  generation: true,
  hasStatus: true,
  allowUnconditionalUpdate: true,
  defaults: defaultDaemonSet,
  prepareForCreate(obj) {
    obj.status = { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 };
    if (templateGeneration(obj) < 1) setTemplateGeneration(obj, 1);
  },
  prepareForUpdate(obj, old) {
    const oldGen = templateGeneration(old);
    const changed = !semanticEqual(specOf(obj).template, specOf(old).template);
    setTemplateGeneration(obj, changed ? oldGen + 1 : oldGen);
  },
  validate: validateSpec,
  validateUpdate(obj, old) {
    const errs: Errs = [];
    errs.push(...validateImmutable(sortedDeep(specOf(obj).selector), sortedDeep(specOf(old).selector), 'spec.selector'));
    errs.push(...validateSpec(obj));
    return errs;
  },
  validateStatusUpdate(obj, old) {
    const st = statusOf(obj);
    const errs = validateReplicaCounters(
      st,
      ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady', 'observedGeneration', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable', 'collisionCount'],
      'status',
    );
    if (isDecremented(st.collisionCount, statusOf(old).collisionCount)) errs.push(invalid('status.collisionCount', st.collisionCount ?? 0, 'cannot be decremented'));
    return errs;
  },
});
