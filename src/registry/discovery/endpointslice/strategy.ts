// EndpointSlices, after pkg/apis/discovery/v1/defaults.go,
// pkg/registry/discovery/endpointslice and the discovery validation.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { bumpGeneration, defineStrategy, metaOf } from '../../shared/define.js';
import { validateEndpointIP } from '../../core/service/strategy.js';
import {
  type Errs,
  arr,
  child,
  duplicate,
  idx,
  invalid,
  isDNS1123Label,
  isDNS1123Subdomain,
  isLabelValue,
  isObj,
  mapOf,
  notSupported,
  parseIPSloppy,
  required,
  semanticEqual,
  str,
  strs,
  tooMany,
  validateDNS1123Label,
  validateIPLegacy,
  validateIPStrict,
  validateLabelMap,
  validateQualifiedName,
  fieldImmutableErrorMsg,
} from '../../shared/field.js';

function defaults(obj: KObject): void {
  for (const p of arr(obj.ports)) {
    if (!isObj(p)) continue;
    if (p.name === undefined || p.name === null) p.name = '';
    if (p.protocol === undefined || p.protocol === null) p.protocol = 'TCP';
  }
}

function validateFQDN(v: string, path: string): Errs {
  if (!v) return [required(path)];
  const name = v.endsWith('.') ? v.slice(0, -1) : v;
  const se = isDNS1123Subdomain(name);
  if (se.length) return [invalid(path, name, se.join(','))];
  const labels = name.split('.');
  if (labels.length < 2) return [invalid(path, name, 'should be a domain with at least two segments separated by dots')];
  for (const l of labels) {
    const le = isDNS1123Label(l);
    if (le.length) return [invalid(path, l, le.join(','))];
  }
  return [];
}

function validateEndpoints(obj: KObject): Errs {
  const errs: Errs = [];
  const eps = arr(obj.endpoints);
  if (eps.length > 1000) return [tooMany('endpoints', eps.length, 1000)];
  const at = str(obj.addressType);
  eps.forEach((ep, i) => {
    const p = idx('endpoints', i);
    const ap = child(p, 'addresses');
    const addrs = strs(ep?.addresses);
    if (!addrs.length) errs.push(required(ap, 'must contain at least 1 address'));
    else if (addrs.length > 100) errs.push(tooMany(ap, addrs.length, 100));
    addrs.forEach((a, j) => {
      if (at === 'IPv4') {
        const e = validateIPLegacy(a, idx(ap, j));
        if (e.length) errs.push(...e);
        else {
          if (parseIPSloppy(a) !== 4 || a.includes(':')) errs.push(invalid(ap, a, 'must be an IPv4 address'));
          errs.push(...validateEndpointIP(a, idx(ap, j)));
        }
      } else if (at === 'IPv6') {
        const e = validateIPStrict(a, idx(ap, j));
        if (e.length) errs.push(...e);
        else {
          if (parseIPSloppy(a) !== 6) errs.push(invalid(ap, a, 'must be an IPv6 address'));
          errs.push(...validateEndpointIP(a, idx(ap, j)));
        }
      } else if (at === 'FQDN') errs.push(...validateFQDN(a, idx(ap, j)));
    });
    if (ep?.nodeName !== undefined && ep?.nodeName !== null) for (const m of isDNS1123Subdomain(str(ep.nodeName))) errs.push(invalid(child(p, 'nodeName'), ep.nodeName, m));
    const topo = mapOf(ep?.deprecatedTopology);
    if (Object.keys(topo).length > 16) errs.push(tooMany(child(p, 'deprecatedTopology'), Object.keys(topo).length, 16));
    errs.push(...validateLabelMap(topo, child(p, 'deprecatedTopology')));
    if (ep?.hostname !== undefined && ep?.hostname !== null) errs.push(...validateDNS1123Label(str(ep.hostname), child(p, 'hostname')));
    if (isObj(ep?.hints)) {
      const hp = child(p, 'hints');
      const fz = arr(ep.hints.forZones);
      if (fz.length > 8) errs.push(tooMany(child(hp, 'forZones'), fz.length, 8));
      else {
        const seen = new Set<string>();
        fz.forEach((z, k) => {
          const zp = child(idx(child(hp, 'forZones'), k), 'name');
          const n = str(z?.name);
          if (seen.has(n)) errs.push(duplicate(zp, n));
          seen.add(n);
          for (const m of isLabelValue(n)) errs.push(invalid(zp, n, m));
        });
        const fn = arr(ep.hints.forNodes);
        if (fn.length > 8) errs.push(tooMany(child(hp, 'forNodes'), fn.length, 8));
        else {
          const seenN = new Set<string>();
          fn.forEach((nd, k) => {
            const np = child(idx(child(hp, 'forNodes'), k), 'name');
            const n = str(nd?.name);
            if (seenN.has(n)) errs.push(duplicate(np, n));
            seenN.add(n);
            for (const m of isDNS1123Subdomain(n)) errs.push(invalid(np, n, m));
          });
        }
      }
    }
  });
  return errs;
}

function validateSlice(obj: KObject, old: KObject | undefined): Errs {
  const errs: Errs = [];
  const at = str(obj.addressType);
  if (!at) errs.push(required('addressType'));
  else if (!['FQDN', 'IPv4', 'IPv6'].includes(at)) errs.push(notSupported('addressType', at, ['FQDN', 'IPv4', 'IPv6']));
  const ports = arr(obj.ports);
  if (ports.length > 20000) errs.push(tooMany('ports', ports.length, 20000));
  else {
    const names: string[] = [];
    ports.forEach((p, i) => {
      const pp = idx('ports', i);
      const n = str(p?.name);
      if (n) errs.push(...validateDNS1123Label(n, child(pp, 'name')));
      if (names.includes(n)) errs.push(duplicate(child(pp, 'name'), n));
      else names.push(n);
      if (p?.protocol === undefined || p?.protocol === null) errs.push(required(child(pp, 'protocol')));
      else if (!['SCTP', 'TCP', 'UDP'].includes(p.protocol)) errs.push(notSupported(child(pp, 'protocol'), p.protocol, ['SCTP', 'TCP', 'UDP']));
      if (p?.appProtocol !== undefined && p?.appProtocol !== null) errs.push(...validateQualifiedName(str(p.appProtocol), child(pp, 'appProtocol')));
    });
  }
  const epErrs = validateEndpoints(obj);
  if (!(epErrs.length && old && semanticEqual(old.endpoints, obj.endpoints))) errs.push(...epErrs);
  return errs;
}

export const endpointSliceStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  generation: true,
  allowUnconditionalUpdate: true,
  defaults,
  prepareForUpdate(obj, old) {
    // label changes count as a new generation too
    if (!semanticEqual(metaOf(obj).labels, metaOf(old).labels)) bumpGeneration(obj, old);
  },
  validate: (obj) => validateSlice(obj, undefined),
  validateUpdate(obj, old) {
    const errs = validateSlice(obj, old);
    if (str(obj.addressType) !== str(old.addressType)) errs.push(invalid('addressType', str(obj.addressType), fieldImmutableErrorMsg));
    return errs;
  },
});
