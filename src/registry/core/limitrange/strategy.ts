// LimitRanges, after SetDefaults_LimitRangeItem and ValidateLimitRange.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { newUid } from '../../../machinery/objects.js';
import { defineStrategy, specOf } from '../../shared/define.js';
import { defaultResourceList, format, parseQuantity, cmp, milliValue, value, type Quantity } from '../../shared/quantity.js';
import { isOvercommitAllowed, validateResourceName } from '../../shared/podSpec.js';
import { quantityErrors } from '../../shared/pvc.js';
import { type Errs, type O, arr, child, duplicate, forbidden, idx, invalid, isObj, key, mapOf, required, str, validateQualifiedName } from '../../shared/field.js';

const limitTypes = ['Pod', 'Container', 'PersistentVolumeClaim'];

export function defaultLimitRange(obj: KObject): void {
  for (const item of arr(specOf(obj).limits)) {
    if (!isObj(item)) continue;
    if (item.type === 'Container') {
      if (!isObj(item.default)) item.default = {};
      if (!isObj(item.defaultRequest)) item.defaultRequest = {};
      for (const [k, v] of Object.entries(mapOf(item.max))) if (!(k in item.default)) item.default[k] = v;
      for (const [k, v] of Object.entries(mapOf(item.default))) if (!(k in item.defaultRequest)) item.defaultRequest[k] = v;
      for (const [k, v] of Object.entries(mapOf(item.min))) if (!(k in item.defaultRequest)) item.defaultRequest[k] = v;
      if (!Object.keys(item.default).length) delete item.default;
      if (!Object.keys(item.defaultRequest).length) delete item.defaultRequest;
    }
    for (const f of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) defaultResourceList(item[f]);
  }
}

function validateResName(type: string, n: string, path: string): Errs {
  if (type === 'Pod' || type === 'Container') {
    const errs = validateResourceName(n, path);
    if (!n.includes('/')) {
      if (!['cpu', 'memory', 'ephemeral-storage'].includes(n) && !n.startsWith('hugepages-')) errs.push(invalid(path, n, 'must be a standard resource for containers'));
    }
    return errs;
  }
  return validateResourceName(n, path);
}

function validateLimitRange(obj: KObject): Errs {
  const errs: Errs = [];
  const seenTypes = new Set<string>();
  arr(specOf(obj).limits).forEach((l, i) => {
    const p = idx('spec.limits', i);
    const type = str(l?.type);
    const te = validateQualifiedName(type, child(p, 'type'));
    errs.push(...te);
    if (!te.length && !type.includes('/') && !limitTypes.includes(type)) errs.push(invalid(child(p, 'type'), type, 'must be a standard limit type or fully qualified'));
    if (seenTypes.has(type)) errs.push(duplicate(child(p, 'type'), type));
    seenTypes.add(type);
    const keys = new Set<string>();
    const lists: Record<string, Map<string, Quantity>> = {};
    const collect = (f: string) => {
      const m = new Map<string, Quantity>();
      for (const [k, v] of Object.entries(mapOf(l?.[f]))) {
        errs.push(...validateResName(type, k, key(child(p, f), k)));
        const q = parseQuantity(v);
        if (!q) errs.push(...quantityErrors(v, key(child(p, f), k)));
        else m.set(k, q);
        keys.add(k);
      }
      lists[f] = m;
    };
    collect('max');
    collect('min');
    if (type === 'Pod') {
      if (Object.keys(mapOf(l?.default)).length) errs.push(forbidden(child(p, 'default'), "may not be specified when `type` is 'Pod'"));
      if (Object.keys(mapOf(l?.defaultRequest)).length) errs.push(forbidden(child(p, 'defaultRequest'), "may not be specified when `type` is 'Pod'"));
      lists.default = new Map();
      lists.defaultRequest = new Map();
    } else {
      collect('default');
      collect('defaultRequest');
    }
    if (type === 'PersistentVolumeClaim' && !('storage' in mapOf(l?.min)) && !('storage' in mapOf(l?.max)))
      errs.push(required(child(p, 'limits'), 'either minimum or maximum storage value is required, but neither was provided'));
    collect('maxLimitRequestRatio');
    for (const k of [...keys].sort()) {
      const min = lists.min.get(k);
      const max = lists.max.get(k);
      const def = lists.default.get(k);
      const defReq = lists.defaultRequest.get(k);
      const ratio = lists.maxLimitRequestRatio.get(k);
      const f = (q: Quantity) => format(q);
      if (min && max && cmp(min, max) > 0) errs.push(invalid(key(child(p, 'min'), k), f(min), `min value ${f(min)} is greater than max value ${f(max)}`));
      if (defReq && min && cmp(min, defReq) > 0) errs.push(invalid(key(child(p, 'defaultRequest'), k), f(defReq), `min value ${f(min)} is greater than default request value ${f(defReq)}`));
      if (defReq && max && cmp(defReq, max) > 0) errs.push(invalid(key(child(p, 'defaultRequest'), k), f(defReq), `default request value ${f(defReq)} is greater than max value ${f(max)}`));
      if (defReq && def && cmp(defReq, def) > 0) errs.push(invalid(key(child(p, 'defaultRequest'), k), f(defReq), `default request value ${f(defReq)} is greater than default limit value ${f(def)}`));
      if (def && min && cmp(min, def) > 0) errs.push(invalid(key(child(p, 'default'), k), f(min), `min value ${f(min)} is greater than default value ${f(def)}`));
      if (def && max && cmp(def, max) > 0) errs.push(invalid(key(child(p, 'default'), k), f(max), `default value ${f(def)} is greater than max value ${f(max)}`));
      if (ratio && cmp(ratio, { m: 1n, e: 0, format: 'DecimalSI' }) < 0) errs.push(invalid(key(child(p, 'maxLimitRequestRatio'), k), f(ratio), `ratio ${f(ratio)} is less than 1`));
      if (ratio && min && max) {
        const r = Number(milliValue(ratio)) / 1000;
        const limit = Number(milliValue(max)) / Number(milliValue(min));
        if (r > limit) errs.push(invalid(key(child(p, 'maxLimitRequestRatio'), k), f(ratio), `ratio ${f(ratio)} is greater than max/min = ${limit.toFixed(6)}`));
      }
      if (!isOvercommitAllowed(k) && def && defReq && cmp(def, defReq) !== 0)
        errs.push(invalid(key(child(p, 'defaultRequest'), k), f(defReq), `default value ${f(def)} must equal to defaultRequest value ${f(defReq)} in ${k}`));
    }
  });
  return errs;
}

void value;

export const limitRangeStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  allowCreateOnUpdate: true,
  allowUnconditionalUpdate: true,
  defaults: defaultLimitRange,
  prepareForCreate(obj) {
    const m = obj.metadata ?? (obj.metadata = {});
    if (!m.name) m.name = newUid();
  },
  validate: validateLimitRange,
  validateUpdate: (obj) => validateLimitRange(obj),
});

export type { O };
