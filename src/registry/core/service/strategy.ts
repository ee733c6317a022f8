// Services: defaulting (including the ipFamilyPolicy/ipFamilies fields the
// service REST storage fills in), validation of ports, types, cluster IPs and
// traffic policies, and the update rules, after
// pkg/registry/core/service/{strategy.go,storage/storage.go}.
// Cluster IP and node port allocation are done elsewhere: clusterIP and
// clusterIPs are only touched here when the user asked for a headless
// service ("None"), or to carry allocated values over on updates.
import type { KObject } from '../../../machinery/objects.js';
import type { Strategy } from '../../generic/strategy.js';
import { defineStrategy, metaOf, specOf, statusOf } from '../../shared/define.js';
import {
  type Errs,
  type O,
  arr,
  child,
  duplicate,
  forbidden,
  idx,
  invalid,
  isObj,
  key,
  mapOf,
  notSupported,
  parseIPSloppy,
  required,
  sortedDeep,
  str,
  strs,
  validateCIDRLegacy,
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateIPLegacy,
  validateLabelMap,
  validatePortNumOrName,
  validateQualifiedName,
  isValidPortNum,
  semanticEqual,
} from '../../shared/field.js';

const supportedPortProtocols = ['SCTP', 'TCP', 'UDP'];
const serviceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

function externallyAccessible(spec: O): boolean {
  return spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && strs(spec.externalIPs).length > 0);
}

function needsHealthCheck(spec: O): boolean {
  return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}

function isHeadless(spec: O): boolean {
  const ips = strs(spec.clusterIPs);
  return ips.length === 1 && ips[0] === 'None';
}

/** SetDefaults_Service and the generated port defaults */
export function defaultService(svc: O): void {
  const spec: O = isObj(svc.spec) ? svc.spec : (svc.spec = {});
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = spec.sessionAffinityConfig;
    if (!isObj(cfg) || !isObj(cfg.clientIP) || cfg.clientIP.timeoutSeconds === undefined || cfg.clientIP.timeoutSeconds === null)
      spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  if (!spec.type) spec.type = 'ClusterIP';
  for (const p of arr(spec.ports)) {
    if (!isObj(p)) continue;
    if (!p.protocol) p.protocol = 'TCP';
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if ((spec.internalTrafficPolicy === undefined || spec.internalTrafficPolicy === null) && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type))
    spec.internalTrafficPolicy = 'Cluster';
  // upstream drops internalTrafficPolicy from ExternalName services when reading them
  if (spec.type === 'ExternalName') delete spec.internalTrafficPolicy;
  if (spec.type === 'LoadBalancer' && (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null))
    spec.allocateLoadBalancerNodePorts = true;
  if (spec.type === 'LoadBalancer' && isObj(svc.status) && isObj(svc.status.loadBalancer))
    for (const ing of arr(svc.status.loadBalancer.ingress)) if (isObj(ing) && ing.ip && (ing.ipMode === undefined || ing.ipMode === null)) ing.ipMode = 'VIP';
}

/**
 * The IP-family fields the service storage fills in (initIPFamilyFields) on a
 * single-stack IPv4 cluster: ipFamilyPolicy SingleStack (RequireDualStack for
 * headless services without a selector), ipFamilies from the cluster IPs or
 * IPv4.
 */
function initIPFamilyFields(svc: O, old: O | undefined): void {
  const spec: O = svc.spec;
  if (spec.type === 'ExternalName') return;
  if (spec.ipFamilyPolicy === undefined || spec.ipFamilyPolicy === null) {
    const oldPolicy = old && isObj(old.spec) ? old.spec.ipFamilyPolicy : undefined;
    if (oldPolicy) spec.ipFamilyPolicy = oldPolicy;
    else if (spec.clusterIP === 'None' && !Object.keys(mapOf(spec.selector)).length) spec.ipFamilyPolicy = 'RequireDualStack';
    else spec.ipFamilyPolicy = 'SingleStack';
  }
  const fams: string[] = Array.isArray(spec.ipFamilies) ? [...spec.ipFamilies] : [];
  const ips = strs(spec.clusterIPs);
  ips.forEach((ip, i) => {
    if (ip === 'None' || i < fams.length) return;
    const f = parseIPSloppy(ip);
    if (f) fams.push(f === 6 ? 'IPv6' : 'IPv4');
  });
  if (spec.clusterIP === 'None' && !Object.keys(mapOf(spec.selector)).length) {
    if (!fams.length) fams.push('IPv4');
    if (fams.length < 2 && spec.ipFamilyPolicy !== 'SingleStack') fams.push(fams[0] === 'IPv4' ? 'IPv6' : 'IPv4');
  }
  if (!fams.length) fams.push('IPv4');
  spec.ipFamilies = fams;
}

function sameStrings(a: unknown, b: unknown): boolean {
  const x = strs(a);
  const y = strs(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function needsNodePort(spec: O): boolean {
  return spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false);
}

/** normalizeClusterIPs + patchAllocatedValues + dropTypeDependentFields for updates */
function prepareServiceUpdate(svc: O, old: O): void {
  const spec: O = svc.spec;
  const ospec: O = isObj(old.spec) ? old.spec : {};
  // an older client may drop clusterIPs while keeping clusterIP
  if (strs(ospec.clusterIPs).length && !strs(spec.clusterIPs).length && ospec.clusterIP === spec.clusterIP) spec.clusterIPs = ospec.clusterIPs;
  if (str(ospec.clusterIP) !== str(spec.clusterIP)) {
    if (str(ospec.clusterIP) && !str(spec.clusterIP)) {
      if (sameStrings(ospec.clusterIPs, spec.clusterIPs)) delete spec.clusterIPs;
    } else if (sameStrings(ospec.clusterIPs, spec.clusterIPs)) spec.clusterIPs = [spec.clusterIP];
  }
  // keep values allocated on the user's behalf when they resubmit without them
  if (ospec.type !== 'ExternalName' && spec.type !== 'ExternalName') {
    if (!str(spec.clusterIP) && str(ospec.clusterIP)) spec.clusterIP = ospec.clusterIP;
    if (!strs(spec.clusterIPs).length && strs(ospec.clusterIPs).length) spec.clusterIPs = ospec.clusterIPs;
  }
  if (needsNodePort(ospec) && needsNodePort(spec)) {
    const used = (s: O) => new Set(arr(s.ports).map((p) => p?.nodePort).filter((n) => n));
    const newUsed = used(spec);
    const inBoth = new Set([...used(ospec)].filter((n) => newUsed.has(n)));
    const byName = new Map(arr(ospec.ports).map((p) => [str(p?.name), p?.nodePort]));
    for (const p of arr(spec.ports)) {
      if (!isObj(p) || p.nodePort) continue;
      const v = byName.get(str(p.name));
      if (v && !inBoth.has(v)) p.nodePort = v;
    }
  }
  if (needsHealthCheck(ospec) && needsHealthCheck(spec) && !spec.healthCheckNodePort && ospec.healthCheckNodePort) spec.healthCheckNodePort = ospec.healthCheckNodePort;
  // fields that only make sense for the old type are dropped when unchanged
  if (ospec.type !== 'ExternalName' && spec.type === 'ExternalName') {
    if (str(ospec.clusterIP) === str(spec.clusterIP) && sameStrings(ospec.clusterIPs, spec.clusterIPs)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (semanticEqual(ospec.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies;
    if (str(ospec.ipFamilyPolicy) === str(spec.ipFamilyPolicy)) delete spec.ipFamilyPolicy;
  }
  if (needsNodePort(ospec) && !needsNodePort(spec)) {
    const oldPorts = new Set(arr(ospec.ports).map((p) => p?.nodePort).filter((n) => n));
    if (arr(spec.ports).every((p) => !p?.nodePort || oldPorts.has(p.nodePort))) for (const p of arr(spec.ports)) if (isObj(p)) delete p.nodePort;
  }
  if (needsHealthCheck(ospec) && !needsHealthCheck(spec) && ospec.healthCheckNodePort === spec.healthCheckNodePort) delete spec.healthCheckNodePort;
  if (ospec.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts !== undefined && ospec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts === ospec.allocateLoadBalancerNodePorts)
      delete spec.allocateLoadBalancerNodePorts;
    if ((ospec.loadBalancerClass ?? null) === (spec.loadBalancerClass ?? null)) delete spec.loadBalancerClass;
  }
  if (externallyAccessible(ospec) && !externallyAccessible(spec) && ospec.externalTrafficPolicy === spec.externalTrafficPolicy) delete spec.externalTrafficPolicy;
  if (spec.type !== 'LoadBalancer' && isObj(svc.status)) svc.status.loadBalancer = {};
}

function validateServicePort(sp: O, requireName: boolean, names: Set<string>, path: string): Errs {
  const errs: Errs = [];
  const name = str(sp.name);
  if (requireName && !name) errs.push(required(child(path, 'name')));
  else if (name) {
    errs.push(...validateDNS1123Label(name, child(path, 'name')));
    if (names.has(name)) errs.push(duplicate(child(path, 'name'), name));
    else names.add(name);
  }
  for (const m of isValidPortNum(sp.port ?? 0)) errs.push(invalid(child(path, 'port'), sp.port ?? 0, m));
  if (!sp.protocol) errs.push(required(child(path, 'protocol')));
  else if (!supportedPortProtocols.includes(sp.protocol)) errs.push(notSupported(child(path, 'protocol'), sp.protocol, supportedPortProtocols));
  errs.push(...validatePortNumOrName(sp.targetPort, child(path, 'targetPort')));
  if (sp.appProtocol !== undefined && sp.appProtocol !== null) errs.push(...validateQualifiedName(str(sp.appProtocol), child(path, 'appProtocol')));
  return errs;
}

/** ValidateEndpointIP */
export function validateEndpointIP(ip: string, path: string): Errs {
  const fam = parseIPSloppy(ip);
  if (!fam) return [invalid(path, ip, 'must be a valid IP address')];
  const errs: Errs = [];
  const v4 = fam === 4 ? ipv4Octets(ip) : null;
  const lower = ip.toLowerCase();
  if ((v4 && v4.every((o) => o === 0)) || (!v4 && /^(0*:)*:?0*$/.test(lower) && lower.replace(/[:0]/g, '') === ''))
    errs.push(invalid(path, ip, `may not be unspecified (${ip})`));
  if ((v4 && v4[0] === 127) || (!v4 && /^(0{0,4}:){0,7}:?0{0,3}1$/.test(lower) && (lower === '::1' || lower.replace(/^[0:]+/, '') === '1')))
    errs.push(invalid(path, ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if ((v4 && v4[0] === 169 && v4[1] === 254) || (!v4 && /^fe[89ab]/.test(lower)))
    errs.push(invalid(path, ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if ((v4 && v4[0] === 224 && v4[1] === 0 && v4[2] === 0) || (!v4 && /^ff[0-9a-f]2:/.test(lower)))
    errs.push(invalid(path, ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  return errs;
}

function ipv4Octets(ip: string): number[] | null {
  const m = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  return m ? m.slice(1).map(Number) : null;
}

/** ValidateServiceClusterIPsRelatedFields */
function validateClusterIPsRelated(spec: O, old: O | undefined): Errs {
  if (spec.type === 'ExternalName') return [];
  const errs: Errs = [];
  const ips = strs(spec.clusterIPs);
  const cp = 'spec.clusterIPs';
  if (str(spec.clusterIP)) {
    if (!ips.length) errs.push(required(cp));
    else if (ips[0] !== spec.clusterIP) errs.push(invalid(cp, ips, 'first value must match `clusterIP`'));
  } else if (ips.length) errs.push(invalid(cp, ips, 'must be empty when `clusterIP` is not specified'));
  const seen = new Set<string>();
  strs(spec.ipFamilies).forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6') errs.push(notSupported(idx('spec.ipFamilies', i), f, ['IPv4', 'IPv6']));
    if (seen.has(f)) errs.push(duplicate(idx('spec.ipFamilies', i), f));
    seen.add(f);
  });
  if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null && !['PreferDualStack', 'RequireDualStack', 'SingleStack'].includes(spec.ipFamilyPolicy))
    errs.push(notSupported('spec.ipFamilyPolicy', spec.ipFamilyPolicy, ['PreferDualStack', 'RequireDualStack', 'SingleStack']));
  let bad = false;
  const existing = old && isObj(old.spec) ? strs(old.spec.clusterIPs) : [];
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        bad = true;
        errs.push(invalid(cp, ips, "'None' must be the first and only value"));
      }
      return;
    }
    const e = validateIPLegacy(ip, idx(cp, i), existing);
    if (e.length) bad = true;
    errs.push(...e);
  });
  if (ips.length > 2) errs.push(invalid(cp, ips, 'may only hold up to 2 values'));
  if (bad) return errs;
  if (ips.length > 1) {
    const fams = ips.map(parseIPSloppy);
    if (!(fams.length === 2 && fams[0] !== fams[1])) errs.push(invalid(cp, ips, 'may specify no more than one IP for each IP family'));
  }
  if (!isHeadless(spec) && ips.length && strs(spec.ipFamilies).length) {
    const fams = strs(spec.ipFamilies);
    ips.forEach((ip, i) => {
      if (i > fams.length - 1) return;
      const isV6 = parseIPSloppy(ip) === 6;
      if (fams[i] === 'IPv4' && isV6) errs.push(invalid(idx(cp, i), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (fams[i] === 'IPv6' && !isV6) errs.push(invalid(idx(cp, i), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    });
  }
  return errs;
}

/** validateService */
function validateServiceCommon(svc: KObject, old: KObject | undefined): Errs {
  const errs: Errs = [];
  const spec = specOf(svc);
  const ann = mapOf(metaOf(svc).annotations);
  const hints = ann['service.kubernetes.io/topology-aware-hints'];
  const mode = ann['service.kubernetes.io/topology-mode'];
  if (hints !== undefined && mode !== undefined && hints !== mode)
    errs.push(invalid(key('metadata.annotations', 'service.kubernetes.io/topology-mode'), mode, 'must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified'));
  const ports = arr(spec.ports);
  if (!ports.length && !isHeadless(spec) && spec.type !== 'ExternalName') errs.push(required('spec.ports'));
  switch (spec.type) {
    case 'LoadBalancer':
      if (isHeadless(spec)) errs.push(invalid(idx('spec.clusterIPs', 0), 'None', "may not be set to 'None' for LoadBalancer services"));
      break;
    case 'NodePort':
      if (isHeadless(spec)) errs.push(invalid(idx('spec.clusterIPs', 0), 'None', "may not be set to 'None' for NodePort services"));
      break;
    case 'ExternalName': {
      if (strs(spec.clusterIPs).length) errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
      if (strs(spec.ipFamilies).length) errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
      if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null) errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
      const cname = str(spec.externalName).replace(/\.$/, '');
      if (cname) errs.push(...validateDNS1123Subdomain(cname, 'spec.externalName'));
      else errs.push(required('spec.externalName'));
      break;
    }
  }
  const names = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(isObj(p) ? p : {}, ports.length > 1, names, idx('spec.ports', i))));
  if (isObj(spec.selector)) errs.push(...validateLabelMap(spec.selector, 'spec.selector'));
  if (!spec.sessionAffinity) errs.push(required('spec.sessionAffinity'));
  else if (!['ClientIP', 'None'].includes(spec.sessionAffinity)) errs.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']));
  if (spec.sessionAffinity === 'ClientIP') {
    const cfg = spec.sessionAffinityConfig;
    const p = 'spec.sessionAffinityConfig';
    if (!isObj(cfg)) errs.push(required(p, 'when session affinity type is ClientIP'));
    else if (!isObj(cfg.clientIP)) errs.push(required(child(p, 'clientIP'), 'when session affinity type is ClientIP'));
    else {
      const t = cfg.clientIP.timeoutSeconds;
      if (t === undefined || t === null) errs.push(required(child(p, 'clientIP', 'timeoutSeconds'), 'when session affinity type is ClientIP'));
      else if (t <= 0 || t > 86400) errs.push(invalid(child(p, 'clientIP', 'timeoutSeconds'), t, 'must be greater than 0 and less than 86400'));
    }
  } else if (spec.sessionAffinity === 'None' && spec.sessionAffinityConfig !== undefined && spec.sessionAffinityConfig !== null)
    errs.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  errs.push(...validateClusterIPsRelated(spec, old));
  const oldExt = old ? strs(specOf(old).externalIPs) : [];
  strs(spec.externalIPs).forEach((ip, i) => {
    const p = idx('spec.externalIPs', i);
    const e = validateIPLegacy(ip, p, oldExt);
    if (e.length) errs.push(...e);
    else if (!oldExt.includes(ip)) errs.push(...validateEndpointIP(ip, p));
    else errs.push(...validateEndpointIP(ip, p));
  });
  if (!spec.type) errs.push(required('spec.type'));
  else if (!serviceTypes.includes(spec.type)) errs.push(notSupported('spec.type', spec.type, serviceTypes));
  if (spec.type === 'ClusterIP')
    ports.forEach((p, i) => {
      if (p?.nodePort) errs.push(forbidden(child(idx('spec.ports', i), 'nodePort'), "may not be used when `type` is 'ClusterIP'"));
    });
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p?.nodePort) return;
    const k = `${str(p.protocol)}/${p.nodePort}`;
    if (nodePorts.has(k)) errs.push(duplicate(child(idx('spec.ports', i), 'nodePort'), p.nodePort));
    nodePorts.add(k);
  });
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    const k = `${str(p?.protocol)}/${p?.port ?? 0}`;
    if (portKeys.has(k)) errs.push(duplicate(idx('spec.ports', i), { Name: '', Protocol: str(p?.protocol), AppProtocol: null, Port: p?.port ?? 0, TargetPort: 0, NodePort: 0 }));
    portKeys.add(k);
  });
  const ranges = strs(spec.loadBalancerSourceRanges);
  if (ranges.length) {
    const fp = 'spec.LoadBalancerSourceRanges';
    if (spec.type !== 'LoadBalancer') errs.push(forbidden(fp, "may only be used when `type` is 'LoadBalancer'"));
    const existing = old ? strs(specOf(old).loadBalancerSourceRanges).map((s) => s.trim()) : [];
    ranges.forEach((r, i) => errs.push(...validateCIDRLegacy(r.trim(), idx(fp, i), existing)));
  } else if ('service.beta.kubernetes.io/load-balancer-source-ranges' in ann) {
    const fp = key('metadata.annotations', 'service.beta.kubernetes.io/load-balancer-source-ranges');
    const val = ann['service.beta.kubernetes.io/load-balancer-source-ranges'];
    if (spec.type !== 'LoadBalancer') errs.push(forbidden(fp, "may only be used when `type` is 'LoadBalancer'"));
    const oldVal = old ? mapOf(metaOf(old).annotations)['service.beta.kubernetes.io/load-balancer-source-ranges'] : undefined;
    if (oldVal !== val && val.trim()) for (const c of val.trim().split(',')) errs.push(...validateCIDRLegacy(c.trim(), fp));
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts !== null && spec.type !== 'LoadBalancer')
    errs.push(forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  if (spec.type === 'LoadBalancer' && (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null))
    errs.push(required('allocateLoadBalancerNodePorts'));
  // loadBalancerClass
  if (old && specOf(old).type === 'LoadBalancer' && spec.type === 'LoadBalancer' && (specOf(old).loadBalancerClass ?? null) !== (spec.loadBalancerClass ?? null))
    errs.push(invalid('spec.loadBalancerClass', spec.loadBalancerClass ?? null, 'may not change once set'));
  if (spec.type === 'LoadBalancer') {
    if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass !== null) errs.push(...validateQualifiedName(str(spec.loadBalancerClass), 'spec.loadBalancerClass'));
  } else if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass !== null)
    errs.push(forbidden('spec.loadBalancerClass', "may only be used when `type` is 'LoadBalancer'"));
  // external traffic policy
  if (!externallyAccessible(spec)) {
    if (spec.externalTrafficPolicy) errs.push(invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set for externally-accessible services'));
  } else if (!spec.externalTrafficPolicy) errs.push(required('spec.externalTrafficPolicy'));
  else if (!['Cluster', 'Local'].includes(spec.externalTrafficPolicy)) errs.push(notSupported('spec.externalTrafficPolicy', spec.externalTrafficPolicy, ['Cluster', 'Local']));
  if (!needsHealthCheck(spec)) {
    if (spec.healthCheckNodePort) errs.push(invalid('spec.healthCheckNodePort', spec.healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  } else if (spec.healthCheckNodePort)
    for (const m of isValidPortNum(spec.healthCheckNodePort)) errs.push(invalid('spec.healthCheckNodePort', spec.healthCheckNodePort, m));
  // internal traffic policy
  if (spec.internalTrafficPolicy === undefined || spec.internalTrafficPolicy === null) {
    if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type)) errs.push(required('spec.internalTrafficPolicy'));
  } else if (!['Cluster', 'Local'].includes(spec.internalTrafficPolicy))
    errs.push(notSupported('spec.internalTrafficPolicy', spec.internalTrafficPolicy, ['Cluster', 'Local']));
  if (spec.trafficDistribution !== undefined && spec.trafficDistribution !== null) {
    const supported = ['PreferClose', 'PreferSameZone', 'PreferSameNode'];
    if (!supported.includes(spec.trafficDistribution)) errs.push(notSupported('spec.trafficDistribution', spec.trafficDistribution, supported));
  }
  return errs;
}

function validateUpgradeDowngrade(spec: O, ospec: O): Errs {
  const errs: Errs = [];
  if (spec.type === 'ExternalName' || ospec.type === 'ExternalName') return errs;
  const nh = isHeadless(spec);
  const oh = isHeadless(ospec);
  const ips = strs(spec.clusterIPs);
  const oips = strs(ospec.clusterIPs);
  if (!(oh && nh)) {
    if (oips.length === ips.length) {
      oips.forEach((ip, i) => {
        if (ip !== ips[i]) errs.push(invalid(idx('spec.clusterIPs', i), ips, 'may not change once set'));
      });
    } else if (oips.length > ips.length) {
      if (!ips.length) errs.push(invalid(idx('spec.clusterIPs', 0), ips, 'primary clusterIP can not be unset'));
      if (oips.length && ips.length && ips[0] !== oips[0]) errs.push(invalid(idx('spec.clusterIPs', 0), ips, 'may not change once set'));
      if (ips.length === 1 && spec.ipFamilyPolicy !== 'SingleStack')
        errs.push(invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary clusterIP"));
    } else if (oips.length && ips[0] !== oips[0]) errs.push(invalid(idx('spec.clusterIPs', 0), ips, 'may not change once set'));
  }
  if (nh !== oh || nh) return errs;
  const fams = strs(spec.ipFamilies);
  const ofams = strs(ospec.ipFamilies);
  if (ofams.length === fams.length) {
    ofams.forEach((f, i) => {
      if (f !== fams[i]) errs.push(invalid(idx('spec.ipFamilies', 0), fams, 'may not change once set'));
    });
  } else if (ofams.length > fams.length) {
    if (!ips.length) errs.push(invalid(idx('spec.ipFamilies', 0), fams, 'primary ipFamily can not be unset'));
    if (fams.length && fams[0] !== ofams[0]) errs.push(invalid(idx('spec.ipFamilies', 0), ips, 'may not change once set'));
    if (fams.length === 1 && spec.ipFamilyPolicy !== 'SingleStack')
      errs.push(invalid('spec.ipFamilyPolicy', spec.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary ipFamily"));
  } else if (ofams.length && fams.length && fams[0] !== ofams[0]) errs.push(invalid(idx('spec.ipFamilies', 0), ips, 'may not change once set'));
  return errs;
}

/** the checks initIPFamilyFields makes on the policy once fields are filled in */
function validateFamilyPolicy(spec: O, ospec: O | undefined): Errs {
  const errs: Errs = [];
  if (spec.type === 'ExternalName') return errs;
  const policy = spec.ipFamilyPolicy;
  if (ospec && policy !== 'SingleStack' && ospec.type !== 'ExternalName') {
    if (strs(ospec.clusterIPs).length > strs(spec.clusterIPs).length && strs(spec.clusterIPs).length)
      errs.push(invalid('spec.ipFamilyPolicy', policy ?? null, "must be 'SingleStack' to release the secondary cluster IP"));
    if (strs(ospec.ipFamilies).length > strs(spec.ipFamilies).length && strs(spec.ipFamilies).length)
      errs.push(invalid('spec.ipFamilyPolicy', policy ?? null, "must be 'SingleStack' to release the secondary IP family"));
  }
  if (policy === 'SingleStack') {
    if (strs(spec.clusterIPs).length === 2) errs.push(invalid('spec.ipFamilyPolicy', policy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
    if (strs(spec.ipFamilies).length === 2) errs.push(invalid('spec.ipFamilyPolicy', policy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
  }
  // a single-stack IPv4 cluster
  const headlessNoSelector = spec.clusterIP === 'None' && !Object.keys(mapOf(spec.selector)).length;
  if (!headlessNoSelector) {
    if (policy === 'RequireDualStack') errs.push(invalid('spec.ipFamilyPolicy', policy, 'this cluster is not configured for dual-stack services'));
    strs(spec.ipFamilies).forEach((f, i) => {
      if (f !== 'IPv4') errs.push(invalid(idx('spec.ipFamilies', i), f, 'not configured on this cluster'));
    });
  }
  return errs;
}

/** ValidateLoadBalancerStatus */
function validateLoadBalancerStatus(st: O, ost: O, spec: O): Errs {
  const errs: Errs = [];
  const lb = isObj(st.loadBalancer) ? st.loadBalancer : {};
  const olb = isObj(ost.loadBalancer) ? ost.loadBalancer : {};
  const ingress = arr(lb.ingress);
  const ip = 'status.loadBalancer.ingress';
  if (spec.type !== 'LoadBalancer' && ingress.length) return [forbidden(ip, "may only be used when `spec.type` is 'LoadBalancer'")];
  const oldIPs = arr(olb.ingress).map((i) => str(i?.ip)).filter((x) => x);
  ingress.forEach((ing, i) => {
    const p = idx(ip, i);
    if (str(ing?.ip)) errs.push(...validateIPLegacy(str(ing.ip), child(p, 'ip'), oldIPs));
    if (ing?.ipMode === undefined || ing?.ipMode === null) {
      if (str(ing?.ip)) errs.push(required(child(p, 'ipMode'), 'must be specified when `ip` is set'));
    } else if (!str(ing?.ip)) errs.push(forbidden(child(p, 'ipMode'), 'may not be specified when `ip` is not set'));
    else if (!['VIP', 'Proxy'].includes(ing.ipMode)) errs.push(notSupported(child(p, 'ipMode'), ing.ipMode, ['Proxy', 'VIP']));
    if (str(ing?.hostname)) {
      errs.push(...validateDNS1123Subdomain(str(ing.hostname), child(p, 'hostname')));
      if (parseIPSloppy(str(ing.hostname))) errs.push(invalid(child(p, 'hostname'), ing.hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return errs;
}

export const serviceStrategy: Strategy = defineStrategy({
  nameRule: 'dns1035',
  hasStatus: true,
  allowCreateOnUpdate: true,
  allowUnconditionalUpdate: true,
  returnDeletedObject: true,

  defaults: (obj) => defaultService(obj as O),

  prepareForCreate(obj) {
    obj.status = { loadBalancer: {} };
    const spec = specOf(obj);
    if (spec.type !== 'ExternalName' && str(spec.clusterIP) && !strs(spec.clusterIPs).length) spec.clusterIPs = [spec.clusterIP];
    if (spec.type !== 'ExternalName') initIPFamilyFields(obj as O, undefined);
  },

  validate(obj) {
    return [...validateServiceCommon(obj, undefined), ...validateFamilyPolicy(specOf(obj), undefined)];
  },

  prepareForUpdate(obj, old) {
    if (!isObj(obj.spec)) obj.spec = {};
    prepareServiceUpdate(obj as O, old as O);
    if (specOf(obj).type !== 'ExternalName') initIPFamilyFields(obj as O, old as O);
  },

  validateUpdate(obj, old) {
    const errs: Errs = [];
    errs.push(...validateUpgradeDowngrade(specOf(obj), specOf(old)));
    if (needsHealthCheck(specOf(old)) && needsHealthCheck(specOf(obj)) && specOf(obj).healthCheckNodePort !== specOf(old).healthCheckNodePort)
      errs.push(forbidden('spec.healthCheckNodePort', 'field is immutable'));
    errs.push(...validateServiceCommon(obj, old));
    errs.push(...validateFamilyPolicy(specOf(obj), specOf(old)));
    return errs;
  },

  validateStatusUpdate(obj, old) {
    return validateLoadBalancerStatus(statusOf(obj), statusOf(old), specOf(obj));
  },

  selectableFields(obj) {
    const spec = specOf(obj);
    return { 'spec.clusterIP': str(spec.clusterIP), 'spec.type': str(spec.type) };
  },

  warnings(obj) {
    const spec = specOf(obj);
    const w: string[] = [];
    if (spec.type === 'ExternalName' && strs(spec.externalIPs).length)
      w.push('spec.externalIPs is ignored when spec.type is "ExternalName"');
    if (spec.type === 'ExternalName' && str(spec.clusterIP) && spec.clusterIP !== 'None')
      w.push('spec.clusterIP is ignored when spec.type is "ExternalName"');
    return w;
  },
});

void sortedDeep;
