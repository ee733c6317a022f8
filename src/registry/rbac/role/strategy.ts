// Roles (and the rule/binding checks shared by the other RBAC types), after
// pkg/apis/rbac/v1/defaults.go and the RBAC validation. RBAC names are path
// segments.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy } from '../../shared/define.js';
import { type Errs, type O, arr, child, idx, invalid, isDNS1123Subdomain, isObj, notSupported, pathSegmentErrors, required, str, strs } from '../../shared/field.js';

export const rbacGroup = 'rbac.authorization.k8s.io';

export function validatePolicyRules(rules: unknown, namespaced: boolean): Errs {
  const errs: Errs = [];
  arr(rules).forEach((r, i) => {
    const p = idx('rules', i);
    if (!strs(r?.verbs).length) errs.push(required(child(p, 'verbs'), 'verbs must contain at least one value'));
    const urls = strs(r?.nonResourceURLs);
    if (urls.length) {
      if (namespaced) errs.push(invalid(child(p, 'nonResourceURLs'), urls, 'namespaced rules cannot apply to non-resource URLs'));
      if (strs(r?.apiGroups).length || strs(r?.resources).length || strs(r?.resourceNames).length)
        errs.push(invalid(child(p, 'nonResourceURLs'), urls, 'rules cannot apply to both regular resources and non-resource URLs'));
      return;
    }
    if (!strs(r?.apiGroups).length) errs.push(required(child(p, 'apiGroups'), 'resource rules must supply at least one api group'));
    if (!strs(r?.resources).length) errs.push(required(child(p, 'resources'), 'resource rules must supply at least one resource'));
  });
  return errs;
}

/** SetDefaults_RoleBinding / ClusterRoleBinding / Subject */
export function defaultBinding(obj: KObject): void {
  if (!isObj(obj.roleRef)) obj.roleRef = {};
  const rr = obj.roleRef as O;
  if (!rr.apiGroup) rr.apiGroup = rbacGroup;
  for (const s of arr(obj.subjects)) {
    if (!isObj(s) || s.apiGroup) continue;
    if (s.kind === 'ServiceAccount') s.apiGroup = '';
    else if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = rbacGroup;
  }
}

export function validateBinding(obj: KObject, namespaced: boolean): Errs {
  const errs: Errs = [];
  const rr: O = isObj(obj.roleRef) ? obj.roleRef : {};
  if (str(rr.apiGroup) !== rbacGroup) errs.push(notSupported('roleRef.apiGroup', str(rr.apiGroup), [rbacGroup]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(str(rr.kind))) errs.push(notSupported('roleRef.kind', str(rr.kind), kinds));
  if (!str(rr.name)) errs.push(required('roleRef.name'));
  else for (const m of pathSegmentErrors(str(rr.name))) errs.push(invalid('roleRef.name', rr.name, m));
  arr(obj.subjects).forEach((s, i) => {
    const p = idx('subjects', i);
    const name = str(s?.name);
    if (!name) errs.push(required(child(p, 'name')));
    switch (s?.kind) {
      case 'ServiceAccount':
        if (name) for (const m of isDNS1123Subdomain(name)) errs.push(invalid(child(p, 'name'), name, m));
        if (str(s.apiGroup)) errs.push(notSupported(child(p, 'apiGroup'), s.apiGroup, ['']));
        if (!namespaced && !str(s.namespace)) errs.push(required(child(p, 'namespace')));
        break;
      case 'User':
      case 'Group':
        if (str(s.apiGroup) !== rbacGroup) errs.push(notSupported(child(p, 'apiGroup'), str(s.apiGroup), [rbacGroup]));
        break;
      default:
        errs.push(notSupported(child(p, 'kind'), str(s?.kind), ['ServiceAccount', 'User', 'Group']));
    }
  });
  return errs;
}

export function validateRoleRefUnchanged(obj: KObject, old: KObject): Errs {
  const n: O = isObj(obj.roleRef) ? obj.roleRef : {};
  const o: O = isObj(old.roleRef) ? old.roleRef : {};
  if (str(n.apiGroup) === str(o.apiGroup) && str(n.kind) === str(o.kind) && str(n.name) === str(o.name)) return [];
  return [invalid('roleRef', { APIGroup: str(n.apiGroup), Kind: str(n.kind), Name: str(n.name) }, 'cannot change roleRef')];
}

export const roleStrategy: Strategy = defineStrategy({
  nameRule: 'path',
  allowCreateOnUpdate: true,
  allowUnconditionalUpdate: true,
  validate: (obj) => validatePolicyRules(obj.rules, true),
  validateUpdate: (obj) => validatePolicyRules(obj.rules, true),
});
