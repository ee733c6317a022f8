// ReplicaSets, after pkg/registry/apps/replicaset and ValidateReplicaSet*.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy, specOf, statusOf, keepStoredLabels } from '../../shared/define.js';
import { defaultPodTemplateSpec } from '../../shared/podSpec.js';
import { cannotExceed, validateLongRunningTemplate, validateReplicaCounters, validateSelectorAndTemplate, validateTemplate } from '../../shared/workload.js';
import { type Errs, type O, isObj, labelSelectorParses, sortedDeep, validateImmutable, validateNonnegative } from '../../shared/field.js';

export function defaultReplicaSet(obj: KObject): void {
  const spec: O = isObj(obj.spec) ? obj.spec : (obj.spec = {});
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  if (!isObj(spec.template)) spec.template = {};
  defaultPodTemplateSpec(spec.template);
}

function validateSpec(spec: O): Errs {
  const errs: Errs = [];
  errs.push(...validateNonnegative(spec.replicas ?? 0, 'spec.replicas'));
  errs.push(...validateNonnegative(spec.minReadySeconds ?? 0, 'spec.minReadySeconds'));
  errs.push(...validateSelectorAndTemplate(spec, 'spec', 'deployment'));
  if (labelSelectorParses(spec.selector) && isObj(spec.template)) {
    errs.push(...validateTemplate(spec.template, 'spec.template'));
    errs.push(...validateLongRunningTemplate(spec.template, 'spec.template', 'ReplicaSet'));
  }
  return errs;
}

export const replicaSetStrategy: Strategy = defineStrategy({
  prepareForStatusUpdate: keepStoredLabels,
  nameRule: 'subdomain',
  generation: true,
  hasStatus: true,
  allowUnconditionalUpdate: true,
  defaults: defaultReplicaSet,
  prepareForCreate(obj) {
    obj.status = { replicas: 0 };
  },
  validate: (obj) => validateSpec(specOf(obj)),
  validateUpdate(obj, old) {
    return [...validateSpec(specOf(obj)), ...validateImmutable(sortedDeep(specOf(obj).selector), sortedDeep(specOf(old).selector), 'spec.selector')];
  },
  validateStatusUpdate(obj) {
    const st = statusOf(obj);
    const p = 'status';
    return [
      ...validateReplicaCounters(st, ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration', 'terminatingReplicas'], p),
      ...cannotExceed(st, 'fullyLabeledReplicas', 'replicas', p),
      ...cannotExceed(st, 'readyReplicas', 'replicas', p),
      ...cannotExceed(st, 'availableReplicas', 'replicas', p),
      ...cannotExceed(st, 'availableReplicas', 'readyReplicas', p, 'cannot be greater than readyReplicas'),
    ];
  },
  selectableFields: (obj) => ({ 'status.replicas': String(statusOf(obj).replicas ?? 0) }),
});
