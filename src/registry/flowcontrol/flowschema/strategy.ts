// FlowSchemas, after pkg/apis/flowcontrol/v1/defaults.go,
// pkg/registry/flowcontrol/flowschema and the flowcontrol validation.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy, metaOf, specOf, statusOf } from '../../shared/define.js';
import { type Errs, type O, arr, child, duplicate, forbidden, idx, invalid, isDNS1123Label, isDNS1123Subdomain, isObj, notSupported, required, sortedDeep, str, strs } from '../../shared/field.js';

const supportedVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'proxy', 'update', 'watch'];

function validateNonResourceURL(p: string, path: string): Errs {
  if (!p) return [invalid(path, p, 'must not be empty')];
  if (p === '/') return [];
  if (!p.startsWith('/')) return [invalid(path, p, 'must start with slash')];
  if (p.includes(' ')) return [invalid(path, p, 'must not contain white-space')];
  if (p.includes('//')) return [invalid(path, p, 'must not contain double slash')];
  const stars = p.split('*').length - 1;
  if (stars > 1 || (stars === 1 && !p.endsWith('/*'))) return [invalid(path, p, 'wildcard can only do suffix matching')];
  return [];
}

function validateVerbs(verbs: string[], path: string): Errs {
  if (!verbs.length) return [required(path, 'verbs must contain at least one value')];
  if (verbs.includes('*')) return verbs.length > 1 ? [invalid(path, verbs, "if '*' is present, must not specify other verbs")] : [];
  return verbs.every((v) => supportedVerbs.includes(v)) ? [] : [notSupported(path, verbs, supportedVerbs)];
}

function validateSubject(s: O, path: string): Errs {
  const errs: Errs = [];
  const forb = (f: string, kind: string) => {
    if (s[f] !== undefined && s[f] !== null) errs.push(forbidden(child(path, f), `${f} is forbidden when subject kind is not '${kind}'`));
  };
  switch (s.kind) {
    case 'ServiceAccount': {
      const sa = s.serviceAccount;
      if (!isObj(sa)) errs.push(required(child(path, 'serviceAccount'), "serviceAccount is required when subject kind is 'ServiceAccount'"));
      else {
        const sp = child(path, 'serviceAccount');
        if (!str(sa.name)) errs.push(required(child(sp, 'name')));
        else if (sa.name !== '*') for (const m of isDNS1123Subdomain(str(sa.name))) errs.push(invalid(child(sp, 'name'), sa.name, m));
        if (str(sa.namespace)) for (const m of isDNS1123Label(str(sa.namespace))) errs.push(invalid(child(sp, 'namespace'), sa.namespace, m));
        else errs.push(required(child(sp, 'namespace'), 'must specify namespace for service account'));
      }
      forb('user', 'User');
      forb('group', 'Group');
      break;
    }
    case 'User':
      if (!isObj(s.user)) errs.push(required(child(path, 'user'), "user is required when subject kind is 'User'"));
      else if (!str(s.user.name)) errs.push(required(child(path, 'user', 'name')));
      forb('serviceAccount', 'ServiceAccount');
      forb('group', 'Group');
      break;
    case 'Group':
      if (!isObj(s.group)) errs.push(required(child(path, 'group'), "group is required when subject kind is 'Group'"));
      else if (!str(s.group.name)) errs.push(required(child(path, 'group', 'name')));
      forb('serviceAccount', 'ServiceAccount');
      forb('user', 'User');
      break;
    default:
      errs.push(notSupported(child(path, 'kind'), str(s.kind), ['Group', 'ServiceAccount', 'User']));
  }
  return errs;
}

function validateRule(r: O, path: string): Errs {
  const errs: Errs = [];
  const subjects = arr(r.subjects);
  if (subjects.length) subjects.forEach((s, i) => errs.push(...validateSubject(s ?? {}, idx(child(path, 'subjects'), i))));
  else errs.push(required(child(path, 'subjects'), 'subjects must contain at least one value'));
  if (!arr(r.resourceRules).length && !arr(r.nonResourceRules).length) errs.push(required(path, 'at least one of resourceRules and nonResourceRules has to be non-empty'));
  arr(r.resourceRules).forEach((rr, i) => {
    const p = idx(child(path, 'resourceRules'), i);
    errs.push(...validateVerbs(strs(rr?.verbs), child(p, 'verbs')));
    const groups = strs(rr?.apiGroups);
    if (!groups.length) errs.push(required(child(p, 'apiGroups'), 'resource rules must supply at least one api group'));
    else if (groups.length > 1 && groups.includes('*')) errs.push(invalid(child(p, 'apiGroups'), groups, "if '*' is present, must not specify other api groups"));
    const res = strs(rr?.resources);
    if (!res.length) errs.push(required(child(p, 'resources'), 'resource rules must supply at least one resource'));
    else if (res.length > 1 && res.includes('*')) errs.push(invalid(child(p, 'resources'), res, "if '*' is present, must not specify other resources"));
    const nss = strs(rr?.namespaces);
    if (!nss.length && rr?.clusterScope !== true) errs.push(required(child(p, 'namespaces'), 'resource rules that are not cluster scoped must supply at least one namespace'));
    else if (nss.includes('*')) {
      if (nss.length > 1) errs.push(invalid(child(p, 'namespaces'), nss, "if '*' is present, must not specify other namespaces"));
    } else
      nss.forEach((ns, j) => {
        for (const m of isDNS1123Label(ns)) errs.push(invalid(idx(child(p, 'namespaces'), j), ns, `each member of this list must be '*' or a DNS-1123 label; ${m}`));
      });
  });
  arr(r.nonResourceRules).forEach((nr, i) => {
    const p = idx(child(path, 'nonResourceRules'), i);
    errs.push(...validateVerbs(strs(nr?.verbs), child(p, 'verbs')));
    const urls = strs(nr?.nonResourceURLs);
    if (!urls.length) errs.push(required(child(p, 'nonResourceURLs'), 'nonResourceURLs must contain at least one value'));
    else if (urls.includes('*')) {
      if (urls.length > 1) errs.push(invalid(child(p, 'nonResourceURLs'), urls, "if '*' is present, must not specify other non-resource URLs"));
    } else urls.forEach((u, j) => errs.push(...validateNonResourceURL(u, idx(child(p, 'nonResourceURLs'), j))));
  });
  return errs;
}

export function validateFlowControlConditions(st: O): Errs {
  const errs: Errs = [];
  const seen = new Set<string>();
  arr(st.conditions).forEach((c, i) => {
    const p = idx('status.conditions', i);
    if (seen.has(str(c?.type))) errs.push(duplicate(child(p, 'type'), str(c?.type)));
    seen.add(str(c?.type));
    if (!str(c?.type)) errs.push(required(child(p, 'type')));
  });
  return errs;
}

function validate(obj: KObject): Errs {
  const errs: Errs = [];
  const spec = specOf(obj);
  const mp = spec.matchingPrecedence ?? 0;
  if (mp <= 0) errs.push(invalid('spec.matchingPrecedence', mp, 'must be a positive value'));
  if (mp > 10000) errs.push(invalid('spec.matchingPrecedence', mp, 'must not be greater than 10000'));
  if (mp === 1 && str(metaOf(obj).name) !== 'exempt') errs.push(invalid('spec.matchingPrecedence', mp, "only the schema named 'exempt' may have matchingPrecedence 1"));
  if (isObj(spec.distinguisherMethod) && !['ByNamespace', 'ByUser'].includes(str(spec.distinguisherMethod.type)))
    errs.push(notSupported('spec.distinguisherMethod.type', sortedDeep(spec.distinguisherMethod), ['ByNamespace', 'ByUser']));
  const pl = str(spec.priorityLevelConfiguration?.name);
  if (pl) for (const m of isDNS1123Subdomain(pl)) errs.push(invalid('spec.priorityLevelConfiguration.name', pl, m));
  else errs.push(required('spec.priorityLevelConfiguration.name', 'must reference a priority level'));
  arr(spec.rules).forEach((r, i) => errs.push(...validateRule(r ?? {}, idx('spec.rules', i))));
  errs.push(...validateFlowControlConditions(statusOf(obj)));
  return errs;
}

export const flowSchemaStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  generation: true,
  hasStatus: true,
  allowUnconditionalUpdate: true,
  defaults(obj) {
    const spec = (isObj(obj.spec) ? obj.spec : (obj.spec = {})) as O;
    if (!spec.matchingPrecedence) spec.matchingPrecedence = 1000;
  },
  prepareForCreate(obj) {
    obj.status = {};
  },
  validate,
  validateUpdate: (obj) => validate(obj),
  validateStatusUpdate: (obj) => validateFlowControlConditions(statusOf(obj)),
});
