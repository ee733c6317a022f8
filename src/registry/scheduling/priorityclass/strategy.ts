// PriorityClasses, after pkg/registry/scheduling/priorityclass and the
// scheduling validation. Generation is 1 from creation and never bumped.
import type { Strategy } from '../../generic/strategy.js';
import { defineStrategy, metaOf } from '../../shared/define.js';
import { type Errs, forbidden, invalid, notSupported, required, str, fieldImmutableErrorMsg } from '../../shared/field.js';

const systemClasses: Record<string, { value: number; globalDefault: boolean }> = {
  'system-cluster-critical': { value: 2000000000, globalDefault: false },
  'system-node-critical': { value: 2000001000, globalDefault: false },
};

export const priorityClassStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  allowUnconditionalUpdate: true,
  defaults(obj) {
    if (obj.preemptionPolicy === undefined || obj.preemptionPolicy === null) obj.preemptionPolicy = 'PreemptLowerPriority';
  },
  prepareForCreate(obj) {
    const m = obj.metadata ?? (obj.metadata = {});
    m.generation = 1;
  },
  validate(obj) {
    const errs: Errs = [];
    const name = str(metaOf(obj).name);
    const value = typeof obj.value === 'number' ? obj.value : 0;
    const gd = obj.globalDefault === true;
    if (name.startsWith('system-')) {
      const known = systemClasses[name];
      let why = '';
      if (!known) why = `${name} is not a known system priority class`;
      else if (known.value !== value) why = `value of ${name} PriorityClass must be ${known.value}`;
      else if (known.globalDefault !== gd) why = `globalDefault of ${name} PriorityClass must be ${known.globalDefault}`;
      if (why) errs.push(forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: ${why}`));
    } else if (value > 1000000000) errs.push(forbidden('value', 'maximum allowed value of a user defined priority is 1000000000'));
    if (obj.preemptionPolicy !== undefined && obj.preemptionPolicy !== null) {
      if (!obj.preemptionPolicy) errs.push(required('preemptionPolicy'));
      else if (!['PreemptLowerPriority', 'Never'].includes(str(obj.preemptionPolicy)))
        errs.push(notSupported('preemptionPolicy', obj.preemptionPolicy, ['PreemptLowerPriority', 'Never']));
    }
    return errs;
  },
  validateUpdate(obj, old) {
    const errs: Errs = [];
    if ((obj.value ?? 0) !== (old.value ?? 0)) errs.push(forbidden('value', 'may not be changed in an update.'));
    if ((obj.preemptionPolicy ?? null) !== (old.preemptionPolicy ?? null)) errs.push(invalid('preemptionPolicy', obj.preemptionPolicy ?? null, fieldImmutableErrorMsg));
    return errs;
  },
});
