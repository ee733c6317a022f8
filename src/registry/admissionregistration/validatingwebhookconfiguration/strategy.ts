// ValidatingWebhookConfigurations (and the webhook checks shared with the
// mutating kind), after pkg/apis/admissionregistration/v1/defaults.go and the
// admissionregistration validation.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy } from '../../shared/define.js';
import {
  type Errs,
  type O,
  arr,
  child,
  duplicate,
  idx,
  invalid,
  isDNS1035Label,
  isDNS1123Subdomain,
  isObj,
  isValidPortNum,
  notSupported,
  quoteList,
  required,
  str,
  strs,
  validateLabelSelector,
} from '../../shared/field.js';

/** SetDefaults_ValidatingWebhook / MutatingWebhook / Rule / ServiceReference */
export function defaultWebhooks(obj: KObject, mutating: boolean): void {
  for (const h of arr(obj.webhooks)) {
    if (!isObj(h)) continue;
    h.failurePolicy ??= 'Fail';
    h.matchPolicy ??= 'Equivalent';
    if (!isObj(h.namespaceSelector)) h.namespaceSelector = {};
    if (!isObj(h.objectSelector)) h.objectSelector = {};
    h.timeoutSeconds ??= 10;
    if (mutating) h.reinvocationPolicy ??= 'Never';
    for (const r of arr(h.rules)) if (isObj(r) && (r.scope === undefined || r.scope === null)) r.scope = '*';
    if (isObj(h.clientConfig) && isObj(h.clientConfig.service)) h.clientConfig.service.port ??= 443;
  }
}

function validateURL(u: string, path: string): Errs {
  const form = '; desired format: https://host[/path]';
  let url: URL;
  try {
    url = new URL(u);
  } catch (e) {
    if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(u)) return [invalid(path, '', `'https' is the only allowed URL scheme${form}`), invalid(path, '', `host must be specified${form}`)];
    return [required(path, `url must be a valid URL: ${(e as Error).message}${form}`)];
  }
  const errs: Errs = [];
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'https') errs.push(invalid(path, scheme, `'https' is the only allowed URL scheme${form}`));
  if (!url.host) errs.push(invalid(path, url.host, `host must be specified${form}`));
  if (url.username || url.password) errs.push(invalid(path, url.password ? `${url.username}:${url.password}` : url.username, 'user information is not permitted in the URL'));
  if (url.hash) errs.push(invalid(path, url.hash.slice(1), 'fragments are not permitted in the URL'));
  if (url.search) errs.push(invalid(path, url.search.slice(1), 'query parameters are not permitted in the URL'));
  return errs;
}

function validateService(s: O, path: string): Errs {
  const errs: Errs = [];
  if (!str(s.name)) errs.push(required(child(path, 'name')));
  if (!str(s.namespace)) errs.push(required(child(path, 'namespace')));
  const port = s.port ?? 0;
  const pe = isValidPortNum(port);
  if (pe.length) errs.push(invalid(child(path, 'port'), port, `port is not valid: ${pe.join(', ')}`));
  if (s.path === undefined || s.path === null) return errs;
  const p = str(s.path);
  if (p === '/' || !p) return errs;
  if (p === '//') return [...errs, invalid(child(path, 'path'), p, 'segment[0] may not be empty')];
  if (!p.startsWith('/')) errs.push(invalid(child(path, 'path'), p, "must start with a '/'"));
  let check = p.slice(1);
  if (check.endsWith('/')) check = check.slice(0, -1);
  check.split('/').forEach((step, i) => {
    if (!step) {
      errs.push(invalid(child(path, 'path'), p, `segment[${i}] may not be empty`));
      return;
    }
    for (const m of isDNS1123Subdomain(step)) errs.push(invalid(child(path, 'path'), p, `segment[${i}]: ${m}`));
  });
  return errs;
}

function validateResources(resources: string[], path: string): Errs {
  const errs: Errs = [];
  if (!resources.length) errs.push(required(path));
  const resWild = new Set<string>();
  const subWild = new Set<string>();
  let dbl = false;
  let single = false;
  let noSub = false;
  resources.forEach((rs, i) => {
    if (!rs) {
      errs.push(required(idx(path, i)));
      return;
    }
    if (rs === '*/*') dbl = true;
    if (rs === '*') single = true;
    const slash = rs.indexOf('/');
    if (slash < 0) {
      noSub = rs !== '*';
      return;
    }
    const res = rs.slice(0, slash);
    const sub = rs.slice(slash + 1);
    if (resWild.has(res)) errs.push(invalid(idx(path, i), rs, `if '${res}/*' is present, must not specify ${rs}`));
    if (subWild.has(sub)) errs.push(invalid(idx(path, i), rs, `if '*/${sub}' is present, must not specify ${rs}`));
    if (sub === '*') resWild.add(res);
    if (res === '*') subWild.add(sub);
  });
  if (resources.length > 1 && dbl) errs.push(invalid(path, resources, "if '*/*' is present, must not specify other resources"));
  if (single && noSub) errs.push(invalid(path, resources, "if '*' is present, must not specify other resources without subresources"));
  return errs;
}

const supportedOperations = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];

function validateRule(r: O, path: string): Errs {
  const errs: Errs = [];
  const ops = strs(r.operations);
  if (!ops.length) errs.push(required(child(path, 'operations')));
  if (ops.length > 1 && ops.includes('*')) errs.push(invalid(child(path, 'operations'), ops, "if '*' is present, must not specify other operations"));
  ops.forEach((o, i) => {
    if (!supportedOperations.includes(o)) errs.push(notSupported(idx(child(path, 'operations'), i), o, supportedOperations));
  });
  const groups = strs(r.apiGroups);
  if (!groups.length) errs.push(required(child(path, 'apiGroups')));
  if (groups.length > 1 && groups.includes('*')) errs.push(invalid(child(path, 'apiGroups'), groups, "if '*' is present, must not specify other API groups"));
  const versions = strs(r.apiVersions);
  if (!versions.length) errs.push(required(child(path, 'apiVersions')));
  if (versions.length > 1 && versions.includes('*')) errs.push(invalid(child(path, 'apiVersions'), versions, "if '*' is present, must not specify other API versions"));
  versions.forEach((v, i) => {
    if (!v) errs.push(required(idx(child(path, 'apiVersions'), i)));
  });
  errs.push(...validateResources(strs(r.resources), child(path, 'resources')));
  if (r.scope !== undefined && r.scope !== null && !['*', 'Cluster', 'Namespaced'].includes(r.scope)) errs.push(notSupported(child(path, 'scope'), r.scope, ['*', 'Cluster', 'Namespaced']));
  return errs;
}

function validateFullyQualifiedName(name: string, path: string): Errs {
  if (!name) return [required(path)];
  const se = isDNS1123Subdomain(name);
  if (se.length) return [invalid(path, name, se.join(','))];
  if (name.split('.').length < 3) return [invalid(path, name, 'should be a domain with at least three segments separated by dots')];
  return [];
}

export function validateWebhooks(obj: KObject, mutating: boolean, old?: KObject): Errs {
  const errs: Errs = [];
  const names = new Set<string>();
  const oldHooks = old ? arr(old.webhooks) : [];
  // stored objects that pre-date a rule keep being accepted (as upstream's update options do)
  const requireNoSideEffects = !old || oldHooks.every((h) => ['None', 'NoneOnDryRun'].includes(str(h?.sideEffects)));
  const requireRecognized = !old || oldHooks.every((h) => strs(h?.admissionReviewVersions).some((v) => v === 'v1' || v === 'v1beta1'));
  const requireUnique = !old || new Set(oldHooks.map((h) => str(h?.name))).size === oldHooks.length;
  const allowedSideEffects = requireNoSideEffects ? ['None', 'NoneOnDryRun'] : ['None', 'NoneOnDryRun', 'Some', 'Unknown'];
  arr(obj.webhooks).forEach((h, i) => {
    const p = idx('webhooks', i);
    const hook: O = isObj(h) ? h : {};
    errs.push(...validateFullyQualifiedName(str(hook.name), child(p, 'name')));
    arr(hook.rules).forEach((r, j) => errs.push(...validateRule(r ?? {}, idx(child(p, 'rules'), j))));
    if (hook.failurePolicy !== undefined && hook.failurePolicy !== null && !['Fail', 'Ignore'].includes(hook.failurePolicy))
      errs.push(notSupported(child(p, 'failurePolicy'), hook.failurePolicy, ['Fail', 'Ignore']));
    if (hook.matchPolicy !== undefined && hook.matchPolicy !== null && !['Equivalent', 'Exact'].includes(hook.matchPolicy))
      errs.push(notSupported(child(p, 'matchPolicy'), hook.matchPolicy, ['Equivalent', 'Exact']));
    if (hook.sideEffects === undefined || hook.sideEffects === null) errs.push(required(child(p, 'sideEffects'), `must specify one of ${allowedSideEffects.join(', ')}`));
    else if (!allowedSideEffects.includes(hook.sideEffects)) errs.push(notSupported(child(p, 'sideEffects'), hook.sideEffects, allowedSideEffects));
    if (typeof hook.timeoutSeconds === 'number' && (hook.timeoutSeconds > 30 || hook.timeoutSeconds < 1))
      errs.push(invalid(child(p, 'timeoutSeconds'), hook.timeoutSeconds, 'the timeout value must be between 1 and 30 seconds'));
    if (isObj(hook.namespaceSelector)) errs.push(...validateLabelSelector(hook.namespaceSelector, child(p, 'namespaceSelector')));
    if (isObj(hook.objectSelector)) errs.push(...validateLabelSelector(hook.objectSelector, child(p, 'objectSelector')));
    if (mutating && hook.reinvocationPolicy !== undefined && hook.reinvocationPolicy !== null && !['IfNeeded', 'Never'].includes(hook.reinvocationPolicy))
      errs.push(notSupported(child(p, 'reinvocationPolicy'), hook.reinvocationPolicy, ['IfNeeded', 'Never']));
    const cc: O = isObj(hook.clientConfig) ? hook.clientConfig : {};
    const hasURL = cc.url !== undefined && cc.url !== null;
    const hasSvc = isObj(cc.service);
    if (hasURL === hasSvc) errs.push(required(child(p, 'clientConfig'), 'exactly one of url or service is required'));
    else if (hasURL) errs.push(...validateURL(str(cc.url), child(p, 'clientConfig', 'url')));
    else errs.push(...validateService(cc.service, child(p, 'clientConfig', 'service')));
    const mcNames = new Set<string>();
    arr(hook.matchConditions).forEach((mc, j) => {
      const mp = idx(child(p, 'matchConditions'), j);
      const n = str(mc?.name);
      if (!n) errs.push(required(child(mp, 'name')));
      else if (mcNames.has(n)) errs.push(duplicate(child(mp, 'name'), n));
      mcNames.add(n);
      if (!str(mc?.expression)) errs.push(required(child(mp, 'expression')));
    });
    if (arr(hook.matchConditions).length > 64) errs.push({ type: 'FieldValueTooMany', field: child(p, 'matchConditions'), value: arr(hook.matchConditions).length, detail: 'must have at most 64 items' });
    // admission review versions
    const vp = child(p, 'admissionReviewVersions');
    const versions = strs(hook.admissionReviewVersions);
    if (!versions.length) errs.push(required(vp, 'must specify one of v1, v1beta1'));
    else {
      const seen = new Set<string>();
      let accepted = false;
      versions.forEach((v, j) => {
        if (seen.has(v)) {
          errs.push(invalid(idx(vp, j), v, 'duplicate version'));
          return;
        }
        seen.add(v);
        for (const m of isDNS1035Label(v)) errs.push(invalid(idx(vp, j), v, m));
        if (v === 'v1' || v === 'v1beta1') accepted = true;
      });
      if (requireRecognized && !accepted) errs.push(invalid(vp, versions, 'must include at least one of v1, v1beta1'));
    }
    if (requireUnique && str(hook.name)) {
      if (names.has(str(hook.name))) errs.push(duplicate(child(p, 'name'), str(hook.name)));
      else names.add(str(hook.name));
    }
  });
  return errs;
}

void quoteList;

export const validatingWebhookConfigurationStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  generation: true,
  defaults: (obj) => defaultWebhooks(obj, false),
  validate: (obj) => validateWebhooks(obj, false),
  validateUpdate: (obj, old) => validateWebhooks(obj, false, old),
});
