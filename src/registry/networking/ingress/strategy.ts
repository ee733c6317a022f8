// Ingresses, after pkg/registry/networking/ingress and the networking
// validation.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy, metaOf, specOf, statusOf } from '../../shared/define.js';
import {
  type Errs,
  type O,
  arr,
  child,
  idx,
  invalid,
  isDNS1035Label,
  isDNS1123Subdomain,
  isObj,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  mapOf,
  notSupported,
  parseIPSloppy,
  pathSegmentErrors,
  required,
  sortedDeep,
  str,
  validateDNS1123Subdomain,
  validateIPLegacy,
} from '../../shared/field.js';

const pathTypes = ['Exact', 'ImplementationSpecific', 'Prefix'];

interface Opts {
  allowInvalidSecretName?: boolean;
  allowInvalidWildcardHostRule?: boolean;
}

export function validateTypedLocalObjectReference(r: O, path: string): Errs {
  const errs: Errs = [];
  if (r.apiGroup !== undefined && r.apiGroup !== null) for (const m of isDNS1123Subdomain(str(r.apiGroup))) errs.push(invalid(child(path, 'apiGroup'), r.apiGroup, m));
  if (!str(r.kind)) errs.push(required(child(path, 'kind')));
  else for (const m of pathSegmentErrors(str(r.kind))) errs.push(invalid(child(path, 'kind'), r.kind, m));
  if (!str(r.name)) errs.push(required(child(path, 'name')));
  else for (const m of pathSegmentErrors(str(r.name))) errs.push(invalid(child(path, 'name'), r.name, m));
  return errs;
}

function validateBackend(b: O, path: string): Errs {
  const errs: Errs = [];
  const hasRes = isObj(b.resource);
  const hasSvc = isObj(b.service);
  if (hasRes && hasSvc) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (hasRes) return validateTypedLocalObjectReference(b.resource, child(path, 'resource'));
  if (!hasSvc) return [invalid(path, '', 'resource or service backend is required')];
  const svc = b.service;
  if (!str(svc.name)) errs.push(required(child(path, 'service', 'name')));
  else for (const m of isDNS1035Label(str(svc.name))) errs.push(invalid(child(path, 'service', 'name'), svc.name, m));
  const port: O = isObj(svc.port) ? svc.port : {};
  const hasName = str(port.name).length > 0;
  const hasNum = !!port.number;
  if (hasName && hasNum) errs.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (hasName) for (const m of isValidPortName(str(port.name))) errs.push(invalid(child(path, 'service', 'port', 'name'), port.name, m));
  else if (hasNum) for (const m of isValidPortNum(port.number)) errs.push(invalid(child(path, 'service', 'port', 'number'), port.number, m));
  else errs.push(required(path, 'port name or number is required'));
  return errs;
}

function validateRuleValue(rule: O, path: string): Errs {
  const errs: Errs = [];
  if (!isObj(rule.http)) return errs;
  const hp = child(path, 'http');
  const paths = arr(rule.http.paths);
  if (!paths.length) errs.push(required(child(hp, 'paths')));
  paths.forEach((p, i) => {
    const pp = idx(child(hp, 'paths'), i);
    if (!p?.pathType) {
      errs.push(required(child(pp, 'pathType'), 'pathType must be specified'));
      return;
    }
    const pth = str(p.path);
    if (p.pathType === 'Exact' || p.pathType === 'Prefix') {
      if (!pth.startsWith('/')) errs.push(invalid(child(pp, 'path'), pth, 'must be an absolute path'));
      if (pth) {
        for (const seq of ['//', '/./', '/../', '%2f', '%2F']) if (pth.includes(seq)) errs.push(invalid(child(pp, 'path'), pth, `must not contain '${seq}'`));
        for (const suf of ['/..', '/.']) if (pth.endsWith(suf)) errs.push(invalid(child(pp, 'path'), pth, `cannot end with '${suf}'`));
      }
    } else if (p.pathType === 'ImplementationSpecific') {
      if (pth && !pth.startsWith('/')) errs.push(invalid(child(pp, 'path'), pth, 'must be an absolute path'));
    } else errs.push(notSupported(child(pp, 'pathType'), p.pathType, pathTypes));
    errs.push(...validateBackend(isObj(p.backend) ? p.backend : {}, child(pp, 'backend')));
  });
  return errs;
}

function validateIngressSpec(spec: O, opts: Opts): Errs {
  const errs: Errs = [];
  const rules = arr(spec.rules);
  if (!rules.length && !isObj(spec.defaultBackend)) errs.push(invalid('spec', spec.rules ?? null, 'either `defaultBackend` or `rules` must be specified'));
  if (isObj(spec.defaultBackend)) errs.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  rules.forEach((r, i) => {
    const rp = idx('spec.rules', i);
    const host = str(r?.host);
    let wildcard = false;
    if (host) {
      if (parseIPSloppy(host)) errs.push(invalid(child(rp, 'host'), host, 'must be a DNS name, not an IP address'));
      if (host.includes('*')) {
        for (const m of isWildcardDNS1123Subdomain(host)) errs.push(invalid(child(rp, 'host'), host, m));
        wildcard = true;
      } else for (const m of isDNS1123Subdomain(host)) errs.push(invalid(child(rp, 'host'), host, m));
    }
    if (!wildcard || !opts.allowInvalidWildcardHostRule) errs.push(...validateRuleValue(r ?? {}, rp));
  });
  arr(spec.tls).forEach((t, ti) => {
    const tp = idx('spec.tls', ti);
    arr(t?.hosts).forEach((h, hi) => {
      const hv = h as unknown as string;
      const msgs = hv.includes('*') ? isWildcardDNS1123Subdomain(hv) : isDNS1123Subdomain(hv);
      for (const m of msgs) errs.push(invalid(idx(child(tp, 'hosts'), hi), hv, m));
    });
    if (!opts.allowInvalidSecretName && str(t?.secretName)) for (const m of isDNS1123Subdomain(str(t.secretName))) errs.push(invalid(child(tp, 'secretName'), t.secretName, m));
  });
  if (spec.ingressClassName !== undefined && spec.ingressClassName !== null) errs.push(...validateDNS1123Subdomain(str(spec.ingressClassName), 'spec.ingressClassName'));
  return errs;
}

export const ingressStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  generation: true,
  hasStatus: true,
  allowUnconditionalUpdate: true,
  prepareForCreate(obj) {
    obj.status = { loadBalancer: {} };
  },
  validate(obj) {
    const errs = validateIngressSpec(specOf(obj), {});
    const ann = mapOf(metaOf(obj).annotations)['kubernetes.io/ingress.class'];
    const cls = specOf(obj).ingressClassName;
    if (ann !== undefined && cls !== undefined && cls !== null && ann !== cls) errs.push(invalid('annotations.kubernetes.io/ingress.class', ann, 'must match `ingressClassName` when both are specified'));
    return errs;
  },
  validateUpdate(obj, old) {
    const ospec = specOf(old);
    const allowInvalidSecretName = arr(ospec.tls).some((t) => str(t?.secretName) && isDNS1123Subdomain(str(t.secretName)).length > 0);
    const allowInvalidWildcardHostRule = arr(ospec.rules).some((r) => str(r?.host).includes('*') && validateRuleValue(r ?? {}, '').length > 0);
    return validateIngressSpec(specOf(obj), { allowInvalidSecretName, allowInvalidWildcardHostRule });
  },
  validateStatusUpdate(obj, old) {
    const errs: Errs = [];
    const existing = arr(statusOf(old).loadBalancer?.ingress).map((i) => str(i?.ip)).filter(Boolean);
    arr(statusOf(obj).loadBalancer?.ingress).forEach((ing, i) => {
      const p = idx('status.loadBalancer.ingress', i);
      if (str(ing?.ip)) errs.push(...validateIPLegacy(str(ing.ip), child(p, 'ip'), existing));
      if (str(ing?.hostname)) {
        errs.push(...validateDNS1123Subdomain(str(ing.hostname), child(p, 'hostname')));
        if (parseIPSloppy(str(ing.hostname))) errs.push(invalid(child(p, 'hostname'), ing.hostname, 'must be a DNS name, not an IP address'));
      }
    });
    return errs;
  },
});

void sortedDeep;
export type { KObject };
