// Nodes: status defaults, taints, pod CIDRs, provider ID and the status
// subresource, after pkg/registry/core/node/strategy.go and ValidateNode*.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy, specOf, statusOf } from '../../shared/define.js';
import { defaultResourceList } from '../../shared/quantity.js';
import { validateResourceQuantity, validateTolerations } from '../../shared/podSpec.js';
import {
  type Errs,
  type O,
  arr,
  boolStr,
  child,
  duplicate,
  forbidden,
  idx,
  invalid,
  isLabelValue,
  isObj,
  mapOf,
  notSupported,
  parseIPSloppy,
  required,
  sortedDeep,
  str,
  strs,
  validateCIDRLegacy,
  validateQualifiedName,
} from '../../shared/field.js';

void validateTolerations;

/** SetDefaults_NodeStatus: allocatable defaults to capacity */
export function defaultNode(obj: KObject): void {
  // v1 <-> internal conversion: podCIDR is authoritative over podCIDRs[0]
  if (isObj(obj.spec)) {
    const spec = obj.spec as O;
    if (typeof spec.podCIDR === 'string' && spec.podCIDR) {
      if (!Array.isArray(spec.podCIDRs) || !spec.podCIDRs.length || spec.podCIDRs[0] !== spec.podCIDR) spec.podCIDRs = [spec.podCIDR];
    } else if (Array.isArray(spec.podCIDRs) && spec.podCIDRs.length) {
      spec.podCIDR = String(spec.podCIDRs[0]);
    }
  }
  if (!isObj(obj.status)) return;
  const st = obj.status as O;
  if ((st.allocatable === undefined || st.allocatable === null) && isObj(st.capacity)) st.allocatable = { ...st.capacity };
  defaultResourceList(st.capacity);
  defaultResourceList(st.allocatable);
}

const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function validateTaints(taints: unknown, path: string): Errs {
  const errs: Errs = [];
  const unique = new Map<string, Set<string>>();
  arr(taints).forEach((t, i) => {
    const p = idx(path, i);
    errs.push(...validateQualifiedName(str(t?.key), child(p, 'key')));
    const vm = isLabelValue(str(t?.value));
    if (vm.length) errs.push(invalid(child(p, 'value'), str(t?.value), vm.join(';')));
    const effect = str(t?.effect);
    if (!effect) errs.push(required(child(p, 'effect')));
    else if (!taintEffects.includes(effect)) errs.push(notSupported(child(p, 'effect'), effect, taintEffects));
    const set = unique.get(effect) ?? new Set<string>();
    if (set.has(str(t?.key))) {
      const e = duplicate(p, sortedDeep(t));
      e.detail = 'taints must be unique by key and effect pair';
      errs.push(e);
      return;
    }
    set.add(str(t?.key));
    unique.set(effect, set);
  });
  return errs;
}

function validateNodeResources(obj: KObject): Errs {
  const errs: Errs = [];
  const st = statusOf(obj);
  for (const list of ['capacity', 'allocatable'])
    for (const [k, v] of Object.entries(mapOf(st[list])).sort(([a], [b]) => (a < b ? -1 : 1))) errs.push(...validateResourceQuantity(k, v, `status.${list}.${k}`));
  return errs;
}

function validateNode(obj: KObject): Errs {
  const errs: Errs = [];
  const spec = specOf(obj);
  if (arr(spec.taints).length) errs.push(...validateTaints(spec.taints, 'metadata.taints'));
  errs.push(...validateNodeResources(obj));
  const cidrs = strs(spec.podCIDRs);
  if (cidrs.length) {
    cidrs.forEach((c, i) => errs.push(...validateCIDRLegacy(c, idx('spec.podCIDRs', i))));
    if (cidrs.length > 1) {
      const fams = cidrs.map((c) => parseIPSloppy(c.split('/')[0]));
      if (!(cidrs.length === 2 && fams[0] && fams[1] && fams[0] !== fams[1])) errs.push(invalid('spec.podCIDRs', cidrs, 'may specify no more than one CIDR for each IP family'));
    }
  }
  return errs;
}

function validateNodeUpdate(obj: KObject, old: KObject): Errs {
  const errs: Errs = [];
  errs.push(...validateNodeResources(obj));
  const seen = new Set<string>();
  arr(statusOf(obj).addresses).forEach((a, i) => {
    const k = `${str(a?.type)}/${str(a?.address)}`;
    if (seen.has(k)) errs.push(duplicate(idx('status.addresses', i), { type: str(a?.type), address: str(a?.address) }));
    seen.add(k);
  });
  const spec = specOf(obj);
  const ospec = specOf(old);
  const ocidrs = strs(ospec.podCIDRs);
  if (ocidrs.length) {
    const ncidrs = strs(spec.podCIDRs);
    if (ocidrs.length !== ncidrs.length) errs.push(forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
    else ocidrs.forEach((c, i) => {
      if (c !== ncidrs[i]) errs.push(forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
    });
  }
  if (str(ospec.providerID) && ospec.providerID !== spec.providerID)
    errs.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  if (arr(spec.taints).length) errs.push(...validateTaints(spec.taints, 'metadata.taints'));
  if (str(spec.externalID) !== str(ospec.externalID)) errs.push(forbidden('spec.externalID', 'may not be updated'));
  return errs;
}

export const nodeStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  hasStatus: true,
  allowUnconditionalUpdate: true,
  defaults: defaultNode,
  validate: validateNode,
  validateUpdate: validateNodeUpdate,
  prepareForStatusUpdate(obj, old) {
    // status.config is only kept when the node already used it
    const st = statusOf(obj);
    if (isObj(st.config) && !isObj(statusOf(old).config)) delete st.config;
  },
  validateStatusUpdate: validateNodeUpdate,
  selectableFields: (obj) => ({ 'spec.unschedulable': boolStr(specOf(obj).unschedulable) }),
});
