// ReplicationControllers, after pkg/registry/core/replicationcontroller and
// ValidateReplicationController*.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy, specOf, statusOf } from '../../shared/define.js';
import { defaultPodTemplateSpec } from '../../shared/podSpec.js';
import { cannotExceed, validateLongRunningTemplate, validateReplicaCounters, validateTemplate } from '../../shared/workload.js';
import { type Errs, type O, invalid, isObj, mapOf, mapSelectorMatches, required, sortedMap, validateNonnegative } from '../../shared/field.js';

export function defaultRC(obj: KObject): void {
  const spec: O = isObj(obj.spec) ? obj.spec : (obj.spec = {});
  const labels = isObj(spec.template) && isObj(spec.template.metadata) && isObj(spec.template.metadata.labels) ? spec.template.metadata.labels : undefined;
  if (labels) {
    if (!Object.keys(mapOf(spec.selector)).length) spec.selector = { ...labels };
    const m = obj.metadata ?? (obj.metadata = {});
    if (!Object.keys(mapOf(m.labels)).length) m.labels = { ...labels };
  }
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  if (isObj(spec.template)) defaultPodTemplateSpec(spec.template);
}

function validateRCSpec(spec: O): Errs {
  const errs: Errs = [];
  errs.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  if (!Object.keys(mapOf(spec.selector)).length) errs.push(required('spec.selector'));
  if (spec.replicas === undefined || spec.replicas === null) errs.push(required('spec.replicas'));
  else errs.push(...validateNonnegative(spec.replicas, 'spec.replicas'));
  if (!isObj(spec.template)) errs.push(required('spec.template'));
  else {
    const labels = isObj(spec.template.metadata) ? spec.template.metadata.labels : undefined;
    if (Object.keys(mapOf(spec.selector)).length && !mapSelectorMatches(spec.selector, labels))
      errs.push(invalid('spec.template.metadata.labels', sortedMap(isObj(labels) ? labels : null), '`selector` does not match template `labels`'));
    errs.push(...validateTemplate(spec.template, 'spec.template'));
    errs.push(...validateLongRunningTemplate(spec.template, 'spec.template', 'ReplicationController'));
  }
  return errs;
}

export const rcStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  generation: true,
  hasStatus: true,
  allowUnconditionalUpdate: true,
  defaults: defaultRC,
  prepareForCreate(obj) {
    obj.status = { replicas: 0 };
  },
  validate: (obj) => validateRCSpec(specOf(obj)),
  validateUpdate: (obj) => validateRCSpec(specOf(obj)),
  validateStatusUpdate(obj) {
    const st = statusOf(obj);
    const p = 'status';
    return [
      ...validateReplicaCounters(st, ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'], p),
      ...cannotExceed(st, 'fullyLabeledReplicas', 'replicas', p),
      ...cannotExceed(st, 'readyReplicas', 'replicas', p),
      ...cannotExceed(st, 'availableReplicas', 'replicas', p),
      ...cannotExceed(st, 'availableReplicas', 'readyReplicas', p, 'cannot be greater than readyReplicas'),
    ];
  },
  selectableFields: (obj) => ({ 'status.replicas': String(statusOf(obj).replicas ?? 0) }),
});
