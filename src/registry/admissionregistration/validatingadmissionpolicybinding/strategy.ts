// ValidatingAdmissionPolicyBindings, after the admissionregistration
// defaults and validation.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy, specOf } from '../../shared/define.js';
import { defaultMatchResources, validateMatchResources } from '../validatingadmissionpolicy/strategy.js';
import { type Errs, type O, child, duplicate, forbidden, idx, invalid, isDNS1123Subdomain, isObj, notSupported, pathSegmentErrors, required, str, strs, validateLabelSelector } from '../../shared/field.js';

function validate(obj: KObject): Errs {
  const errs: Errs = [];
  const spec = specOf(obj);
  const pn = str(spec.policyName);
  if (!pn) errs.push(required('spec.policyName'));
  else for (const m of isDNS1123Subdomain(pn)) errs.push(invalid('spec.policyName', pn, m));
  if (isObj(spec.paramRef)) {
    const pr = spec.paramRef;
    const p = 'spec.paramRef';
    if (str(pr.name)) {
      for (const m of pathSegmentErrors(str(pr.name))) errs.push(invalid(child(p, 'name'), pr.name, m));
      if (isObj(pr.selector)) errs.push(forbidden(child(p, 'name'), 'name and selector are mutually exclusive'));
    }
    if (isObj(pr.selector)) {
      errs.push(...validateLabelSelector(pr.selector, child(p, 'selector')));
      if (str(pr.name)) errs.push(forbidden(child(p, 'selector'), 'name and selector are mutually exclusive'));
    }
    if (str(pr.namespace)) for (const m of pathSegmentErrors(str(pr.namespace))) errs.push(invalid(child(p, 'namespace'), pr.namespace, m));
    if (!str(pr.parameterNotFoundAction)) errs.push(required(child(p, 'parameterNotFoundAction')));
    else if (!['Allow', 'Deny'].includes(pr.parameterNotFoundAction)) errs.push(notSupported(child(p, 'parameterNotFoundAction'), pr.parameterNotFoundAction, ['Allow', 'Deny']));
  }
  if (isObj(spec.matchResources)) errs.push(...validateMatchResources(spec.matchResources, 'spec.matchResources'));
  const actions = strs(spec.validationActions);
  if (!actions.length) errs.push(required('spec.validationActions', 'at least one validation action is required'));
  const seen = new Set<string>();
  actions.forEach((a, i) => {
    const p = idx('spec.validationActions', i);
    if (seen.has(a)) errs.push(duplicate(p, a));
    seen.add(a);
    if (!['Audit', 'Deny', 'Warn'].includes(a)) errs.push(notSupported(p, a, ['Audit', 'Deny', 'Warn']));
  });
  if (seen.has('Deny') && seen.has('Warn')) errs.push(invalid('spec.validationActions', actions, 'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)'));
  return errs;
}

export const validatingAdmissionPolicyBindingStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  generation: true,
  defaults(obj) {
    const spec = (isObj(obj.spec) ? obj.spec : (obj.spec = {})) as O;
    defaultMatchResources(spec.matchResources);
  },
  validate,
  validateUpdate: (obj) => validate(obj),
});
