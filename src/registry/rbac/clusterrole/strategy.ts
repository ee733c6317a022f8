// ClusterRoles, after the RBAC validation.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy } from '../../shared/define.js';
import { validatePolicyRules } from '../role/strategy.js';
import { type Errs, arr, idx, invalid, isObj, labelSelectorParses, required, sortedDeep, validateLabelSelector } from '../../shared/field.js';

function validate(obj: KObject): Errs {
  const errs = validatePolicyRules(obj.rules, false);
  if (isObj(obj.aggregationRule)) {
    const sels = arr(obj.aggregationRule.clusterRoleSelectors);
    if (!sels.length) errs.push(required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    sels.forEach((s, i) => {
      const p = idx('aggregationRule.clusterRoleSelectors', i);
      errs.push(...validateLabelSelector(s ?? {}, p));
      if (!labelSelectorParses(s)) errs.push(invalid(p, sortedDeep(s), 'invalid label selector.'));
    });
  }
  return errs;
}

export const clusterRoleStrategy: Strategy = defineStrategy({
  nameRule: 'path',
  allowCreateOnUpdate: true,
  allowUnconditionalUpdate: true,
  validate,
  validateUpdate: (obj) => validate(obj),
});
