// ResourceQuotas, after pkg/registry/core/resourcequota and
// ValidateResourceQuota*.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy, specOf, statusOf } from '../../shared/define.js';
import { defaultResourceList } from '../../shared/quantity.js';
import { validateResourceName, validateResourceQuantity, isHugePageResourceName } from '../../shared/podSpec.js';
import { type Errs, type O, arr, child, invalid, isObj, key, mapOf, required, sortedDeep, str, strs, fieldImmutableErrorMsg } from '../../shared/field.js';

const standardQuotaResources = [
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'quotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'persistentvolumeclaims',
  'configmaps',
  'services.nodeports',
  'services.loadbalancers',
];
const standardScopes = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'VolumeAttributesClass', 'CrossNamespacePodAffinity'];
const isStandardQuotaResource = (n: string) => standardQuotaResources.includes(n) || isHugePageResourceName(n) || n.startsWith('requests.hugepages-');

function scopeValidFor(scope: string, res: string): boolean {
  const podCount = ['pods'];
  const podCompute = ['cpu', 'memory', 'limits.cpu', 'limits.memory', 'requests.cpu', 'requests.memory'];
  switch (scope) {
    case 'Terminating':
    case 'NotTerminating':
    case 'NotBestEffort':
    case 'PriorityClass':
    case 'CrossNamespacePodAffinity':
      return podCount.includes(res) || podCompute.includes(res);
    case 'BestEffort':
      return podCount.includes(res);
    case 'VolumeAttributesClass':
      return ['persistentvolumeclaims', 'requests.storage'].includes(res);
    default:
      return true;
  }
}

function validateQuotaResources(list: unknown, path: string): Errs {
  const errs: Errs = [];
  for (const [k, v] of Object.entries(mapOf(list)).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const p = key(path, k);
    errs.push(...validateResourceName(k, p));
    if (!k.includes('/') && !isStandardQuotaResource(k)) errs.push(invalid(p, k, 'must be a standard resource for quota'));
    errs.push(...validateResourceQuantity(k, v, p));
  }
  return errs;
}

function validateSpec(spec: O): Errs {
  const errs = validateQuotaResources(spec.hard, 'spec.hard');
  const hard = Object.keys(mapOf(spec.hard)).sort();
  const scopes = strs(spec.scopes);
  if (scopes.length) {
    const set = new Set<string>();
    for (const s of scopes) {
      if (!standardScopes.includes(s)) errs.push(invalid('spec.scopes', scopes, 'unsupported scope'));
      for (const k of hard) if (isStandardQuotaResource(k) && !scopeValidFor(s, k)) errs.push(invalid('spec.scopes', scopes, 'unsupported scope applied to resource'));
      set.add(s);
    }
    if ((set.has('BestEffort') && set.has('NotBestEffort')) || (set.has('Terminating') && set.has('NotTerminating'))) errs.push(invalid('spec.scopes', scopes, 'conflicting scopes'));
  }
  if (isObj(spec.scopeSelector)) {
    const p = 'spec.scopeSelector.matchExpressions';
    const set = new Set<string>();
    for (const r of arr(spec.scopeSelector.matchExpressions)) {
      const sn = str(r?.scopeName);
      if (!standardScopes.includes(sn)) errs.push(invalid(child(p, 'scopeName'), sn, 'unsupported scope'));
      for (const k of hard) if (isStandardQuotaResource(k) && !scopeValidFor(sn, k)) errs.push(invalid(p, sortedDeep(spec.scopeSelector), 'unsupported scope applied to resource'));
      if (['BestEffort', 'NotBestEffort', 'Terminating', 'NotTerminating', 'CrossNamespacePodAffinity'].includes(sn) && r?.operator !== 'Exists')
        errs.push(
          invalid(
            child(p, 'operator'),
            str(r?.operator),
            'must be \'Exists\' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity',
          ),
        );
      switch (r?.operator) {
        case 'In':
        case 'NotIn':
          if (!strs(r.values).length) errs.push(required(child(p, 'values'), "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector"));
          break;
        case 'Exists':
        case 'DoesNotExist':
          if (strs(r.values).length) errs.push(invalid(child(p, 'values'), strs(r.values), "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector"));
          break;
        default:
          errs.push(invalid(child(p, 'operator'), str(r?.operator), 'not a valid selector operator'));
      }
      set.add(sn);
    }
    if ((set.has('BestEffort') && set.has('NotBestEffort')) || (set.has('Terminating') && set.has('NotTerminating'))) errs.push(invalid(p, spec.scopes ?? null, 'conflicting scopes'));
  }
  return errs;
}

function defaultQuota(obj: KObject): void {
  defaultResourceList(specOf(obj).hard);
  if (isObj(obj.status)) {
    defaultResourceList((obj.status as O).hard);
    defaultResourceList((obj.status as O).used);
  }
}

export const resourceQuotaStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  hasStatus: true,
  allowUnconditionalUpdate: true,
  returnDeletedObject: true,
  defaults: defaultQuota,
  prepareForCreate(obj) {
    delete obj.status;
  },
  validate(obj) {
    return [...validateSpec(specOf(obj)), ...validateQuotaResources(statusOf(obj).hard, 'status.hard'), ...validateQuotaResources(statusOf(obj).used, 'status.used')];
  },
  validateUpdate(obj, old) {
    const errs = validateSpec(specOf(obj));
    const a = [...new Set(strs(specOf(obj).scopes))].sort();
    const b = [...new Set(strs(specOf(old).scopes))].sort();
    if (JSON.stringify(a) !== JSON.stringify(b)) errs.push(invalid('spec.scopes', strs(specOf(obj).scopes), fieldImmutableErrorMsg));
    return errs;
  },
  validateStatusUpdate(obj) {
    return [...validateQuotaResources(statusOf(obj).hard, 'status.hard'), ...validateQuotaResources(statusOf(obj).used, 'status.used')];
  },
});
