// PodDisruptionBudgets, after pkg/registry/policy/poddisruptionbudget and the
// policy validation.
import type { Strategy } from '../../generic/strategy.js';
import { defineStrategy, specOf, statusOf } from '../../shared/define.js';
import { type Errs, type O, invalid, isNotMoreThan100Percent, notSupported, sortedDeep, validateConditions, validateLabelSelector, validateNonnegative, validatePositiveIntOrPercent } from '../../shared/field.js';

function validateSpec(spec: O): Errs {
  const errs: Errs = [];
  const set = (v: unknown): boolean => v !== undefined && v !== null;
  if (set(spec.minAvailable) && set(spec.maxUnavailable)) errs.push(invalid('spec', sortedDeep(spec), 'minAvailable and maxUnavailable cannot be both set'));
  for (const f of ['minAvailable', 'maxUnavailable'])
    if (set(spec[f])) {
      errs.push(...validatePositiveIntOrPercent(spec[f], `spec.${f}`));
      errs.push(...isNotMoreThan100Percent(spec[f], `spec.${f}`));
    }
  errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  if (set(spec.unhealthyPodEvictionPolicy) && !['AlwaysAllow', 'IfHealthyBudget'].includes(spec.unhealthyPodEvictionPolicy))
    errs.push(notSupported('spec.unhealthyPodEvictionPolicy', spec.unhealthyPodEvictionPolicy, ['AlwaysAllow', 'IfHealthyBudget']));
  return errs;
}

export const pdbStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  generation: true,
  hasStatus: true,
  prepareForCreate(obj) {
    obj.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  },
  validate: (obj) => validateSpec(specOf(obj)),
  validateUpdate: (obj) => validateSpec(specOf(obj)),
  validateStatusUpdate(obj) {
    const st = statusOf(obj);
    const errs = validateConditions(st.conditions, 'status.conditions');
    for (const f of ['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods']) errs.push(...validateNonnegative(st[f], `status.${f}`));
    return errs;
  },
});
