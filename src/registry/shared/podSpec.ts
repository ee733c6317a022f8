// PodSpec and PodTemplateSpec: v1 defaulting and validation shared by Pods,
// PodTemplates and every workload that embeds a pod template (ReplicaSets,
// Deployments, StatefulSets, DaemonSets, Jobs, CronJobs,
// ReplicationControllers). Field paths and messages follow upstream's core
// validation so that clients see the same errors.
import { defaultResourceList, format, parseQuantity, cmp, add, milliValue, value as qValue, type Quantity } from './quantity.js';
import { defaultPVCSpec, validatePVCTemplate, quantityErrors } from './pvc.js';
import {
  type Errs,
  type O,
  arr,
  child,
  chDirPrefix,
  duplicate,
  forbidden,
  idx,
  inclusiveRangeError,
  invalid,
  isConfigMapKey,
  isDNS1123Subdomain,
  isDNS1123SubdomainWithUnderscore,
  isHTTPHeaderName,
  isLabelValue,
  isObj,
  isQualifiedName,
  isValidPortNum,
  isValidPortName,
  isZero,
  key,
  mapOf,
  notFoundErr,
  notSupported,
  quoteList,
  required,
  semanticEqual,
  sortedDeep,
  str,
  strs,
  tooLong,
  validateAnnotationMap,
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateIPLegacy,
  validateLabelMap,
  validateLabelSelector,
  validateNonnegative,
  validatePortNumOrName,
  validatePositive,
  validateQualifiedName,
  isNegativeErrorMsg,
  isDNS1123Label,
} from './field.js';

// ---- defaulting ----------------------------------------------------------------

/** tag of an image reference ("" when none), as parsers.ParseImageName sees it */
export function imageTag(image: string): string {
  const noDigest = image.split('@')[0];
  const lastSlash = noDigest.lastIndexOf('/');
  const lastColon = noDigest.lastIndexOf(':');
  if (lastColon > lastSlash) return noDigest.slice(lastColon + 1);
  // no tag: latest is implied unless a digest is given
  return image.includes('@') ? '' : 'latest';
}

function defaultHTTPGet(h: unknown): void {
  if (!isObj(h)) return;
  if (!h.path) h.path = '/';
  if (!h.scheme) h.scheme = 'HTTP';
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHTTPGet(p.httpGet);
  if (isObj(p.grpc) && (p.grpc.service === undefined || p.grpc.service === null)) p.grpc.service = '';
}

function defaultFieldRef(f: unknown): void {
  if (isObj(f) && !f.apiVersion) f.apiVersion = 'v1';
}

/** SetDefaults_Container and the generated per-field defaults of a container */
export function defaultContainer(c: O): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(str(c.image)) === 'latest' ? 'Always' : 'IfNotPresent';
  if (!c.terminationMessagePath) c.terminationMessagePath = '/dev/termination-log';
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File';
  for (const p of arr(c.ports)) if (isObj(p) && !p.protocol) p.protocol = 'TCP';
  for (const e of arr(c.env)) {
    if (!isObj(e) || !isObj(e.valueFrom)) continue;
    defaultFieldRef(e.valueFrom.fieldRef);
    if (isObj(e.valueFrom.fileKeyRef) && (e.valueFrom.fileKeyRef.optional === undefined || e.valueFrom.fileKeyRef.optional === null))
      e.valueFrom.fileKeyRef.optional = false;
  }
  if (!isObj(c.resources)) c.resources = {};
  defaultResourceList(c.resources.limits);
  defaultResourceList(c.resources.requests);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (isObj(c.lifecycle)) {
    if (isObj(c.lifecycle.postStart)) defaultHTTPGet(c.lifecycle.postStart.httpGet);
    if (isObj(c.lifecycle.preStop)) defaultHTTPGet(c.lifecycle.preStop.httpGet);
  }
}

const volumeSourceKeys = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
];

/** SetDefaults_Volume and the volume-source defaults */
export function defaultVolume(v: O): void {
  if (!volumeSourceKeys.some((k) => isObj(v[k]))) v.emptyDir = {};
  if (isObj(v.image) && !v.image.pullPolicy) v.image.pullPolicy = imageTag(str(v.image.reference)) === 'latest' ? 'Always' : 'IfNotPresent';
  if (isObj(v.hostPath) && (v.hostPath.type === undefined || v.hostPath.type === null)) v.hostPath.type = '';
  for (const k of ['secret', 'configMap', 'downwardAPI', 'projected'])
    if (isObj(v[k]) && (v[k].defaultMode === undefined || v[k].defaultMode === null)) v[k].defaultMode = 0o644;
  if (isObj(v.iscsi) && !v.iscsi.iscsiInterface) v.iscsi.iscsiInterface = 'default';
  if (isObj(v.rbd)) {
    if (!v.rbd.pool) v.rbd.pool = 'rbd';
    if (!v.rbd.user) v.rbd.user = 'admin';
    if (!v.rbd.keyring) v.rbd.keyring = '/etc/ceph/keyring';
  }
  if (isObj(v.downwardAPI)) for (const it of arr(v.downwardAPI.items)) if (isObj(it)) defaultFieldRef(it.fieldRef);
  if (isObj(v.azureDisk)) {
    v.azureDisk.cachingMode ??= 'ReadWrite';
    v.azureDisk.fsType ??= 'ext4';
    v.azureDisk.readOnly ??= false;
    v.azureDisk.kind ??= 'Shared';
  }
  if (isObj(v.projected)) {
    for (const s of arr(v.projected.sources)) {
      if (!isObj(s)) continue;
      if (isObj(s.downwardAPI)) for (const it of arr(s.downwardAPI.items)) if (isObj(it)) defaultFieldRef(it.fieldRef);
      if (isObj(s.serviceAccountToken) && (s.serviceAccountToken.expirationSeconds === undefined || s.serviceAccountToken.expirationSeconds === null))
        s.serviceAccountToken.expirationSeconds = 3600;
    }
  }
  if (isObj(v.scaleIO)) {
    if (!v.scaleIO.storageMode) v.scaleIO.storageMode = 'ThinProvisioned';
    if (!v.scaleIO.fsType) v.scaleIO.fsType = 'xfs';
  }
  if (isObj(v.ephemeral) && isObj(v.ephemeral.volumeClaimTemplate)) {
    const t = v.ephemeral.volumeClaimTemplate;
    if (!isObj(t.spec)) t.spec = {};
    defaultPVCSpec(t.spec);
  }
}

/** SetDefaults_PodSpec plus the generated defaults of everything inside a pod spec (templates and pods) */
export function defaultPodSpec(spec: O): void {
  // v1 <-> internal conversion: serviceAccount is the deprecated alias of serviceAccountName
  if (!spec.serviceAccountName && typeof spec.serviceAccount === 'string' && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  else delete spec.serviceAccount;
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  if (!isObj(spec.securityContext)) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) spec.terminationGracePeriodSeconds = 30;
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';
  for (const v of arr(spec.volumes)) if (isObj(v)) defaultVolume(v);
  for (const c of arr(spec.initContainers)) if (isObj(c)) defaultContainer(c);
  for (const c of arr(spec.containers)) if (isObj(c)) defaultContainer(c);
  for (const c of arr(spec.ephemeralContainers)) if (isObj(c)) defaultContainer(c);
  defaultResourceList(spec.overhead);
  if (isObj(spec.resources)) {
    defaultResourceList(spec.resources.limits);
    defaultResourceList(spec.resources.requests);
  }
}

const initContainerAnnotations = [
  'pod.beta.kubernetes.io/init-containers',
  'pod.alpha.kubernetes.io/init-containers',
  'pod.beta.kubernetes.io/init-container-statuses',
  'pod.alpha.kubernetes.io/init-container-statuses',
];

/** v1 <-> internal conversion drops the legacy init container annotations from pods and templates */
export function dropInitContainerAnnotations(meta: unknown): void {
  if (!isObj(meta) || !isObj(meta.annotations)) return;
  for (const k of initContainerAnnotations) delete meta.annotations[k];
}

export function defaultPodTemplateSpec(tmpl: unknown): void {
  if (!isObj(tmpl)) return;
  dropInitContainerAnnotations(tmpl.metadata);
  if (!isObj(tmpl.spec)) tmpl.spec = {};
  defaultPodSpec(tmpl.spec);
}

const supportedPodLevelResources = (name: string): boolean => name === 'cpu' || name === 'memory' || name.startsWith('hugepages-');

function aggregateRequests(spec: O, which: 'requests' | 'limits'): Map<string, Quantity> {
  const sum = new Map<string, Quantity>();
  const addTo = (m: Map<string, Quantity>, list: unknown) => {
    for (const [k, v] of Object.entries(mapOf(list))) {
      const q = parseQuantity(v);
      if (!q) continue;
      const prev = m.get(k);
      m.set(k, prev ? add(prev, q) : q);
    }
  };
  for (const c of arr(spec.containers)) addTo(sum, c?.resources?.[which]);
  // restartable init containers run alongside the app containers
  for (const c of arr(spec.initContainers)) if (c?.restartPolicy === 'Always') addTo(sum, c?.resources?.[which]);
  // ordinary init containers run alone: the pod needs the largest of them
  for (const c of arr(spec.initContainers)) {
    if (c?.restartPolicy === 'Always') continue;
    for (const [k, v] of Object.entries(mapOf(c?.resources?.[which]))) {
      const q = parseQuantity(v);
      if (!q) continue;
      const prev = sum.get(k);
      if (!prev || cmp(q, prev) > 0) sum.set(k, q);
    }
  }
  return sum;
}

/** SetDefaults_Pod: the parts of defaulting that apply to Pods only (not templates) */
export function defaultPodOnly(pod: O): void {
  const spec: O = isObj(pod.spec) ? pod.spec : (pod.spec = {});
  for (const list of [arr(spec.containers), arr(spec.initContainers)]) {
    for (const c of list) {
      if (!isObj(c) || !isObj(c.resources) || !isObj(c.resources.limits)) continue;
      if (!isObj(c.resources.requests)) c.resources.requests = {};
      for (const [k, v] of Object.entries(c.resources.limits)) if (!(k in c.resources.requests)) c.resources.requests[k] = v;
    }
  }
  // pod-level resources (PodLevelResources is on by default)
  if (isObj(spec.resources)) {
    const res = spec.resources;
    if (len(res.limits) || len(res.requests)) {
      const lims: O = isObj(res.limits) ? res.limits : {};
      const ctrLims = aggregateRequests(spec, 'limits');
      for (const [k, q] of ctrLims) {
        if (!supportedPodLevelResources(k) || !k.startsWith('hugepages-')) continue;
        if (isObj(res.requests) && k in res.requests) continue;
        if (!(k in lims)) lims[k] = format(q);
      }
      if (Object.keys(lims).length) res.limits = lims;
    }
    if (len(res.limits)) {
      const reqs: O = isObj(res.requests) ? res.requests : {};
      for (const [k, q] of aggregateRequests(spec, 'requests')) {
        if (!(k in reqs) && supportedPodLevelResources(k) && !k.startsWith('hugepages-') && !k.includes('/')) reqs[k] = format(q);
      }
      for (const [k, v] of Object.entries(mapOf(res.limits))) if (!(k in reqs) && supportedPodLevelResources(k)) reqs[k] = v;
      if (Object.keys(reqs).length) res.requests = reqs;
    }
  }
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  if (spec.hostNetwork === true) {
    for (const c of [...arr(spec.containers), ...arr(spec.initContainers)])
      for (const p of arr(c?.ports)) if (isObj(p) && !p.hostPort) p.hostPort = p.containerPort;
  }
}

function len(v: unknown): number {
  return Array.isArray(v) ? v.length : isObj(v) ? Object.keys(v).length : 0;
}

/** full v1 defaulting of a Pod object */
export function defaultPod(pod: O): void {
  if (!isObj(pod.spec)) pod.spec = {};
  defaultPodOnly(pod);
  defaultPodSpec(pod.spec);
  // a negative grace period on a pod (not a template) is read and stored as 1
  if (typeof pod.spec.terminationGracePeriodSeconds === 'number' && pod.spec.terminationGracePeriodSeconds < 0) pod.spec.terminationGracePeriodSeconds = 1;
  dropInitContainerAnnotations(pod.metadata);
  if (isObj(pod.status)) {
    // v1 <-> internal conversion: podIP is authoritative over podIPs[0]
    const st = pod.status;
    if (typeof st.podIP === 'string' && st.podIP) {
      if (!Array.isArray(st.podIPs) || !st.podIPs.length || st.podIPs[0]?.ip !== st.podIP) st.podIPs = [{ ip: st.podIP }];
    } else if (Array.isArray(st.podIPs) && st.podIPs.length) {
      st.podIP = str(st.podIPs[0]?.ip);
    }
    for (const list of ['initContainerStatuses', 'containerStatuses', 'ephemeralContainerStatuses'])
      for (const s of arr(pod.status[list])) {
        if (!isObj(s)) continue;
        defaultResourceList(s.allocatedResources);
        if (isObj(s.resources)) {
          defaultResourceList(s.resources.limits);
          defaultResourceList(s.resources.requests);
        }
      }
  }
}

// ---- QoS -----------------------------------------------------------------------

/** qos.ComputePodQOS */
export function computePodQOS(spec: O): string {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const zero: Quantity = { m: 0n, e: 0, format: 'DecimalSI' };
  const qosRes = (n: string) => n === 'cpu' || n === 'memory';
  const accumulate = (into: Map<string, Quantity>, list: unknown): Set<string> => {
    const found = new Set<string>();
    for (const [k, v] of Object.entries(mapOf(list))) {
      if (!qosRes(k)) continue;
      const q = parseQuantity(v);
      if (!q || cmp(q, zero) <= 0) continue;
      found.add(k);
      const prev = into.get(k);
      into.set(k, prev ? add(prev, q) : q);
    }
    return found;
  };
  if (isObj(spec.resources)) {
    if (len(spec.resources.requests)) accumulate(requests, spec.resources.requests);
    if (len(spec.resources.limits)) {
      const f = accumulate(limits, spec.resources.limits);
      if (!(f.has('cpu') && f.has('memory'))) guaranteed = false;
    }
  } else {
    for (const c of [...arr(spec.containers), ...arr(spec.initContainers)]) {
      accumulate(requests, c?.resources?.requests);
      const f = accumulate(limits, c?.resources?.limits);
      if (!(f.has('cpu') && f.has('memory'))) guaranteed = false;
    }
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [k, r] of requests) {
      const l = limits.get(k);
      if (!l || cmp(l, r) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

// ---- validation ------------------------------------------------------------------

export interface PodValidationOptions {
  /** the spec belongs to a Pod (not a template) */
  isPod?: boolean;
  /** pod metadata (for generic ephemeral volume PVC names) */
  podMeta?: O;
  /** the spec being updated from (relaxes some checks for stored data) */
  oldSpec?: O;
}

const fileModeErrorMsg = 'must be a number between 0 and 0777 (octal), both inclusive';
const supportedPortProtocols = ['SCTP', 'TCP', 'UDP'];

function validateMode(v: unknown, path: string): Errs {
  if (v === undefined || v === null) return [];
  return typeof v !== 'number' || v > 0o777 || v < 0 ? [invalid(path, v, fileModeErrorMsg)] : [];
}

function isAbs(p: string): boolean {
  return p.startsWith('/');
}

function validatePathNoBacksteps(p: string, path: string): Errs {
  return p.split('/').some((s) => s === '..') ? [invalid(path, p, "must not contain '..'")] : [];
}

function validateLocalDescendingPath(p: string, path: string): Errs {
  const errs: Errs = [];
  if (isAbs(p)) errs.push(invalid(path, p, 'must be a relative path'));
  errs.push(...validatePathNoBacksteps(p, path));
  return errs;
}

export function validateLocalNonReservedPath(p: string, path: string): Errs {
  const errs = validateLocalDescendingPath(p, path);
  if (p.startsWith('..') && !p.startsWith('../')) errs.push(invalid(path, p, "must not start with '..'"));
  return errs;
}

function validateKeyToPath(kp: O, path: string): Errs {
  const errs: Errs = [];
  if (!str(kp.key)) errs.push(required(child(path, 'key')));
  if (!str(kp.path)) errs.push(required(child(path, 'path')));
  errs.push(...validateLocalNonReservedPath(str(kp.path), child(path, 'path')));
  errs.push(...validateMode(kp.mode, child(path, 'mode')));
  return errs;
}

const envFieldPaths = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
const volumeFieldPaths = ['metadata.name', 'metadata.namespace', 'metadata.labels', 'metadata.annotations', 'metadata.uid'];
const downwardConvertible = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);

function splitSubscript(p: string): [string, string] | null {
  const m = /^(.*)\['(.*)'\]$/.exec(p);
  return m ? [m[1], m[2]] : null;
}

function validateObjectFieldSelector(fs: O, expressions: string[], path: string): Errs {
  if (!str(fs.apiVersion)) return [required(child(path, 'apiVersion'))];
  if (!str(fs.fieldPath)) return [required(child(path, 'fieldPath'))];
  const fp = str(fs.fieldPath);
  if (fs.apiVersion !== 'v1') return [invalid(child(path, 'fieldPath'), fp, `error converting fieldPath: unsupported pod version: ${fs.apiVersion}`)];
  const sub = splitSubscript(fp);
  let internal = fp;
  if (sub) {
    if (sub[0] !== 'metadata.annotations' && sub[0] !== 'metadata.labels')
      return [invalid(child(path, 'fieldPath'), fp, `error converting fieldPath: field label does not support subscript: ${fp}`)];
  } else if (fp === 'spec.host') internal = 'spec.nodeName';
  else if (!downwardConvertible.has(fp)) return [invalid(child(path, 'fieldPath'), fp, `error converting fieldPath: field label not supported: ${fp}`)];
  if (sub) {
    if (sub[0] === 'metadata.annotations') return validateQualifiedName(sub[1].toLowerCase(), path);
    return validateQualifiedName(sub[1], path);
  }
  if (!expressions.includes(internal)) return [notSupported(child(path, 'fieldPath'), internal, [...expressions].sort())];
  return [];
}

const resourceFieldExpressions = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage'];

function validateResourceFieldSelector(fs: O, path: string, volume: boolean): Errs {
  const errs: Errs = [];
  const r = str(fs.resource);
  if (volume && !str(fs.containerName)) errs.push(required(child(path, 'containerName')));
  else if (!r) errs.push(required(child(path, 'resource')));
  else if (!resourceFieldExpressions.includes(r) && !r.startsWith('requests.hugepages-') && !r.startsWith('limits.hugepages-'))
    errs.push(notSupported(child(path, 'resource'), r, [...resourceFieldExpressions].sort()));
  if (fs.divisor !== undefined && fs.divisor !== null) {
    const q = parseQuantity(fs.divisor);
    if (q && q.m !== 0n) {
      const d = format(q);
      const mem = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];
      const list = mem.join(', ');
      if ((r === 'limits.cpu' || r === 'requests.cpu') && !['1m', '1'].includes(d))
        errs.push(invalid(child(path, 'divisor'), r, "only divisor's values 1m and 1 are supported with the cpu resource"));
      if ((r === 'limits.memory' || r === 'requests.memory') && !mem.includes(d))
        errs.push(invalid(child(path, 'divisor'), r, `only divisor's values ${list} are supported with the memory resource`));
      if ((r === 'limits.ephemeral-storage' || r === 'requests.ephemeral-storage') && !mem.includes(d))
        errs.push(invalid(child(path, 'divisor'), r, `only divisor's values ${list} are supported with the local ephemeral storage resource`));
      if ((r.startsWith('requests.hugepages-') || r.startsWith('limits.hugepages-')) && !mem.includes(d))
        errs.push(invalid(child(path, 'divisor'), r, `only divisor's values ${list} are supported with the hugepages resource`));
    }
  }
  return errs;
}

function validateDownwardAPIFile(file: O, path: string): Errs {
  const errs: Errs = [];
  if (!str(file.path)) errs.push(required(child(path, 'path')));
  errs.push(...validateLocalNonReservedPath(str(file.path), child(path, 'path')));
  if (isObj(file.fieldRef)) {
    errs.push(...validateObjectFieldSelector(file.fieldRef, volumeFieldPaths, child(path, 'fieldRef')));
    if (isObj(file.resourceFieldRef)) errs.push(invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  } else if (isObj(file.resourceFieldRef)) errs.push(...validateResourceFieldSelector(file.resourceFieldRef, child(path, 'resourceFieldRef'), true));
  else errs.push(required(path, 'one of fieldRef and resourceFieldRef is required'));
  errs.push(...validateMode(file.mode, child(path, 'mode')));
  return errs;
}

const hostPathTypes = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

function validateProjected(pr: O, path: string, opts: PodValidationOptions): Errs {
  const errs: Errs = [];
  errs.push(...validateMode(pr.defaultMode, child(path, 'defaultMode')));
  const allPaths = new Set<string>();
  const track = (p: string, errValue: unknown) => {
    if (!p) return;
    if (allPaths.has(p)) errs.push(invalid(path, errValue, 'conflicting duplicate paths'));
    else allPaths.add(p);
  };
  arr(pr.sources).forEach((s, i) => {
    const sp = idx(child(path, 'sources'), i);
    if (!isObj(s)) return;
    if (isObj(s.secret)) {
      const pp = child(sp, 'secret');
      if (!str(s.secret.name)) errs.push(required(child(pp, 'name')));
      arr(s.secret.items).forEach((kp, j) => {
        errs.push(...validateKeyToPath(kp, idx(child(pp, 'items'), j)));
        track(str(kp.path), str(s.secret.name));
      });
    }
    if (isObj(s.configMap)) {
      const pp = child(sp, 'configMap');
      if (!str(s.configMap.name)) errs.push(required(child(pp, 'name')));
      arr(s.configMap.items).forEach((kp, j) => {
        errs.push(...validateKeyToPath(kp, idx(child(pp, 'items'), j)));
        track(str(kp.path), str(s.configMap.name));
      });
    }
    if (isObj(s.downwardAPI)) {
      const pp = child(sp, 'downwardAPI');
      for (const f of arr(s.downwardAPI.items)) {
        errs.push(...validateDownwardAPIFile(f, pp));
        track(str(f.path), str(f.path));
      }
    }
    if (isObj(s.serviceAccountToken)) {
      const pp = child(sp, 'serviceAccountToken');
      const exp = s.serviceAccountToken.expirationSeconds ?? 0;
      if (exp < 600) errs.push(invalid(child(pp, 'expirationSeconds'), exp, 'may not specify a duration less than 10 minutes'));
      if (exp > 2 ** 32) errs.push(invalid(child(pp, 'expirationSeconds'), exp, 'may not specify a duration larger than 2^32 seconds'));
      if (!str(s.serviceAccountToken.path)) errs.push(required(child(path, 'path')));
      else if (!opts.oldSpec) errs.push(...validateLocalNonReservedPath(str(s.serviceAccountToken.path), child(path, 'path')));
    }
    if (isObj(s.clusterTrustBundle)) {
      const pp = child(sp, 'clusterTrustBundle');
      const ctb = s.clusterTrustBundle;
      const usingName = ctb.name !== undefined && ctb.name !== null;
      const usingSigner = ctb.signerName !== undefined && ctb.signerName !== null;
      if (usingName && usingSigner) errs.push(invalid(pp, sortedDeep(ctb), 'only one of name and signerName may be used'));
      else if (usingName) {
        if (!str(ctb.name)) errs.push(required(child(pp, 'name'), 'must be a valid object name'));
        if (isObj(ctb.labelSelector)) errs.push(invalid(child(pp, 'labelSelector'), sortedDeep(ctb.labelSelector), 'labelSelector must be unset if name is specified'));
      } else if (usingSigner) {
        if (!str(ctb.signerName)) errs.push(required(child(pp, 'signerName'), 'must be a valid signer name'));
        errs.push(...validateLabelSelector(ctb.labelSelector, child(pp, 'labelSelector')));
      } else errs.push(required(pp, 'either name or signerName must be specified'));
      if (!str(ctb.path)) errs.push(required(child(pp, 'path')));
      errs.push(...validateLocalNonReservedPath(str(ctb.path), child(pp, 'path')));
      track(str(ctb.path), str(ctb.path));
    }
  });
  return errs;
}

/** validateVolumeSource: exactly one source, and that source's own checks */
function validateVolumeSource(v: O, path: string, name: string, opts: PodValidationOptions): Errs {
  const errs: Errs = [];
  let n = 0;
  for (const k of volumeSourceKeys) {
    if (!isObj(v[k])) continue;
    if (n > 0) {
      // upstream spells one of these paths oddly; keep its spelling
      errs.push(forbidden(child(path, k === 'downwardAPI' ? 'downwarAPI' : k === 'cephfs' ? 'cephFS' : k), 'may not specify more than 1 volume type'));
      continue;
    }
    n++;
    const s = v[k] as O;
    const p = child(path, k);
    switch (k) {
      case 'emptyDir':
        if (s.sizeLimit !== undefined && s.sizeLimit !== null) {
          const q = parseQuantity(s.sizeLimit);
          if (!q) errs.push(...quantityErrors(s.sizeLimit, child(p, 'sizeLimit')));
          else if (q.m < 0n) errs.push(forbidden(child(p, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity'));
        }
        if (s.medium !== undefined && s.medium !== null && !['', 'Memory', 'HugePages'].includes(s.medium) && !str(s.medium).startsWith('HugePages-')) {
          // upstream does not validate the medium beyond its type; keep it permissive
        }
        break;
      case 'hostPath':
        if (!str(s.path)) {
          errs.push(required(child(p, 'path')));
          break;
        }
        errs.push(...validatePathNoBacksteps(str(s.path), child(p, 'path')));
        if (s.type !== undefined && s.type !== null && !hostPathTypes.includes(s.type)) errs.push(notSupported(child(p, 'type'), s.type, hostPathTypes));
        break;
      case 'secret':
        if (!str(s.secretName)) errs.push(required(child(p, 'secretName')));
        errs.push(...validateMode(s.defaultMode, child(p, 'defaultMode')));
        arr(s.items).forEach((kp, i) => errs.push(...validateKeyToPath(kp, idx(child(p, 'items'), i))));
        break;
      case 'configMap':
        if (!str(s.name)) errs.push(required(child(p, 'name')));
        errs.push(...validateMode(s.defaultMode, child(p, 'defaultMode')));
        arr(s.items).forEach((kp, i) => errs.push(...validateKeyToPath(kp, idx(child(p, 'items'), i))));
        break;
      case 'persistentVolumeClaim':
        if (!str(s.claimName)) errs.push(required(child(p, 'claimName')));
        break;
      case 'nfs':
        if (!str(s.server)) errs.push(required(child(p, 'server')));
        if (!str(s.path)) errs.push(required(child(p, 'path')));
        if (!isAbs(str(s.path))) errs.push(invalid(child(p, 'path'), str(s.path), 'must be an absolute path'));
        break;
      case 'downwardAPI':
        errs.push(...validateMode(s.defaultMode, child(p, 'defaultMode')));
        for (const f of arr(s.items)) errs.push(...validateDownwardAPIFile(f, p));
        break;
      case 'projected':
        errs.push(...validateProjected(s, p, opts));
        break;
      case 'gitRepo':
        if (!str(s.repository)) errs.push(required(child(p, 'repository')));
        if (s.directory) {
          errs.push(...validatePathNoBacksteps(str(s.directory), child(p, 'directory')));
          if (isAbs(str(s.directory))) errs.push(invalid(child(p, 'directory'), s.directory, 'must be a relative path'));
        }
        break;
      case 'csi':
        if (!str(s.driver)) errs.push(required(child(p, 'driver')));
        else {
          const d = str(s.driver);
          if (d.length > 63) errs.push(tooLong(child(p, 'driver'), 63));
          for (const m of isDNS1123Subdomain(d.toLowerCase())) errs.push(invalid(child(p, 'driver'), d, m));
        }
        if (isObj(s.nodePublishSecretRef) && !str(s.nodePublishSecretRef.name)) errs.push(required(child(p, 'nodePublishSecretRef', 'name')));
        break;
      case 'ephemeral':
        if (!isObj(s.volumeClaimTemplate)) errs.push(required(child(p, 'volumeClaimTemplate')));
        else errs.push(...validatePVCTemplate(s.volumeClaimTemplate, child(p, 'volumeClaimTemplate')));
        if (opts.podMeta && str(opts.podMeta.name) && name) {
          const pvcName = `${str(opts.podMeta.name)}-${name}`;
          for (const m of isDNS1123Subdomain(pvcName)) errs.push(invalid(child(p, 'name'), name, `PVC name ${JSON.stringify(pvcName)}: ${m}`));
        }
        break;
      case 'image':
        if (!str(s.reference) && opts.isPod) errs.push(required(child(p, 'reference')));
        if (s.pullPolicy && !['Always', 'IfNotPresent', 'Never'].includes(s.pullPolicy))
          errs.push(notSupported(child(p, 'pullPolicy'), s.pullPolicy, ['Always', 'IfNotPresent', 'Never']));
        break;
      case 'iscsi':
        if (!str(s.targetPortal)) errs.push(required(child(p, 'targetPortal')));
        if (!str(s.iqn)) errs.push(required(child(p, 'iqn')));
        if (s.lun !== undefined && (s.lun < 0 || s.lun > 255)) errs.push(invalid(child(p, 'lun'), s.lun, inclusiveRangeError(0, 255)));
        break;
      case 'rbd':
        if (!strs(s.monitors).length) errs.push(required(child(p, 'monitors')));
        if (!str(s.image)) errs.push(required(child(p, 'image')));
        break;
      case 'cephfs':
        if (!strs(s.monitors).length) errs.push(required(child(path, 'cephfs', 'monitors')));
        break;
      case 'glusterfs':
        if (!str(s.endpoints)) errs.push(required(child(p, 'endpoints')));
        if (!str(s.path)) errs.push(required(child(p, 'path')));
        break;
      case 'fc':
        if (!strs(s.targetWWNs).length && !strs(s.wwids).length) errs.push(required(child(p, 'targetWWNs'), 'must specify either targetWWNs or wwids, but not both'));
        break;
      case 'awsElasticBlockStore':
      case 'gcePersistentDisk':
        if (!str(k === 'gcePersistentDisk' ? s.pdName : s.volumeID)) errs.push(required(child(k === 'gcePersistentDisk' ? child(path, 'persistentDisk') : p, k === 'gcePersistentDisk' ? 'pdName' : 'volumeID')));
        break;
      case 'azureFile':
        if (!str(s.secretName)) errs.push(required(child(p, 'secretName')));
        if (!str(s.shareName)) errs.push(required(child(p, 'shareName')));
        break;
      case 'azureDisk':
        if (!str(s.diskName)) errs.push(required(child(p, 'diskName')));
        if (!str(s.diskURI)) errs.push(required(child(p, 'diskURI')));
        break;
      case 'cinder':
        if (!str(s.volumeID)) errs.push(required(child(p, 'volumeID')));
        break;
      case 'flexVolume':
        if (!str(s.driver)) errs.push(required(child(p, 'driver')));
        break;
      default:
        break;
    }
  }
  if (n === 0) errs.push(required(path, 'must specify a volume type'));
  return errs;
}

/** ValidateVolumes; returns the valid volumes by name */
export function validateVolumes(volumes: unknown, path: string, opts: PodValidationOptions): { vols: Map<string, O>; errs: Errs } {
  const errs: Errs = [];
  const vols = new Map<string, O>();
  const names = new Set<string>();
  const createdPVCs = new Set<string>();
  const podName = str(opts.podMeta?.name);
  if (podName) for (const v of arr(volumes)) if (isObj(v?.ephemeral)) createdPVCs.add(`${podName}-${str(v.name)}`);
  arr(volumes).forEach((v, i) => {
    const p = idx(path, i);
    if (!isObj(v)) {
      errs.push(required(child(p, 'name')));
      return;
    }
    const name = str(v.name);
    const el = validateVolumeSource(v, p, name, opts);
    if (!name) el.push(required(child(p, 'name')));
    else el.push(...validateDNS1123Label(name, child(p, 'name')));
    if (names.has(name)) el.push(duplicate(child(p, 'name'), name));
    if (!el.length) {
      names.add(name);
      vols.set(name, v);
    } else errs.push(...el);
    if (isObj(v.persistentVolumeClaim) && createdPVCs.has(str(v.persistentVolumeClaim.claimName)))
      errs.push(invalid(child(p, 'persistentVolumeClaim', 'claimName'), str(v.persistentVolumeClaim.claimName), 'must not reference a PVC that gets created for an ephemeral volume'));
  });
  return { vols, errs };
}

function validateContainerPorts(ports: unknown, path: string): Errs {
  const errs: Errs = [];
  const names = new Set<string>();
  arr(ports).forEach((port, i) => {
    const p = idx(path, i);
    if (!isObj(port)) return;
    const name = str(port.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) for (const m of msgs) errs.push(invalid(child(p, 'name'), name, m));
      else if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
      else names.add(name);
    }
    if (!port.containerPort) errs.push(required(child(p, 'containerPort')));
    else for (const m of isValidPortNum(port.containerPort)) errs.push(invalid(child(p, 'containerPort'), port.containerPort, m));
    if (port.hostPort) for (const m of isValidPortNum(port.hostPort)) errs.push(invalid(child(p, 'hostPort'), port.hostPort, m));
    if (!port.protocol) errs.push(required(child(p, 'protocol')));
    else if (!supportedPortProtocols.includes(port.protocol)) errs.push(notSupported(child(p, 'protocol'), port.protocol, supportedPortProtocols));
  });
  return errs;
}

/** IsRelaxedEnvVarName */
function relaxedEnvVarNameErrors(name: string): string[] {
  if (!name.length) return ['environment variable name must be non-empty'];
  for (const ch of name) {
    const c = ch.codePointAt(0)!;
    if (c > 127 || c < 32 || c === 127 || ch === '=') return ["a valid environment variable name must consist only of printable ASCII characters other than '='"];
  }
  return [];
}

function validateEnv(env: unknown, path: string): Errs {
  const errs: Errs = [];
  arr(env).forEach((ev, i) => {
    const p = idx(path, i);
    if (!isObj(ev)) return;
    if (!str(ev.name)) errs.push(required(child(p, 'name')));
    else for (const m of relaxedEnvVarNameErrors(str(ev.name))) errs.push(invalid(child(p, 'name'), ev.name, m));
    if (!isObj(ev.valueFrom)) return;
    const vp = child(p, 'valueFrom');
    const vf = ev.valueFrom;
    let n = 0;
    if (isObj(vf.fieldRef)) {
      n++;
      errs.push(...validateObjectFieldSelector(vf.fieldRef, envFieldPaths, child(vp, 'fieldRef')));
    }
    if (isObj(vf.resourceFieldRef)) {
      n++;
      errs.push(...validateResourceFieldSelector(vf.resourceFieldRef, child(vp, 'resourceFieldRef'), false));
    }
    for (const k of ['configMapKeyRef', 'secretKeyRef']) {
      if (!isObj(vf[k])) continue;
      n++;
      const sp = child(vp, k);
      const nm = str(vf[k].name);
      for (const m of isDNS1123Subdomain(nm)) errs.push(invalid(child(sp, 'name'), nm, m));
      if (!str(vf[k].key)) errs.push(required(child(sp, 'key')));
      else for (const m of isConfigMapKey(str(vf[k].key))) errs.push(invalid(child(sp, 'key'), vf[k].key, m));
    }
    if (isObj(vf.fileKeyRef)) {
      n++;
      const sp = child(vp, 'fileKeyRef');
      const f = vf.fileKeyRef;
      if (!str(f.key)) errs.push(required(child(sp, 'key')));
      else for (const m of relaxedEnvVarNameErrors(str(f.key))) errs.push(invalid(child(sp, 'key'), f.key, m));
      if (!str(f.volumeName)) errs.push(required(child(sp, 'volumeName')));
      if (!str(f.path)) errs.push(required(child(sp, 'path')));
      else errs.push(...validateLocalDescendingPath(str(f.path), child(sp, 'path')));
    }
    if (n === 0) errs.push(invalid(vp, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`'));
    else if (str(ev.value)) errs.push(invalid(vp, '', 'may not be specified when `value` is not empty'));
    else if (n > 1) errs.push(invalid(vp, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function validateEnvFrom(envFrom: unknown, path: string): Errs {
  const errs: Errs = [];
  arr(envFrom).forEach((ev, i) => {
    const p = idx(path, i);
    if (!isObj(ev)) return;
    if (str(ev.prefix)) for (const m of relaxedEnvVarNameErrors(str(ev.prefix))) errs.push(invalid(child(p, 'prefix'), ev.prefix, m));
    let n = 0;
    for (const k of ['configMapRef', 'secretRef']) {
      if (!isObj(ev[k])) continue;
      n++;
      const nm = str(ev[k].name);
      if (!nm) errs.push(required(child(p, k, 'name')));
      else {
        const v = nm.endsWith('-') ? nm.slice(0, -1) : nm;
        for (const m of isDNS1123Subdomain(v)) errs.push(invalid(child(p, k, 'name'), nm, m));
      }
    }
    if (n === 0) errs.push(invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (n > 1) errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function validateVolumeMounts(mounts: unknown, devices: Map<string, string>, vols: Map<string, O>, ctr: O, path: string): Errs {
  const errs: Errs = [];
  const seen = new Set<string>();
  const devPaths = new Set(devices.values());
  arr(mounts).forEach((mnt, i) => {
    const p = idx(path, i);
    if (!isObj(mnt)) return;
    const name = str(mnt.name);
    const mp = str(mnt.mountPath);
    if (!name) errs.push(required(child(p, 'name')));
    if (!vols.has(name)) errs.push(notFoundErr(child(p, 'name'), name));
    if (!mp) errs.push(required(child(p, 'mountPath')));
    if (seen.has(mp)) errs.push(invalid(child(p, 'mountPath'), mp, 'must be unique'));
    seen.add(mp);
    if (devices.has(name)) errs.push(invalid(child(p, 'name'), name, 'must not already exist in volumeDevices'));
    if (devPaths.has(mp)) errs.push(invalid(child(p, 'mountPath'), mp, 'must not already exist as a path in volumeDevices'));
    if (str(mnt.subPath)) errs.push(...validateLocalDescendingPath(str(mnt.subPath), child(path, 'subPath')));
    if (str(mnt.subPathExpr)) {
      if (str(mnt.subPath)) errs.push(invalid(child(p, 'subPathExpr'), mnt.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      errs.push(...validateLocalDescendingPath(str(mnt.subPathExpr), child(path, 'subPathExpr')));
    }
    if (mnt.mountPropagation !== undefined && mnt.mountPropagation !== null) {
      const mpp = child(path, 'mountPropagation');
      const supported = ['Bidirectional', 'HostToContainer', 'None'];
      if (!supported.includes(mnt.mountPropagation)) errs.push(notSupported(mpp, mnt.mountPropagation, supported));
      const privileged = ctr?.securityContext?.privileged === true;
      if (mnt.mountPropagation === 'Bidirectional' && !privileged) errs.push(forbidden(mpp, 'Bidirectional mount propagation is available only to privileged containers'));
    }
    if (mnt.recursiveReadOnly !== undefined && mnt.recursiveReadOnly !== null) {
      const rp = child(path, 'recursiveReadOnly');
      const rro = mnt.recursiveReadOnly;
      if (rro === 'Enabled' || rro === 'IfPossible') {
        if (mnt.readOnly !== true) errs.push(forbidden(rp, 'may only be specified when readOnly is true'));
        if (mnt.mountPropagation && mnt.mountPropagation !== 'None') errs.push(forbidden(rp, 'may only be specified when mountPropagation is None or not specified'));
      } else if (rro !== 'Disabled') errs.push(notSupported(rp, rro, ['Disabled', 'Enabled', 'IfPossible']));
    }
  });
  return errs;
}

function validateVolumeDevices(devices: unknown, mounts: Map<string, string>, vols: Map<string, O>, path: string): Errs {
  const errs: Errs = [];
  const paths = new Set<string>();
  const names = new Set<string>();
  const mountPaths = new Set(mounts.values());
  arr(devices).forEach((dev, i) => {
    const p = idx(path, i);
    if (!isObj(dev)) return;
    const name = str(dev.name);
    const dp = str(dev.devicePath);
    const v = vols.get(name);
    const isPVC = v ? isObj(v.persistentVolumeClaim) || isObj(v.ephemeral) : false;
    if (!name) errs.push(required(child(p, 'name')));
    if (names.has(name)) errs.push(invalid(child(p, 'name'), name, 'must be unique'));
    if (v && !isPVC) errs.push(invalid(child(p, 'name'), name, 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'));
    if (!v) errs.push(notFoundErr(child(p, 'name'), name));
    if (!dp) errs.push(required(child(p, 'devicePath')));
    if (paths.has(dp)) errs.push(invalid(child(p, 'devicePath'), dp, 'must be unique'));
    if (dp && dp.split('/').includes('..')) errs.push(invalid(child(p, 'devicePath'), dp, "can not contain backsteps ('..')"));
    else paths.add(dp);
    if (mounts.has(name)) errs.push(invalid(child(p, 'name'), name, 'must not already exist in volumeMounts'));
    if (mountPaths.has(dp)) errs.push(invalid(child(p, 'devicePath'), dp, 'must not already exist as a path in volumeMounts'));
    if (name) names.add(name);
  });
  return errs;
}

const standardContainerResources = ['cpu', 'memory', 'ephemeral-storage'];
const integerResources = ['pods', 'quotas', 'services', 'replicationcontrollers', 'secrets', 'configmaps', 'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers'];
const standardResources = [
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'quotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
];

export const isHugePageResourceName = (n: string): boolean => n.startsWith('hugepages-');
export const isNativeResource = (n: string): boolean => !n.includes('/') || n.includes('kubernetes.io/');
export const isOvercommitAllowed = (n: string): boolean => isNativeResource(n) && !isHugePageResourceName(n);
export function isExtendedResourceName(n: string): boolean {
  if (isNativeResource(n) || n.startsWith('requests.')) return false;
  return isQualifiedName(`requests.${n}`).length === 0;
}
export const isIntegerResourceName = (n: string): boolean => integerResources.includes(n) || isExtendedResourceName(n);
export const isStandardResourceName = (n: string): boolean => standardResources.includes(n) || isHugePageResourceName(n) || n.startsWith('requests.hugepages-');

/** validateResourceName */
export function validateResourceName(n: string, path: string): Errs {
  const errs = validateQualifiedName(n, path);
  if (errs.length) return errs;
  if (!n.includes('/') && !isStandardResourceName(n)) errs.push(invalid(path, n, 'must be a standard resource type or fully qualified'));
  return errs;
}

function validateContainerResourceName(n: string, path: string): Errs {
  const errs = validateResourceName(n, path);
  if (!n.includes('/')) {
    if (!standardContainerResources.includes(n) && !isHugePageResourceName(n)) errs.push(invalid(path, n, 'must be a standard resource for containers'));
  } else if (!isNativeResource(n) && !isExtendedResourceName(n)) errs.push(invalid(path, n, "doesn't follow extended resource name standard"));
  return errs;
}

function validatePodResourceName(n: string, path: string): Errs {
  const errs = validateResourceName(n, path);
  if (errs.length) return errs;
  if (!(n === 'cpu' || n === 'memory' || isHugePageResourceName(n))) errs.push(notSupported(path, n, ['cpu', 'hugepages-', 'memory']));
  return errs;
}

/** ValidateResourceQuantityValue */
export function validateResourceQuantity(name: string, v: unknown, path: string): Errs {
  const q = parseQuantity(v);
  if (!q) return quantityErrors(v, path);
  const errs: Errs = [];
  if (q.m < 0n) errs.push(invalid(path, format(q), isNegativeErrorMsg));
  if (isIntegerResourceName(name) && milliValue(q) % 1000n !== 0n) errs.push(invalid(path, format(q), 'must be an integer'));
  return errs;
}

function hugePageDivisible(name: string, q: Quantity): boolean {
  const size = parseQuantity(name.slice('hugepages-'.length));
  if (!size || size.m <= 0n || milliValue(size) % 1000n !== 0n) return false;
  const sz = qValue(size);
  return sz !== 0n && qValue(q) % sz === 0n;
}

/** validateResourceRequirements */
export function validateResourceRequirements(res: unknown, path: string, podClaimNames: Set<string>, podLevel = false, allowIndivisibleHugePages = false): Errs {
  const errs: Errs = [];
  if (!isObj(res)) return errs;
  const limPath = child(path, 'limits');
  const reqPath = child(path, 'requests');
  const nameFn = podLevel ? validatePodResourceName : validateContainerResourceName;
  let limCpuMem = false;
  let reqCpuMem = false;
  let limHuge = false;
  let reqHuge = false;
  const limits = mapOf(res.limits);
  const requests = mapOf(res.requests);
  for (const n of Object.keys(limits).sort()) {
    const p = key(limPath, n);
    errs.push(...nameFn(n, p));
    errs.push(...validateResourceQuantity(n, limits[n], p));
    const q = parseQuantity(limits[n]);
    if (isHugePageResourceName(n)) {
      limHuge = true;
      if (q && !allowIndivisibleHugePages && !hugePageDivisible(n, q)) errs.push(invalid(p, format(q), `${format(q)} is not positive integer multiple of ${n}`));
    }
    if (n === 'cpu' || n === 'memory') limCpuMem = true;
  }
  for (const n of Object.keys(requests).sort()) {
    const p = key(reqPath, n);
    errs.push(...nameFn(n, p));
    errs.push(...validateResourceQuantity(n, requests[n], p));
    const q = parseQuantity(requests[n]);
    const lq = n in limits ? parseQuantity(limits[n]) : null;
    if (n in limits) {
      if (q && lq) {
        if (cmp(q, lq) !== 0 && !isOvercommitAllowed(n)) errs.push(invalid(reqPath, format(q), `must be equal to ${n} limit of ${format(lq)}`));
        else if (cmp(q, lq) > 0) errs.push(invalid(reqPath, format(q), `must be less than or equal to ${n} limit of ${format(lq)}`));
      }
    } else if (!isOvercommitAllowed(n)) errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    if (isHugePageResourceName(n)) {
      reqHuge = true;
      if (q && !allowIndivisibleHugePages && !hugePageDivisible(n, q)) errs.push(invalid(p, format(q), `${format(q)} is not positive integer multiple of ${n}`));
    }
    if (n === 'cpu' || n === 'memory') reqCpuMem = true;
  }
  if (!limCpuMem && !reqCpuMem && (reqHuge || limHuge)) errs.push(forbidden(path, 'HugePages require cpu or memory'));
  // resource claims
  const seen = new Set<string>();
  arr(res.claims).forEach((c, i) => {
    const p = idx(child(path, 'claims'), i);
    const name = str(c?.name);
    if (!name) {
      errs.push(required(p));
      return;
    }
    if (seen.has(name)) errs.push(duplicate(p, name));
    else {
      let k = name;
      if (str(c.request)) {
        errs.push(...validateDNS1123Label(str(c.request), child(p, 'request')));
        k += `/${str(c.request)}`;
      }
      if (seen.has(k)) errs.push(duplicate(p, k));
      else if (!str(c.request)) for (const s of seen) if (s.includes('/') && s.split('/')[0] === name) errs.push(duplicate(p, name));
      seen.add(k);
    }
    if (!podClaimNames.has(name)) {
      const names = [...podClaimNames].sort();
      errs.push(notFoundErr(p, name, `must be one of the names in pod.spec.resourceClaims${names.length ? `: ${names.join(', ')}` : ' which is empty'}`));
    }
  });
  return errs;
}

function validateHandler(h: O, path: string): Errs {
  const errs: Errs = [];
  let n = 0;
  for (const k of ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep']) {
    if (!isObj(h[k])) continue;
    if (n > 0) {
      errs.push(forbidden(child(path, k), 'may not specify more than 1 handler type'));
      continue;
    }
    n++;
    const s = h[k] as O;
    const p = child(path, k);
    switch (k) {
      case 'exec':
        if (!strs(s.command).length) errs.push(required(child(p, 'command')));
        break;
      case 'httpGet':
        if (!str(s.path)) errs.push(required(child(p, 'path')));
        errs.push(...validatePortNumOrName(s.port, child(p, 'port')));
        if (!['HTTP', 'HTTPS'].includes(s.scheme)) errs.push(notSupported(child(p, 'scheme'), s.scheme ?? '', ['HTTP', 'HTTPS']));
        for (const hd of arr(s.httpHeaders)) for (const m of isHTTPHeaderName(str(hd?.name))) errs.push(invalid(child(p, 'httpHeaders'), str(hd?.name), m));
        break;
      case 'tcpSocket':
        errs.push(...validatePortNumOrName(s.port, child(p, 'port')));
        break;
      case 'grpc':
        errs.push(...validatePortNumOrName(typeof s.port === 'number' ? s.port : 0, child(p, 'port')));
        break;
      case 'sleep': {
        const secs = typeof s.seconds === 'number' ? s.seconds : 0;
        if (secs < 0) errs.push(invalid(child(p, 'seconds'), secs, 'must be non-negative integer'));
        break;
      }
    }
  }
  if (n === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

function validateProbe(probe: unknown, path: string, kind: 'liveness' | 'readiness' | 'startup'): Errs {
  if (!isObj(probe)) return [];
  const errs = validateHandler(probe, path);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) errs.push(...validateNonnegative(probe[f], child(path, f)));
  if (probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds !== null && probe.terminationGracePeriodSeconds <= 0)
    errs.push(invalid(child(path, 'terminationGracePeriodSeconds'), probe.terminationGracePeriodSeconds, 'must be greater than 0'));
  if ((kind === 'liveness' || kind === 'startup') && (probe.successThreshold ?? 0) !== 1)
    errs.push(invalid(child(path, 'successThreshold'), probe.successThreshold ?? 0, 'must be 1'));
  if (kind === 'readiness' && probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds !== null)
    errs.push(invalid(child(path, 'terminationGracePeriodSeconds'), probe.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
  return errs;
}

function validateLifecycle(lc: O, path: string, os: O | undefined): Errs {
  const errs: Errs = [];
  if (isObj(lc.postStart)) errs.push(...validateHandler(lc.postStart, child(path, 'postStart')));
  if (isObj(lc.preStop)) errs.push(...validateHandler(lc.preStop, child(path, 'preStop')));
  if (lc.stopSignal !== undefined && lc.stopSignal !== null) {
    const p = child(path, 'stopSignal');
    if (!isObj(os)) errs.push(forbidden(p, 'may not be set for containers with empty `spec.os.name`'));
    else if (os.name === 'windows' && !['SIGKILL', 'SIGTERM'].includes(lc.stopSignal)) errs.push(notSupported(p, lc.stopSignal, ['SIGKILL', 'SIGTERM']));
  }
  return errs;
}

function validateSeccompProfile(sp: unknown, path: string): Errs {
  if (!isObj(sp)) return [];
  const errs: Errs = [];
  const types = ['Localhost', 'RuntimeDefault', 'Unconfined'];
  if (!sp.type) errs.push(required(child(path, 'type'), 'type is required when seccompProfile is set'));
  else if (!types.includes(sp.type)) errs.push(notSupported(child(path, 'type'), sp.type, types));
  if (sp.type === 'Localhost') {
    if (sp.localhostProfile === undefined || sp.localhostProfile === null) errs.push(required(child(path, 'localhostProfile'), 'must be set when seccomp type is Localhost'));
    else errs.push(...validateLocalDescendingPath(str(sp.localhostProfile), child(path, 'localhostProfile')));
  } else if (sp.localhostProfile !== undefined && sp.localhostProfile !== null)
    errs.push(invalid(child(path, 'localhostProfile'), sortedDeep(sp), 'can only be set when seccomp type is Localhost'));
  return errs;
}

function validateAppArmorProfile(ap: unknown, path: string): Errs {
  if (!isObj(ap)) return [];
  const errs: Errs = [];
  const types = ['Localhost', 'RuntimeDefault', 'Unconfined'];
  if (!ap.type) errs.push(required(child(path, 'type'), 'type is required when appArmorProfile is set'));
  else if (!types.includes(ap.type)) errs.push(notSupported(child(path, 'type'), ap.type, types));
  if (ap.type === 'Localhost') {
    if (ap.localhostProfile === undefined || ap.localhostProfile === null || ap.localhostProfile === '')
      errs.push(required(child(path, 'localhostProfile'), 'must be set when AppArmor type is Localhost'));
    else if (str(ap.localhostProfile).trim() !== ap.localhostProfile)
      errs.push(invalid(child(path, 'localhostProfile'), ap.localhostProfile, 'must not be padded with whitespace'));
    else if (str(ap.localhostProfile).length > 4095) errs.push(tooLong(child(path, 'localhostProfile'), 4095));
  } else if (ap.localhostProfile !== undefined && ap.localhostProfile !== null)
    errs.push(invalid(child(path, 'localhostProfile'), sortedDeep(ap), 'can only be set when AppArmor type is Localhost'));
  return errs;
}

const maxInt32 = 2147483647;

function validateSecurityContext(sc: unknown, path: string, hostUsers: boolean): Errs {
  if (!isObj(sc)) return [];
  const errs: Errs = [];
  for (const f of ['runAsUser', 'runAsGroup'])
    if (typeof sc[f] === 'number' && (sc[f] < 0 || sc[f] > maxInt32)) errs.push(invalid(child(path, f), sc[f], inclusiveRangeError(0, maxInt32)));
  if (sc.procMount !== undefined && sc.procMount !== null) {
    if (!['Default', 'Unmasked'].includes(sc.procMount)) errs.push(notSupported(child(path, 'procMount'), sc.procMount, ['Default', 'Unmasked']));
    if (hostUsers && sc.procMount === 'Unmasked') errs.push(invalid(child(path, 'procMount'), sc.procMount, '`hostUsers` must be false to use `Unmasked`'));
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, child(path, 'seccompProfile')));
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true) errs.push(invalid(path, sortedDeep(sc), 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
    for (const c of strs(sc.capabilities?.add))
      if (c === 'CAP_SYS_ADMIN') errs.push(invalid(path, sortedDeep(sc), 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'));
  }
  errs.push(...validateAppArmorProfile(sc.appArmorProfile, child(path, 'appArmorProfile')));
  return errs;
}

function validateResizePolicy(list: unknown, path: string, podRestartPolicy: string): Errs {
  const errs: Errs = [];
  const seen = new Set<string>();
  arr(list).forEach((p, i) => {
    const rn = str(p?.resourceName);
    if (seen.has(rn)) errs.push(duplicate(idx(path, i), rn));
    seen.add(rn);
    if (rn !== 'cpu' && rn !== 'memory') {
      if (!rn) errs.push(required(path));
      else errs.push(notSupported(path, rn, ['cpu', 'memory']));
    }
    const rp = str(p?.restartPolicy);
    if (rp !== 'NotRequired' && rp !== 'RestartContainer') {
      if (!rp) errs.push(required(path));
      else errs.push(notSupported(path, rp, ['NotRequired', 'RestartContainer']));
    }
    if (podRestartPolicy === 'Never' && rp !== 'NotRequired') errs.push(invalid(path, rp, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
  });
  return errs;
}

function validateContainerRestartPolicy(policy: unknown, rules: unknown, path: string): Errs {
  const errs: Errs = [];
  const rp = child(path, 'restartPolicy');
  const rl = arr(rules);
  if (policy === undefined || policy === null) {
    if (!rl.length) return errs;
    errs.push(required(rp, 'must specify restartPolicy when restart rules are used'));
  } else if (!['Always', 'Never', 'OnFailure'].includes(str(policy))) errs.push(notSupported(rp, policy, ['Always', 'Never', 'OnFailure']));
  if (rl.length > 20) errs.push(tooLong(child(path, 'restartPolicyRules'), 20));
  rl.forEach((r, i) => {
    const p = idx(child(path, 'restartPolicyRules'), i);
    if (r?.action !== 'Restart') errs.push(notSupported(child(p, 'action'), r?.action ?? '', ['Restart']));
    if (isObj(r?.exitCodes)) {
      if (!['In', 'NotIn'].includes(r.exitCodes.operator)) errs.push(notSupported(child(p, 'exitCodes', 'operator'), r.exitCodes.operator ?? '', ['In', 'NotIn']));
      if (arr(r.exitCodes.values).length > 255) errs.push(tooLong(child(p, 'exitCodes', 'values'), 255));
    } else errs.push(required(child(p, 'exitCodes'), 'must be specified'));
  });
  return errs;
}

interface ContainerCtx {
  vols: Map<string, O>;
  podClaimNames: Set<string>;
  restartPolicy: string;
  hostUsers: boolean;
}

function validateContainerCommon(c: O, path: string, cx: ContainerCtx): Errs {
  const errs: Errs = [];
  const name = str(c.name);
  if (!name) errs.push(required(child(path, 'name')));
  else errs.push(...validateDNS1123Label(name, child(path, 'name')));
  if (!str(c.image)) errs.push(required(child(path, 'image')));
  switch (c.terminationMessagePolicy) {
    case 'File':
    case 'FallbackToLogsOnError':
      break;
    case undefined:
    case null:
    case '':
      errs.push(required(child(path, 'terminationMessagePolicy')));
      break;
    default:
      errs.push(notSupported(child(path, 'terminationMessagePolicy'), c.terminationMessagePolicy, ['File', 'FallbackToLogsOnError']));
  }
  const mounts = new Map<string, string>();
  for (const m of arr(c.volumeMounts)) mounts.set(str(m?.name), str(m?.mountPath));
  const devices = new Map<string, string>();
  for (const d of arr(c.volumeDevices)) devices.set(str(d?.name), str(d?.devicePath));
  errs.push(...validateContainerPorts(c.ports, child(path, 'ports')));
  errs.push(...validateEnv(c.env, child(path, 'env')));
  errs.push(...validateEnvFrom(c.envFrom, child(path, 'envFrom')));
  errs.push(...validateVolumeMounts(c.volumeMounts, devices, cx.vols, c, child(path, 'volumeMounts')));
  errs.push(...validateVolumeDevices(c.volumeDevices, mounts, cx.vols, child(path, 'volumeDevices')));
  switch (c.imagePullPolicy) {
    case 'Always':
    case 'IfNotPresent':
    case 'Never':
      break;
    case undefined:
    case null:
    case '':
      errs.push(required(child(path, 'imagePullPolicy')));
      break;
    default:
      errs.push(notSupported(child(path, 'imagePullPolicy'), c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']));
  }
  errs.push(...validateResourceRequirements(c.resources, child(path, 'resources'), cx.podClaimNames));
  errs.push(...validateResizePolicy(c.resizePolicy, child(path, 'resizePolicy'), cx.restartPolicy));
  errs.push(...validateSecurityContext(c.securityContext, child(path, 'securityContext'), cx.hostUsers));
  return errs;
}

function accumulateHostPorts(containers: O[], path: string, acc: Set<string>): Errs {
  const errs: Errs = [];
  containers.forEach((c, ci) => {
    arr(c?.ports).forEach((p, pi) => {
      const hp = p?.hostPort;
      if (!hp) return;
      const s = `${str(p.protocol)}/${str(p.hostIP)}/${hp}`;
      if (acc.has(s)) errs.push(duplicate(child(idx(child(idx(path, ci), 'ports'), pi), 'hostPort'), s));
      else acc.add(s);
    });
  });
  return errs;
}

function validateContainers(containers: unknown, os: O | undefined, path: string, cx: ContainerCtx): Errs {
  const list = arr(containers);
  if (!list.length) return [required(path)];
  const errs: Errs = [];
  const names = new Set<string>();
  list.forEach((c, i) => {
    const p = idx(path, i);
    if (!isObj(c)) {
      errs.push(required(child(p, 'name')));
      return;
    }
    errs.push(...validateContainerCommon(c, p, cx));
    if (names.has(str(c.name))) errs.push(duplicate(child(p, 'name'), str(c.name)));
    else names.add(str(c.name));
    if (isObj(c.lifecycle)) errs.push(...validateLifecycle(c.lifecycle, child(p, 'lifecycle'), os));
    errs.push(...validateProbe(c.livenessProbe, child(p, 'livenessProbe'), 'liveness'));
    errs.push(...validateProbe(c.readinessProbe, child(p, 'readinessProbe'), 'readiness'));
    errs.push(...validateProbe(c.startupProbe, child(p, 'startupProbe'), 'startup'));
    errs.push(...validateContainerRestartPolicy(c.restartPolicy, c.restartPolicyRules, p));
  });
  errs.push(...accumulateHostPorts(list, path, new Set()));
  return errs;
}

function validateInitContainers(containers: unknown, regular: unknown, os: O | undefined, path: string, cx: ContainerCtx): Errs {
  const errs: Errs = [];
  const names = new Set<string>(arr(regular).map((c) => str(c?.name)));
  arr(containers).forEach((c, i) => {
    const p = idx(path, i);
    if (!isObj(c)) return;
    errs.push(...validateContainerCommon(c, p, cx));
    // init container restart policy
    if (c.restartPolicy === undefined || c.restartPolicy === null) {
      if (arr(c.restartPolicyRules).length) errs.push(required(child(p, 'restartPolicy'), 'must specify restartPolicy when restart rules are used'));
    } else if (c.restartPolicy === 'Always') {
      if (arr(c.restartPolicyRules).length) errs.push(forbidden(child(p, 'restartPolicyRules'), 'restartPolicyRules are not allowed for init containers with restart policy Always'));
    } else errs.push(...validateContainerRestartPolicy(c.restartPolicy, c.restartPolicyRules, p));
    const restartAlways = c.restartPolicy === 'Always';
    const name = str(c.name);
    if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
    else if (name) names.add(name);
    errs.push(...accumulateHostPorts([c], path, new Set()));
    if (restartAlways) {
      if (isObj(c.lifecycle)) errs.push(...validateLifecycle(c.lifecycle, child(p, 'lifecycle'), os));
      errs.push(...validateProbe(c.livenessProbe, child(p, 'livenessProbe'), 'liveness'));
      errs.push(...validateProbe(c.readinessProbe, child(p, 'readinessProbe'), 'readiness'));
      errs.push(...validateProbe(c.startupProbe, child(p, 'startupProbe'), 'startup'));
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'])
        if (isObj(c[f])) errs.push(forbidden(child(p, f), 'may not be set for init containers without restartPolicy=Always'));
    }
  });
  return errs;
}

const allowedEphemeralFields = new Set([
  'name',
  'image',
  'command',
  'args',
  'workingDir',
  'env',
  'envFrom',
  'volumeMounts',
  'volumeDevices',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'imagePullPolicy',
  'securityContext',
  'stdin',
  'stdinOnce',
  'tty',
  'targetContainerName',
]);

function validateEphemeralContainers(list: unknown, spec: O, path: string, cx: ContainerCtx): Errs {
  const errs: Errs = [];
  const ecs = arr(list);
  if (!ecs.length) return errs;
  const other = new Set<string>([...arr(spec.containers), ...arr(spec.initContainers)].map((c) => str(c?.name)));
  const all = new Set(other);
  ecs.forEach((ec, i) => {
    const p = idx(path, i);
    if (!isObj(ec)) return;
    errs.push(...validateContainerCommon(ec, p, cx));
    if (str(ec.image) !== str(ec.image).trim()) errs.push(invalid(child(p, 'image'), ec.image, 'must not have leading or trailing whitespace'));
    if (all.has(str(ec.name))) errs.push(duplicate(child(p, 'name'), str(ec.name)));
    else all.add(str(ec.name));
    if (str(ec.targetContainerName) && !other.has(str(ec.targetContainerName))) errs.push(notFoundErr(child(p, 'targetContainerName'), ec.targetContainerName));
    for (const [k, v] of Object.entries(ec)) {
      if (allowedEphemeralFields.has(k)) continue;
      if (k === 'resources' && semanticEqual(v, {})) continue;
      if (isZero(v) || (isObj(v) && semanticEqual(v, {}))) continue;
      errs.push(forbidden(child(p, k), 'cannot be set for an Ephemeral Container'));
    }
    arr(ec.volumeMounts).forEach((vm, j) => {
      if (str(vm?.subPath)) errs.push(forbidden(child(idx(child(p, 'volumeMounts'), j), 'subPath'), 'cannot be set for an Ephemeral Container'));
      if (str(vm?.subPathExpr)) errs.push(forbidden(child(idx(child(p, 'volumeMounts'), j), 'subPathExpr'), 'cannot be set for an Ephemeral Container'));
    });
  });
  return errs;
}

export function validateTolerations(list: unknown, path: string): Errs {
  const errs: Errs = [];
  arr(list).forEach((t, i) => {
    const p = idx(path, i);
    if (!isObj(t)) return;
    const k = str(t.key);
    if (k) errs.push(...validateQualifiedName(k, child(p, 'key')));
    if (!k && t.operator !== 'Exists') errs.push(invalid(child(p, 'operator'), str(t.operator), 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute')
      errs.push(invalid(child(p, 'effect'), str(t.effect), "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    switch (t.operator ?? '') {
      case 'Equal':
      case '': {
        const m = isLabelValue(str(t.value));
        if (m.length) errs.push(invalid(child(p, 'operator'), str(t.value), m.join(';')));
        break;
      }
      case 'Exists':
        if (str(t.value)) errs.push(invalid(child(p, 'operator'), str(t.value), "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(notSupported(child(p, 'operator'), t.operator, ['Equal', 'Exists']));
    }
    if (str(t.effect) && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect))
      errs.push(notSupported(child(p, 'effect'), t.effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']));
  });
  return errs;
}

function validateNodeSelectorRequirement(rq: O, path: string, allowInvalidValue: boolean): Errs {
  const errs: Errs = [];
  const values = strs(rq.values);
  switch (rq.operator) {
    case 'In':
    case 'NotIn':
      if (!values.length) errs.push(required(child(path, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length) errs.push(forbidden(child(path, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) errs.push(required(child(path, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(invalid(child(path, 'operator'), str(rq.operator), 'not a valid selector operator'));
  }
  errs.push(...validateQualifiedName(str(rq.key), child(path, 'key')));
  if (!allowInvalidValue) values.forEach((v, i) => isLabelValue(str(v)).forEach((m) => errs.push(invalid(idx(child(path, 'values'), i), v, m))));
  return errs;
}

function validateNodeSelectorTerm(term: O, path: string, allowInvalidValue: boolean): Errs {
  const errs: Errs = [];
  arr(term.matchExpressions).forEach((r, j) => errs.push(...validateNodeSelectorRequirement(r, idx(child(path, 'matchExpressions'), j), allowInvalidValue)));
  arr(term.matchFields).forEach((r, j) => {
    const p = idx(child(path, 'matchFields'), j);
    if (r?.operator === 'In' || r?.operator === 'NotIn') {
      if (strs(r.values).length !== 1) errs.push(required(child(p, 'values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
    } else errs.push(invalid(child(p, 'operator'), str(r?.operator), 'not a valid selector operator'));
    if (r?.key !== 'metadata.name') errs.push(invalid(child(p, 'key'), str(r?.key), 'not a valid field selector key'));
    else strs(r.values).forEach((v, i) => isDNS1123Subdomain(v).forEach((m) => errs.push(invalid(idx(child(p, 'values'), i), v, m))));
  });
  return errs;
}

export function validateNodeSelector(ns: O, path: string): Errs {
  const terms = arr(ns.nodeSelectorTerms);
  if (!terms.length) return [required(child(path, 'nodeSelectorTerms'), 'must have at least one node selector term')];
  const errs: Errs = [];
  terms.forEach((t, i) => errs.push(...validateNodeSelectorTerm(t ?? {}, idx(child(path, 'nodeSelectorTerms'), i), false)));
  return errs;
}

function validatePodAffinityTerm(t: O, path: string): Errs {
  const errs: Errs = [];
  errs.push(...validateLabelSelector(t.labelSelector, child(path, 'labelSelector')));
  errs.push(...validateLabelSelector(t.namespaceSelector, child(path, 'namespaceSelector')));
  for (const n of strs(t.namespaces)) for (const m of isDNS1123Label(n)) errs.push(invalid(child(path, 'namespace'), n, m));
  errs.push(...validateMatchLabelKeys(path, t.matchLabelKeys, t.mismatchLabelKeys, t.labelSelector));
  if (!str(t.topologyKey)) errs.push(required(child(path, 'topologyKey'), 'can not be empty'));
  errs.push(...validateQualifiedName(str(t.topologyKey), child(path, 'topologyKey')));
  return errs;
}

function validateMatchLabelKeys(path: string, matchKeys: unknown, mismatchKeys: unknown, selector: unknown): Errs {
  const errs: Errs = [];
  const mk = strs(matchKeys);
  const mmk = strs(mismatchKeys);
  if (!mk.length && !mmk.length) return errs;
  if (!isObj(selector)) {
    if (mk.length) errs.push(forbidden(child(path, 'matchLabelKeys'), 'must not be specified when labelSelector is not set'));
    if (mmk.length) errs.push(forbidden(child(path, 'mismatchLabelKeys'), 'must not be specified when labelSelector is not set'));
    return errs;
  }
  mk.forEach((k, i) => errs.push(...validateQualifiedName(k, idx(child(path, 'matchLabelKeys'), i))));
  mmk.forEach((k, i) => errs.push(...validateQualifiedName(k, idx(child(path, 'mismatchLabelKeys'), i))));
  const mkSet = new Set(mk);
  mmk.forEach((k, i) => {
    if (mkSet.has(k)) errs.push(invalid(idx(child(path, 'mismatchLabelKeys'), i), k, 'exists in both matchLabelKeys and mismatchLabelKeys'));
  });
  return errs;
}

function validateAffinity(a: unknown, path: string): Errs {
  if (!isObj(a)) return [];
  const errs: Errs = [];
  if (isObj(a.nodeAffinity)) {
    const na = a.nodeAffinity;
    const np = child(path, 'nodeAffinity');
    if (isObj(na.requiredDuringSchedulingIgnoredDuringExecution))
      errs.push(...validateNodeSelector(na.requiredDuringSchedulingIgnoredDuringExecution, child(np, 'requiredDuringSchedulingIgnoredDuringExecution')));
    arr(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const p = idx(child(np, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      const w = t?.weight ?? 0;
      if (w <= 0 || w > 100) errs.push(invalid(child(p, 'weight'), w, 'must be in the range 1-100'));
      errs.push(...validateNodeSelectorTerm(isObj(t?.preference) ? t.preference : {}, child(p, 'preference'), true));
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    if (!isObj(a[kind])) continue;
    const pa = a[kind] as O;
    const pp = child(path, kind);
    arr(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) =>
      errs.push(...validatePodAffinityTerm(t ?? {}, idx(child(pp, 'requiredDuringSchedulingIgnoredDuringExecution'), i))),
    );
    arr(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const p = idx(child(pp, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      const w = t?.weight ?? 0;
      if (w <= 0 || w > 100) errs.push(invalid(child(p, 'weight'), w, 'must be in the range 1-100'));
      errs.push(...validatePodAffinityTerm(isObj(t?.podAffinityTerm) ? t.podAffinityTerm : {}, child(p, 'podAffinityTerm')));
    });
  }
  return errs;
}

function validateTopologySpread(list: unknown, path: string): Errs {
  const errs: Errs = [];
  const cs = arr(list);
  cs.forEach((c, i) => {
    const p = idx(path, i);
    if (!isObj(c)) return;
    errs.push(...validatePositive(c.maxSkew ?? 0, child(p, 'maxSkew')));
    if (!str(c.topologyKey)) errs.push(required(child(p, 'topologyKey'), 'can not be empty'));
    if (!['DoNotSchedule', 'ScheduleAnyway'].includes(c.whenUnsatisfiable)) errs.push(notSupported(child(p, 'whenUnsatisfiable'), c.whenUnsatisfiable ?? '', ['DoNotSchedule', 'ScheduleAnyway']));
    for (const rest of cs.slice(i + 1)) {
      if (rest?.topologyKey === c.topologyKey && rest?.whenUnsatisfiable === c.whenUnsatisfiable) {
        errs.push(duplicate(child(p, '{topologyKey, whenUnsatisfiable}'), `{${str(c.topologyKey)}, ${str(c.whenUnsatisfiable)}}`));
        break;
      }
    }
    if (c.minDomains !== undefined && c.minDomains !== null) {
      errs.push(...validatePositive(c.minDomains, child(p, 'minDomains')));
      if (c.whenUnsatisfiable !== 'DoNotSchedule')
        errs.push(invalid(child(p, 'minDomains'), c.minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${str(c.whenUnsatisfiable)}`));
    }
    for (const f of ['nodeAffinityPolicy', 'nodeTaintsPolicy'])
      if (c[f] !== undefined && c[f] !== null && !['Honor', 'Ignore'].includes(c[f])) errs.push(notSupported(child(p, f), c[f], ['Honor', 'Ignore']));
    errs.push(...validateMatchLabelKeys(p, c.matchLabelKeys, undefined, c.labelSelector));
    errs.push(...validateLabelSelector(c.labelSelector, child(p, 'labelSelector')));
  });
  return errs;
}

function validateDNSConfig(cfg: unknown, dnsPolicy: string, path: string): Errs {
  const errs: Errs = [];
  if (dnsPolicy === 'None') {
    if (!isObj(cfg)) return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (!strs(cfg.nameservers).length) return [required(child(path, 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
  }
  if (!isObj(cfg)) return errs;
  const ns = strs(cfg.nameservers);
  if (ns.length > 3) errs.push(invalid(child(path, 'nameservers'), ns, 'must not have more than 3 nameservers'));
  ns.forEach((n, i) => errs.push(...validateIPLegacy(n, idx(child(path, 'nameservers'), i))));
  const searches = strs(cfg.searches);
  if (searches.length > 32) errs.push(invalid(child(path, 'searches'), searches, 'must not have more than 32 search paths'));
  if (searches.join(' ').length > 2048) errs.push(invalid(child(path, 'searches'), searches, 'must not have more than 2048 characters (including spaces) in the search list'));
  searches.forEach((s, i) => {
    if (s === '.') return;
    const v = s.endsWith('.') ? s.slice(0, -1) : s;
    for (const m of isDNS1123SubdomainWithUnderscore(v)) errs.push(invalid(idx(child(path, 'searches'), i), v, m));
  });
  arr(cfg.options).forEach((o, i) => {
    if (!str(o?.name)) errs.push(required(idx(child(path, 'options'), i), 'must not be empty'));
  });
  return errs;
}

function validateSysctls(sc: O, path: string): Errs {
  const errs: Errs = [];
  const names = new Set<string>();
  const re = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;
  arr(sc.sysctls).forEach((s, i) => {
    const n = str(s?.name);
    const p = idx(path, i);
    if (!n) errs.push(required(child(p, 'name')));
    else if (n.length > 253 || !re.test(n)) errs.push(invalid(child(p, 'name'), n, `must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$`));
    else if (names.has(n)) errs.push(duplicate(child(p, 'name'), n));
    names.add(n);
  });
  return errs;
}

function validatePodSecurityContext(sc: unknown, path: string): Errs {
  if (!isObj(sc)) return [];
  const errs: Errs = [];
  for (const f of ['fsGroup', 'runAsUser', 'runAsGroup'])
    if (typeof sc[f] === 'number' && (sc[f] < 0 || sc[f] > maxInt32)) errs.push(invalid(child(path, f), sc[f], inclusiveRangeError(0, maxInt32)));
  arr(sc.supplementalGroups).forEach((g, i) => {
    const n = g as unknown as number;
    if (typeof n === 'number' && (n < 0 || n > maxInt32)) errs.push(invalid(idx(child(path, 'supplementalGroups'), i), n, inclusiveRangeError(0, maxInt32)));
  });
  if (sc.shareProcessNamespace === true && sc.hostPID === true)
    errs.push(invalid(child(path, 'shareProcessNamespace'), true, 'ShareProcessNamespace and HostPID cannot both be enabled'));
  if (arr(sc.sysctls).length) errs.push(...validateSysctls(sc, child(path, 'sysctls')));
  if (sc.fsGroupChangePolicy !== undefined && sc.fsGroupChangePolicy !== null && !['Always', 'OnRootMismatch'].includes(sc.fsGroupChangePolicy))
    errs.push(notSupported(child(path, 'fsGroupChangePolicy'), sc.fsGroupChangePolicy, ['Always', 'OnRootMismatch']));
  errs.push(...validateSeccompProfile(sc.seccompProfile, child(path, 'seccompProfile')));
  errs.push(...validateAppArmorProfile(sc.appArmorProfile, child(path, 'appArmorProfile')));
  if (sc.supplementalGroupsPolicy !== undefined && sc.supplementalGroupsPolicy !== null && !['Merge', 'Strict'].includes(sc.supplementalGroupsPolicy))
    errs.push(notSupported(child(path, 'supplementalGroupsPolicy'), sc.supplementalGroupsPolicy, ['Merge', 'Strict']));
  if (sc.seLinuxChangePolicy !== undefined && sc.seLinuxChangePolicy !== null && !['MountOption', 'Recursive'].includes(sc.seLinuxChangePolicy))
    errs.push(notSupported(child(path, 'seLinuxChangePolicy'), sc.seLinuxChangePolicy, ['MountOption', 'Recursive']));
  return errs;
}

/** ValidatePodSpec */
export function validatePodSpec(spec: O, path: string, opts: PodValidationOptions = {}): Errs {
  const errs: Errs = [];
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) errs.push(required(child(path, 'terminationGracePeriodSeconds')));
  const hostUsers = spec.hostUsers !== false;
  const { vols, errs: vErrs } = validateVolumes(spec.volumes, child(path, 'volumes'), opts);
  errs.push(...vErrs);
  const claimNames = new Set<string>();
  const claimSeen = new Set<string>();
  arr(spec.resourceClaims).forEach((c, i) => {
    const p = idx(child(path, 'resourceClaims'), i);
    const n = str(c?.name);
    if (n) claimNames.add(n);
    if (!n) errs.push(required(child(p, 'name')));
    else errs.push(...validateDNS1123Label(n, child(p, 'name')));
    if (claimSeen.has(n)) errs.push(duplicate(child(p, 'name'), n));
    claimSeen.add(n);
    const hasName = c?.resourceClaimName !== undefined && c?.resourceClaimName !== null;
    const hasTmpl = c?.resourceClaimTemplateName !== undefined && c?.resourceClaimTemplateName !== null;
    if (hasName && hasTmpl) errs.push(invalid(p, sortedDeep(c), 'at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified'));
    else if (!hasName && !hasTmpl) errs.push(invalid(p, sortedDeep(c), 'must specify one of: `resourceClaimName`, `resourceClaimTemplateName`'));
  });
  const restartPolicy = str(spec.restartPolicy);
  const cx: ContainerCtx = { vols, podClaimNames: claimNames, restartPolicy, hostUsers };
  const os = isObj(spec.os) ? spec.os : undefined;
  errs.push(...validateContainers(spec.containers, os, child(path, 'containers'), cx));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, os, child(path, 'initContainers'), cx));
  errs.push(...validateEphemeralContainers(spec.ephemeralContainers, spec, child(path, 'ephemeralContainers'), cx));
  if (isObj(spec.resources)) {
    const rp = child(path, 'resources');
    if (os?.name === 'windows') errs.push(forbidden(rp, 'may not be set for a windows pod'));
    else {
      if (spec.resources.claims !== undefined && spec.resources.claims !== null) errs.push(forbidden(child(rp, 'claims'), 'claims may not be set for Resources at pod-level'));
      errs.push(...validateResourceRequirements(spec.resources, rp, claimNames, true));
    }
  }
  // host network: container host ports must match container ports
  if (spec.hostNetwork === true) {
    arr(spec.containers).forEach((c, i) =>
      arr(c?.ports).forEach((p, j) => {
        const hp = p?.hostPort ?? 0;
        const cp = p?.containerPort ?? 0;
        if ((opts.isPod || hp !== 0) && hp !== cp)
          errs.push(invalid(child(idx(child(idx(child(path, 'containers'), i), 'ports'), j), 'hostPort'), hp, 'must match `containerPort` when `hostNetwork` is true'));
      }),
    );
  }
  switch (restartPolicy) {
    case 'Always':
    case 'OnFailure':
    case 'Never':
      break;
    case '':
      errs.push(required(child(path, 'restartPolicy')));
      break;
    default:
      errs.push(notSupported(child(path, 'restartPolicy'), restartPolicy, ['Always', 'OnFailure', 'Never']));
  }
  const dnsPolicy = str(spec.dnsPolicy);
  switch (dnsPolicy) {
    case 'ClusterFirstWithHostNet':
    case 'ClusterFirst':
    case 'Default':
    case 'None':
      break;
    case '':
      errs.push(required(child(path, 'dnsPolicy')));
      break;
    default:
      errs.push(notSupported(child(path, 'dnsPolicy'), dnsPolicy, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']));
  }
  errs.push(...validateLabelMap(spec.nodeSelector, child(path, 'nodeSelector')));
  errs.push(...validatePodSecurityContext(spec.securityContext, child(path, 'securityContext')));
  arr(spec.imagePullSecrets).forEach((s, i) => {
    if (isObj(s) && Object.keys(s).some((k) => k !== 'name' && !isZero(s[k]))) errs.push(invalid(idx(child(path, 'imagePullSecrets'), i), sortedDeep(s), 'only name may be set'));
  });
  errs.push(...validateAffinity(spec.affinity, child(path, 'affinity')));
  errs.push(...validateDNSConfig(spec.dnsConfig, dnsPolicy, child(path, 'dnsConfig')));
  arr(spec.readinessGates).forEach((g, i) => errs.push(...validateQualifiedName(str(g?.conditionType), child(idx(child(path, 'readinessGates'), i), 'conditionType'))));
  const gates = new Set<string>();
  arr(spec.schedulingGates).forEach((g, i) => {
    const n = str(g?.name);
    errs.push(...validateQualifiedName(n, idx(child(path, 'schedulingGates'), i)));
    if (gates.has(n)) errs.push(duplicate(idx(child(path, 'schedulingGates'), i), n));
    gates.add(n);
  });
  errs.push(...validateTopologySpread(spec.topologySpreadConstraints, child(path, 'topologySpreadConstraints')));
  if (spec.hostUsers === false) {
    // user namespaces may not be combined with the host namespaces
    if (spec.hostNetwork === true) errs.push(forbidden(child(path, 'hostNetwork'), 'when `hostUsers` is false'));
    if (spec.hostPID === true) errs.push(forbidden(child(path, 'HostPID'), 'when `hostUsers` is false'));
    if (spec.hostIPC === true) errs.push(forbidden(child(path, 'HostIPC'), 'when `hostUsers` is false'));
    for (const [list, items] of [['containers', arr(spec.containers)], ['initContainers', arr(spec.initContainers)], ['ephemeralContainers', arr(spec.ephemeralContainers)]] as const)
      items.forEach((c, i) => {
        if (arr(c?.volumeDevices).length) errs.push(forbidden(child(idx(child(path, list), i), 'volumeDevices'), 'when `hostUsers` is false'));
      });
  }
  if (spec.hostnameOverride !== undefined && spec.hostnameOverride !== null) {
    const hp = child(path, 'hostnameOverride');
    if (spec.setHostnameAsFQDN === true) errs.push(forbidden(hp, 'may not be specified when setHostnameAsFQDN is true'));
    if (spec.hostNetwork === true) errs.push(forbidden(hp, 'may not be specified when hostNetwork is true'));
    if (str(spec.hostnameOverride).length > 64) errs.push(tooLong(hp, 64));
    errs.push(...validateDNS1123Subdomain(str(spec.hostnameOverride), hp));
  }
  if (str(spec.serviceAccountName)) for (const m of isDNS1123Subdomain(str(spec.serviceAccountName))) errs.push(invalid(child(path, 'serviceAccountName'), spec.serviceAccountName, m));
  if (str(spec.nodeName)) for (const m of isDNS1123Subdomain(str(spec.nodeName))) errs.push(invalid(child(path, 'nodeName'), spec.nodeName, m));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    const v = spec.activeDeadlineSeconds;
    if (typeof v !== 'number' || v < 1 || v > maxInt32) errs.push(invalid(child(path, 'activeDeadlineSeconds'), v, inclusiveRangeError(1, maxInt32)));
  }
  if (str(spec.hostname)) errs.push(...validateDNS1123Label(str(spec.hostname), child(path, 'hostname')));
  if (str(spec.subdomain)) errs.push(...validateDNS1123Label(str(spec.subdomain), child(path, 'subdomain')));
  if (arr(spec.tolerations).length) errs.push(...validateTolerations(spec.tolerations, child(path, 'tolerations')));
  arr(spec.hostAliases).forEach((ha, i) => {
    const p = idx(child(path, 'hostAliases'), i);
    errs.push(...validateIPLegacy(str(ha?.ip), child(p, 'ip')));
    strs(ha?.hostnames).forEach((h, j) => errs.push(...validateDNS1123Subdomain(h, idx(child(p, 'hostnames'), j))));
  });
  if (str(spec.priorityClassName)) for (const m of isDNS1123Subdomain(str(spec.priorityClassName))) errs.push(invalid(child(path, 'priorityClassName'), spec.priorityClassName, m));
  if (spec.runtimeClassName !== undefined && spec.runtimeClassName !== null) errs.push(...validateDNS1123Subdomain(str(spec.runtimeClassName), child(path, 'runtimeClassName')));
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null) {
    if (!spec.preemptionPolicy) errs.push(required(child(path, 'preemptionPolicy')));
    else if (!['PreemptLowerPriority', 'Never'].includes(spec.preemptionPolicy))
      errs.push(notSupported(child(path, 'preemptionPolicy'), spec.preemptionPolicy, ['PreemptLowerPriority', 'Never']));
  }
  if (isObj(spec.overhead)) errs.push(...validateResourceRequirements({ limits: spec.overhead }, child(path, 'overhead'), new Set()));
  if (isObj(spec.os)) {
    if (!str(spec.os.name)) errs.push(required(child(path, 'os', 'name')));
    else if (!['linux', 'windows'].includes(spec.os.name)) errs.push(notSupported(child(path, 'os', 'name'), spec.os.name, ['linux', 'windows']));
  }
  return errs;
}

/** ValidatePodTemplateSpec (the template of a workload) */
export function validatePodTemplateSpec(tmpl: unknown, path: string, opts: PodValidationOptions = {}): Errs {
  if (!isObj(tmpl)) return [required(path)];
  const errs: Errs = [];
  const m = isObj(tmpl.metadata) ? tmpl.metadata : {};
  errs.push(...validateLabelMap(m.labels, child(path, 'labels')));
  errs.push(...validateAnnotationMap(m.annotations, child(path, 'annotations')));
  errs.push(...validatePodSpecificAnnotations(m.annotations, child(path, 'annotations'), isObj(tmpl.spec) ? tmpl.spec : {}));
  errs.push(...validatePodSpec(isObj(tmpl.spec) ? tmpl.spec : {}, child(path, 'spec'), opts));
  if (isObj(tmpl.spec) && arr(tmpl.spec.ephemeralContainers).length)
    errs.push(forbidden(child(path, 'spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  return errs;
}

/** ValidatePodSpecificAnnotations (mirror pods, deletion cost, seccomp annotations) */
export function validatePodSpecificAnnotations(annotations: unknown, path: string, spec: O = {}): Errs {
  const errs: Errs = [];
  const a = mapOf(annotations);
  const mirror = a['kubernetes.io/config.mirror'];
  if (mirror !== undefined && !str(spec.nodeName))
    errs.push(invalid(key(path, 'kubernetes.io/config.mirror'), mirror, 'must set spec.nodeName if mirror pod annotation is set'));
  const costKey = 'controller.kubernetes.io/pod-deletion-cost';
  const cost = a[costKey];
  if (cost !== undefined) {
    const firstOk = cost.length > 0 && (cost[0] === '-' || cost === '0' || (cost[0] >= '1' && cost[0] <= '9'));
    const n = Number(cost);
    if (!firstOk || !/^-?\d+$/.test(cost) || n > maxInt32 || n < -maxInt32 - 1) errs.push(invalid(key(path, costKey), cost, 'must be a 32bit integer'));
  }
  const seccomp = (k: string, p: string) => {
    if (p === 'runtime/default' || p === 'docker/default' || p === 'unconfined') return;
    if (p.startsWith('localhost/')) errs.push(...validateLocalDescendingPath(p.slice('localhost/'.length), child(path, k)));
    else errs.push(invalid(child(path, k), p, 'must be a valid seccomp profile'));
  };
  if ('seccomp.security.alpha.kubernetes.io/pod' in a) seccomp('seccomp.security.alpha.kubernetes.io/pod', a['seccomp.security.alpha.kubernetes.io/pod']);
  for (const [k, v] of Object.entries(a)) if (k.startsWith('container.seccomp.security.alpha.kubernetes.io/')) seccomp(k, v);
  return errs;
}

/** ValidatePodSpecificAnnotationUpdates */
export function validatePodAnnotationUpdates(newAnn: unknown, oldAnn: unknown, path: string): Errs {
  const errs: Errs = [];
  const n = mapOf(newAnn);
  const o = mapOf(oldAnn);
  const appArmor = 'container.apparmor.security.beta.kubernetes.io/';
  const mirror = 'kubernetes.io/config.mirror';
  for (const [k, ov] of Object.entries(o)) {
    if (k in n && n[k] === ov) continue;
    if (k.startsWith(appArmor)) errs.push(forbidden(key(path, k), 'may not remove or update AppArmor annotations'));
    if (k === mirror) errs.push(forbidden(key(path, k), 'may not remove or update mirror pod annotation'));
  }
  for (const k of Object.keys(n)) {
    if (k in o) continue;
    if (k.startsWith(appArmor)) errs.push(forbidden(key(path, k), 'may not add AppArmor annotations'));
    if (k === mirror) errs.push(forbidden(key(path, k), 'may not add mirror pod annotation'));
  }
  return errs;
}

// ---- updates ---------------------------------------------------------------------

export const updatablePodSpecFields = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/** a compact "- old / + new" rendering of what differs between two specs */
export function specDiff(typeName: string, oldSpec: O, newSpec: O): string {
  const lines: string[] = [`  ${typeName}{`];
  const walk = (a: unknown, b: unknown, p: string) => {
    if (semanticEqual(a, b)) return;
    if (isObj(a) && isObj(b)) {
      for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[k], b[k], p ? `${p}.${k}` : k);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((x, i) => walk(x, b[i], `${p}[${i}]`));
      return;
    }
    lines.push(`- \t${p}: ${JSON.stringify(sortedDeep(a ?? null))},`);
    lines.push(`+ \t${p}: ${JSON.stringify(sortedDeep(b ?? null))},`);
  };
  walk(oldSpec, newSpec, '');
  lines.push('  }');
  return lines.join('\n');
}

function tolerationOnlyAdded(newT: unknown, oldT: unknown, path: string): Errs {
  const nl = arr(newT);
  for (const o of arr(oldT)) {
    const found = nl.some((n) => semanticEqual({ ...o, tolerationSeconds: n?.tolerationSeconds }, n));
    if (!found) return [forbidden(path, 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(newT, path);
}

/** ValidatePodUpdate: the parts beyond re-validating the new pod */
export function validatePodSpecUpdate(newSpec: O, oldSpec: O): Errs {
  const errs: Errs = [];
  const sp = 'spec';
  for (const list of ['containers', 'initContainers']) {
    const nc = arr(newSpec[list]);
    const oc = arr(oldSpec[list]);
    if (nc.length !== oc.length) {
      errs.push(forbidden(child(sp, list), 'pod updates may not add or remove containers'));
      return errs;
    }
    nc.forEach((c, i) => {
      const image = str(c?.image);
      if (!image) errs.push(required(child(idx(child(sp, list), i), 'image')));
      if (image.trim() !== image) errs.push(invalid(child(idx(child(sp, list), i), 'image'), image, 'must not have leading or trailing whitespace'));
    });
  }
  const nads = newSpec.activeDeadlineSeconds;
  const oads = oldSpec.activeDeadlineSeconds;
  if (nads !== undefined && nads !== null) {
    if (nads < 0 || nads > maxInt32) {
      errs.push(invalid(child(sp, 'activeDeadlineSeconds'), nads, inclusiveRangeError(0, maxInt32)));
      return errs;
    }
    if (oads !== undefined && oads !== null && oads < nads) {
      errs.push(invalid(child(sp, 'activeDeadlineSeconds'), nads, 'must be less than or equal to previous value'));
      return errs;
    }
  } else if (oads !== undefined && oads !== null) errs.push(invalid(child(sp, 'activeDeadlineSeconds'), null, 'must not update from a positive integer to nil value'));
  errs.push(...tolerationOnlyAdded(newSpec.tolerations, oldSpec.tolerations, child(sp, 'tolerations')));
  // scheduling gates: only removals
  const oldGates = new Set(arr(oldSpec.schedulingGates).map((g) => str(g?.name)));
  arr(newSpec.schedulingGates).forEach((g, i) => {
    if (!oldGates.has(str(g?.name)))
      errs.push(forbidden(child(idx(child(sp, 'schedulingGates'), i), 'name'), `only deletion is allowed, but found new scheduling gate '${str(g?.name)}'`));
  });
  if (semanticEqual(newSpec, oldSpec)) return errs;
  const munged: O = JSON.parse(JSON.stringify(newSpec));
  for (const list of ['containers', 'initContainers']) {
    const oc = arr(oldSpec[list]);
    arr(munged[list]).forEach((c, i) => {
      if (isObj(c)) c.image = oc[i]?.image;
    });
  }
  if (oads !== undefined && oads !== null) munged.activeDeadlineSeconds = oads;
  else delete munged.activeDeadlineSeconds;
  munged.schedulingGates = oldSpec.schedulingGates;
  munged.tolerations = oldSpec.tolerations;
  if (typeof oldSpec.terminationGracePeriodSeconds === 'number' && oldSpec.terminationGracePeriodSeconds < 0 && munged.terminationGracePeriodSeconds === 1)
    munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  if (arr(oldSpec.schedulingGates).length) {
    // gated pods may gain node selector entries and node affinity terms
    const ons = mapOf(oldSpec.nodeSelector);
    const nns = mapOf(munged.nodeSelector);
    if (!semanticEqual(nns, ons)) {
      for (const [k, v] of Object.entries(ons))
        if (nns[k] !== v) errs.push(invalid(child(sp, 'nodeSelector'), sortedDeep(nns), 'only additions to spec.nodeSelector are allowed (no mutations or deletions)'));
      munged.nodeSelector = oldSpec.nodeSelector;
    }
    const ona = oldSpec.affinity?.nodeAffinity;
    const nna = munged.affinity?.nodeAffinity;
    if (!semanticEqual(ona, nna)) {
      if (isObj(munged.affinity)) {
        if (ona === undefined) delete munged.affinity.nodeAffinity;
        else munged.affinity.nodeAffinity = ona;
        if (!isObj(oldSpec.affinity) && semanticEqual(munged.affinity, {})) delete munged.affinity;
      } else if (ona !== undefined) munged.affinity = { nodeAffinity: ona };
    }
  }
  if (!semanticEqual(munged, oldSpec)) {
    errs.push(forbidden(sp, `pod updates may not change fields other than ${updatablePodSpecFields.join(',')}\n${specDiff('core.PodSpec', oldSpec, munged)}`));
  }
  return errs;
}

/** ValidateContainerStateTransition and friends (pod status updates) */
export function validateContainerStateTransitions(newStatus: O, oldStatus: O, spec: O): Errs {
  const errs: Errs = [];
  const restartPolicy = str(spec.restartPolicy);
  const check = (list: string, isInit: boolean, isEphemeral: boolean) => {
    const newList = arr(newStatus[list]);
    arr(oldStatus[list]).forEach((os, i) => {
      const term = os?.state?.terminated;
      if (!isObj(term)) return;
      const ctrs = arr(isInit ? spec.initContainers : spec.containers);
      const ctr = ctrs.find((c) => c?.name === os.name);
      if (!isEphemeral) {
        // container-level restart policies (ContainerRestartRules) take precedence
        const cp = ctr?.restartPolicy;
        if (ctr && (cp !== undefined && cp !== null)) {
          if (isInit && cp === 'Always') return;
          if (cp === 'Always' || (cp === 'OnFailure' && (term.exitCode ?? 0) !== 0)) return;
          if (containerRulesAllowRestart(ctr, term.exitCode ?? 0)) return;
        } else {
          if (restartPolicy === 'Always') return;
          if ((term.exitCode ?? 0) !== 0 && restartPolicy === 'OnFailure') return;
        }
      }
      for (const ns of newList)
        if (ns?.name === os.name && !isObj(ns?.state?.terminated)) errs.push(forbidden(child(idx(child('status', list), i), 'state'), 'may not be transitioned to non-terminated state'));
    });
  };
  check('containerStatuses', false, false);
  check('initContainerStatuses', true, false);
  check('ephemeralContainerStatuses', false, true);
  return errs;
}

function containerRulesAllowRestart(ctr: O, exitCode: number): boolean {
  for (const r of arr(ctr.restartPolicyRules)) {
    if (r?.action !== 'Restart' || !isObj(r.exitCodes)) continue;
    const vals = arr(r.exitCodes.values) as unknown as number[];
    const inList = vals.includes(exitCode);
    if ((r.exitCodes.operator === 'In' && inList) || (r.exitCodes.operator === 'NotIn' && !inList)) return true;
  }
  return false;
}

export { quoteList };
