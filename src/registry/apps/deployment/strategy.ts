// Deployments, after pkg/apis/apps/v1/defaults.go,
// pkg/registry/apps/deployment/strategy.go and ValidateDeployment*.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { bumpGeneration, defineStrategy, metaOf, specOf, statusOf, keepStoredLabels } from '../../shared/define.js';
import { defaultPodTemplateSpec } from '../../shared/podSpec.js';
import { cannotExceed, isDecremented, validateLongRunningTemplate, validateReplicaCounters, validateSelectorAndTemplate, validateTemplate } from '../../shared/workload.js';
import {
  type Errs,
  type O,
  forbidden,
  intOrPercentValue,
  invalid,
  isNotMoreThan100Percent,
  isObj,
  labelSelectorParses,
  notSupported,
  required,
  semanticEqual,
  sortedDeep,
  validateImmutable,
  validateNonnegative,
  validatePositiveIntOrPercent,
} from '../../shared/field.js';

export function defaultDeployment(obj: KObject): void {
  const spec: O = isObj(obj.spec) ? obj.spec : (obj.spec = {});
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  if (!isObj(spec.strategy)) spec.strategy = {};
  const st = spec.strategy;
  if (!st.type) st.type = 'RollingUpdate';
  if (st.type === 'RollingUpdate') {
    if (!isObj(st.rollingUpdate)) st.rollingUpdate = {};
    if (st.rollingUpdate.maxUnavailable === undefined || st.rollingUpdate.maxUnavailable === null) st.rollingUpdate.maxUnavailable = '25%';
    if (st.rollingUpdate.maxSurge === undefined || st.rollingUpdate.maxSurge === null) st.rollingUpdate.maxSurge = '25%';
  }
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = 10;
  if (spec.progressDeadlineSeconds === undefined || spec.progressDeadlineSeconds === null) spec.progressDeadlineSeconds = 600;
  if (!isObj(spec.template)) spec.template = {};
  defaultPodTemplateSpec(spec.template);
}

function validateStrategy(st: O): Errs {
  const errs: Errs = [];
  const p = 'spec.strategy';
  switch (st.type) {
    case 'Recreate':
      if (st.rollingUpdate !== undefined && st.rollingUpdate !== null) errs.push(forbidden(`${p}.rollingUpdate`, "may not be specified when strategy `type` is 'Recreate'"));
      break;
    case 'RollingUpdate': {
      const ru = st.rollingUpdate;
      if (!isObj(ru)) {
        errs.push(required(`${p}.rollingUpdate`, 'this should be defaulted and never be nil'));
        break;
      }
      const rp = `${p}.rollingUpdate`;
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, `${rp}.maxUnavailable`));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, `${rp}.maxSurge`));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0)
        errs.push(invalid(`${rp}.maxUnavailable`, ru.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'));
      errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, `${rp}.maxUnavailable`));
      break;
    }
    default:
      errs.push(notSupported(p, sortedDeep(st), ['Recreate', 'RollingUpdate']));
  }
  return errs;
}

export function validateDeploymentSpec(spec: O): Errs {
  const errs: Errs = [];
  errs.push(...validateNonnegative(spec.replicas ?? 0, 'spec.replicas'));
  errs.push(...validateSelectorAndTemplate(spec, 'spec', 'deployment'));
  if (labelSelectorParses(spec.selector) && isObj(spec.template)) {
    errs.push(...validateTemplate(spec.template, 'spec.template'));
    errs.push(...validateLongRunningTemplate(spec.template, 'spec.template', 'ReplicaSet'));
  }
  errs.push(...validateStrategy(isObj(spec.strategy) ? spec.strategy : {}));
  errs.push(...validateNonnegative(spec.minReadySeconds ?? 0, 'spec.minReadySeconds'));
  if (spec.revisionHistoryLimit !== undefined && spec.revisionHistoryLimit !== null) errs.push(...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (spec.progressDeadlineSeconds !== undefined && spec.progressDeadlineSeconds !== null) {
    errs.push(...validateNonnegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) errs.push(invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
  }
  return errs;
}

export const deploymentStrategy: Strategy = defineStrategy({
  prepareForStatusUpdate: keepStoredLabels,
  nameRule: 'subdomain',
  generation: true,
  hasStatus: true,
  allowUnconditionalUpdate: true,
  defaults: defaultDeployment,
  prepareForCreate(obj) {
    obj.status = {};
  },
  prepareForUpdate(obj, old) {
    // an annotation change (e.g. a rollback request) also counts as a new generation
    if (!semanticEqual(metaOf(obj).annotations, metaOf(old).annotations)) bumpGeneration(obj, old);
  },
  validate: (obj) => validateDeploymentSpec(specOf(obj)),
  validateUpdate(obj, old) {
    return [...validateDeploymentSpec(specOf(obj)), ...validateImmutable(sortedDeep(specOf(obj).selector), sortedDeep(specOf(old).selector), 'spec.selector')];
  },
  validateStatusUpdate(obj, old) {
    const st = statusOf(obj);
    const p = 'status';
    const errs = [
      ...validateReplicaCounters(st, ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'terminatingReplicas', 'collisionCount'], p),
      ...cannotExceed(st, 'updatedReplicas', 'replicas', p),
      ...cannotExceed(st, 'readyReplicas', 'replicas', p),
      ...cannotExceed(st, 'availableReplicas', 'replicas', p),
      ...cannotExceed(st, 'availableReplicas', 'readyReplicas', p, 'cannot be greater than readyReplicas'),
    ];
    if (isDecremented(st.collisionCount, statusOf(old).collisionCount)) errs.push(invalid('status.collisionCount', st.collisionCount ?? 0, 'cannot be decremented'));
    return errs;
  },
});
