// NetworkPolicies, after pkg/apis/networking/v1/defaults.go and the
// networking validation.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy, specOf } from '../../shared/define.js';
import {
  type Errs,
  type O,
  arr,
  child,
  forbidden,
  idx,
  invalid,
  isObj,
  isValidPortName,
  isValidPortNum,
  notSupported,
  parseIPSloppy,
  required,
  str,
  strs,
  validateCIDRLegacy,
  validateLabelSelector,
} from '../../shared/field.js';

export function defaultNetworkPolicy(obj: KObject): void {
  const spec: O = isObj(obj.spec) ? obj.spec : (obj.spec = {});
  for (const dir of ['ingress', 'egress']) for (const r of arr(spec[dir])) for (const p of arr(r?.ports)) if (isObj(p) && !p.protocol) p.protocol = 'TCP';
  if (!strs(spec.policyTypes).length) {
    spec.policyTypes = ['Ingress'];
    if (arr(spec.egress).length) spec.policyTypes.push('Egress');
  }
  if (!isObj(spec.podSelector)) spec.podSelector = {};
}

function cidrContains(outer: string, inner: string): boolean {
  const toBits = (c: string): { bits: string; len: number } | null => {
    const [ip, l] = c.split('/');
    const fam = parseIPSloppy(ip);
    if (fam === 4) {
      const o = ip.split('.').map(Number);
      return { bits: o.map((x) => x.toString(2).padStart(8, '0')).join(''), len: Number(l) };
    }
    if (fam === 6) {
      const [h, t] = ip.includes('::') ? ip.split('::') : [ip, undefined];
      const hs = h ? h.split(':') : [];
      const ts = t !== undefined && t ? t.split(':') : [];
      const groups = [...hs, ...Array(t !== undefined ? 8 - hs.length - ts.length : 0).fill('0'), ...ts];
      return { bits: groups.map((g) => parseInt(g || '0', 16).toString(2).padStart(16, '0')).join(''), len: Number(l) };
    }
    return null;
  };
  const a = toBits(outer);
  const b = toBits(inner);
  if (!a || !b || a.bits.length !== b.bits.length) return false;
  return a.bits.slice(0, a.len) === b.bits.slice(0, a.len) && a.len < b.len;
}

function validatePeer(peer: O, path: string, existing: string[]): Errs {
  const errs: Errs = [];
  let n = 0;
  if (isObj(peer.podSelector)) {
    n++;
    errs.push(...validateLabelSelector(peer.podSelector, child(path, 'podSelector')));
  }
  if (isObj(peer.namespaceSelector)) {
    n++;
    errs.push(...validateLabelSelector(peer.namespaceSelector, child(path, 'namespaceSelector')));
  }
  if (isObj(peer.ipBlock)) {
    n++;
    const bp = child(path, 'ipBlock');
    const cidr = str(peer.ipBlock.cidr);
    if (!cidr) errs.push(required(child(bp, 'cidr')));
    else {
      const ce = validateCIDRLegacy(cidr, child(bp, 'cidr'), existing);
      errs.push(...ce);
      if (!validateCIDRLegacy(cidr, '').length)
        strs(peer.ipBlock.except).forEach((ex, i) => {
          const ep = idx(child(bp, 'except'), i);
          const ee = validateCIDRLegacy(ex, ep, existing);
          errs.push(...ee);
          if (!validateCIDRLegacy(ex, '').length && !cidrContains(cidr, ex)) errs.push(invalid(ep, ex, 'must be a strict subset of `cidr`'));
        });
    }
  }
  if (n === 0) errs.push(required(path, 'must specify a peer'));
  else if (n > 1 && isObj(peer.ipBlock)) errs.push(forbidden(path, 'may not specify both ipBlock and another peer'));
  return errs;
}

function validatePort(port: O, path: string): Errs {
  const errs: Errs = [];
  if (port.protocol !== undefined && port.protocol !== null && !['TCP', 'UDP', 'SCTP'].includes(port.protocol))
    errs.push(notSupported(child(path, 'protocol'), port.protocol, ['TCP', 'UDP', 'SCTP']));
  const end = port.endPort;
  if (port.port !== undefined && port.port !== null) {
    if (typeof port.port === 'number') {
      for (const m of isValidPortNum(port.port)) errs.push(invalid(child(path, 'port'), port.port, m));
      if (end !== undefined && end !== null) {
        if (end < port.port) errs.push(invalid(child(path, 'endPort'), port.port, 'must be greater than or equal to `port`'));
        for (const m of isValidPortNum(end)) errs.push(invalid(child(path, 'endPort'), end, m));
      }
    } else {
      if (end !== undefined && end !== null) errs.push(invalid(child(path, 'endPort'), end, 'may not be specified when `port` is non-numeric'));
      for (const m of isValidPortName(str(port.port))) errs.push(invalid(child(path, 'port'), port.port, m));
    }
  } else if (end !== undefined && end !== null) errs.push(invalid(child(path, 'endPort'), end, 'may not be specified when `port` is not specified'));
  return errs;
}

function validateSpec(spec: O, existing: string[]): Errs {
  const errs: Errs = [];
  errs.push(...validateLabelSelector(spec.podSelector ?? {}, 'spec.podSelector'));
  for (const [dir, peers] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const)
    arr(spec[dir]).forEach((r, i) => {
      const rp = idx(`spec.${dir}`, i);
      arr(r?.ports).forEach((p, j) => errs.push(...validatePort(p ?? {}, idx(child(rp, 'ports'), j))));
      arr(r?.[peers]).forEach((p, j) => errs.push(...validatePeer(p ?? {}, idx(child(rp, peers), j), existing)));
    });
  const types = strs(spec.policyTypes);
  if (types.length > 2) return [...errs, invalid('spec.policyTypes', types, 'may not specify more than two policyTypes')];
  types.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') errs.push(notSupported(idx('spec.policyTypes', i), t, ['Ingress', 'Egress']));
  });
  return errs;
}

export const networkPolicyStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  generation: true,
  allowUnconditionalUpdate: true,
  defaults: defaultNetworkPolicy,
  validate: (obj) => validateSpec(specOf(obj), []),
  validateUpdate(obj, old) {
    const existing: string[] = [];
    for (const [dir, peers] of [
      ['ingress', 'from'],
      ['egress', 'to'],
    ] as const)
      for (const r of arr(specOf(old)[dir]))
        for (const p of arr(r?.[peers]))
          if (isObj(p?.ipBlock)) {
            existing.push(str(p.ipBlock.cidr));
            existing.push(...strs(p.ipBlock.except));
          }
    return validateSpec(specOf(obj), existing);
  },
});
