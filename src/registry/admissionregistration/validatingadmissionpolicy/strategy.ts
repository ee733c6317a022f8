// ValidatingAdmissionPolicies: defaults and the structural checks of the
// admissionregistration validation (CEL expressions are not compiled here).
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy, specOf } from '../../shared/define.js';
import { type Errs, type O, arr, child, duplicate, idx, isObj, notSupported, required, str, validateLabelSelector } from '../../shared/field.js';

/** SetDefaults_MatchResources (+ rule scopes) */
export function defaultMatchResources(mr: unknown): void {
  if (!isObj(mr)) return;
  mr.matchPolicy ??= 'Equivalent';
  if (!isObj(mr.namespaceSelector)) mr.namespaceSelector = {};
  if (!isObj(mr.objectSelector)) mr.objectSelector = {};
  for (const list of ['resourceRules', 'excludeResourceRules']) for (const r of arr(mr[list])) if (isObj(r) && (r.scope === undefined || r.scope === null)) r.scope = '*';
}

export function validateMatchResources(mr: O, path: string): Errs {
  const errs: Errs = [];
  if (mr.matchPolicy !== undefined && mr.matchPolicy !== null && !['Equivalent', 'Exact'].includes(mr.matchPolicy))
    errs.push(notSupported(child(path, 'matchPolicy'), mr.matchPolicy, ['Equivalent', 'Exact']));
  if (isObj(mr.namespaceSelector)) errs.push(...validateLabelSelector(mr.namespaceSelector, child(path, 'namespaceSelector')));
  else errs.push(required(child(path, 'namespaceSelector')));
  if (isObj(mr.objectSelector)) errs.push(...validateLabelSelector(mr.objectSelector, child(path, 'objectSelector')));
  else errs.push(required(child(path, 'objectSelector')));
  return errs;
}

function validate(obj: KObject): Errs {
  const errs: Errs = [];
  const spec = specOf(obj);
  if (spec.failurePolicy === undefined || spec.failurePolicy === null) errs.push(required('spec.failurePolicy'));
  else if (!['Fail', 'Ignore'].includes(spec.failurePolicy)) errs.push(notSupported('spec.failurePolicy', spec.failurePolicy, ['Fail', 'Ignore']));
  if (isObj(spec.paramKind)) {
    if (!str(spec.paramKind.apiVersion)) errs.push(required('spec.paramKind.apiVersion'));
    if (!str(spec.paramKind.kind)) errs.push(required('spec.paramKind.kind'));
  }
  if (!isObj(spec.matchConstraints)) errs.push(required('spec.matchConstraints'));
  else {
    errs.push(...validateMatchResources(spec.matchConstraints, 'spec.matchConstraints'));
    if (!arr(spec.matchConstraints.resourceRules).length) errs.push(required('spec.matchConstraints.resourceRules'));
  }
  if (!arr(spec.validations).length && !arr(spec.auditAnnotations).length) {
    errs.push(required('spec.validations', 'validations or auditAnnotations must contain at least one item'));
    errs.push(required('spec.auditAnnotations', 'validations or auditAnnotations must contain at least one item'));
  } else {
    arr(spec.validations).forEach((v, i) => {
      if (!str(v?.expression).trim()) errs.push(required(child(idx('spec.validations', i), 'expression')));
    });
    const keys = new Set<string>();
    arr(spec.auditAnnotations).forEach((a, i) => {
      const p = idx('spec.auditAnnotations', i);
      if (!str(a?.key)) errs.push(required(child(p, 'key')));
      if (keys.has(str(a?.key))) errs.push(duplicate(child(p, 'key'), str(a?.key)));
      keys.add(str(a?.key));
      if (!str(a?.valueExpression).trim()) errs.push(required(child(p, 'valueExpression')));
    });
  }
  return errs;
}

export const validatingAdmissionPolicyStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  generation: true,
  hasStatus: true,
  defaults(obj) {
    const spec = (isObj(obj.spec) ? obj.spec : (obj.spec = {})) as O;
    spec.failurePolicy ??= 'Fail';
    defaultMatchResources(spec.matchConstraints);
  },
  prepareForCreate(obj) {
    delete obj.status;
  },
  validate,
  validateUpdate: (obj) => validate(obj),
});
