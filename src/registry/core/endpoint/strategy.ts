// Endpoints: subsets, addresses and ports, after ValidateEndpoints.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy } from '../../shared/define.js';
import { validateEndpointIP } from '../service/strategy.js';
import {
  type Errs,
  arr,
  child,
  idx,
  invalid,
  isDNS1123Subdomain,
  isObj,
  isValidPortNum,
  notSupported,
  required,
  semanticEqual,
  str,
  validateDNS1123Label,
  validateIPLegacy,
  validateQualifiedName,
} from '../../shared/field.js';

export function defaultEndpoints(obj: KObject): void {
  for (const ss of arr(obj.subsets)) for (const p of arr(ss?.ports)) if (isObj(p) && !p.protocol) p.protocol = 'TCP';
}

function validateAddress(a: Record<string, unknown>, path: string): Errs {
  const errs: Errs = [];
  const ip = str(a.ip);
  errs.push(...validateIPLegacy(ip, child(path, 'ip')));
  if (str(a.hostname)) errs.push(...validateDNS1123Label(str(a.hostname), child(path, 'hostname')));
  if (a.nodeName !== undefined && a.nodeName !== null) for (const m of isDNS1123Subdomain(str(a.nodeName))) errs.push(invalid(child(path, 'nodeName'), a.nodeName, m));
  errs.push(...validateEndpointIP(ip, child(path, 'ip')));
  return errs;
}

function validateSubsets(subsets: unknown): Errs {
  const errs: Errs = [];
  arr(subsets).forEach((ss, i) => {
    const p = idx('subsets', i);
    if (!arr(ss?.addresses).length && !arr(ss?.notReadyAddresses).length) errs.push(required(p, 'must specify `addresses` or `notReadyAddresses`'));
    arr(ss?.addresses).forEach((a, j) => errs.push(...validateAddress(a ?? {}, idx(child(p, 'addresses'), j))));
    arr(ss?.notReadyAddresses).forEach((a, j) => errs.push(...validateAddress(a ?? {}, idx(child(p, 'notReadyAddresses'), j))));
    const ports = arr(ss?.ports);
    ports.forEach((port, j) => {
      const pp = idx(child(p, 'ports'), j);
      if (ports.length > 1 && !str(port?.name)) errs.push(required(child(pp, 'name')));
      else if (str(port?.name)) errs.push(...validateDNS1123Label(str(port.name), child(pp, 'name')));
      for (const m of isValidPortNum(port?.port ?? 0)) errs.push(invalid(child(pp, 'port'), port?.port ?? 0, m));
      if (!str(port?.protocol)) errs.push(required(child(pp, 'protocol')));
      else if (!['SCTP', 'TCP', 'UDP'].includes(port.protocol)) errs.push(notSupported(child(pp, 'protocol'), port.protocol, ['SCTP', 'TCP', 'UDP']));
      if (port?.appProtocol !== undefined && port?.appProtocol !== null) errs.push(...validateQualifiedName(str(port.appProtocol), child(pp, 'appProtocol')));
    });
  });
  return errs;
}

export const endpointsStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  allowCreateOnUpdate: true,
  allowUnconditionalUpdate: true,
  defaults: defaultEndpoints,
  validate: (obj) => validateSubsets(obj.subsets),
  validateUpdate(obj, old) {
    const errs = validateSubsets(obj.subsets);
    // stored subsets that older versions accepted stay acceptable
    return errs.length && semanticEqual(obj.subsets, old.subsets) ? [] : errs;
  },
});
