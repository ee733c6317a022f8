// PersistentVolumes, after pkg/registry/core/persistentvolume and
// ValidatePersistentVolume*.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { deepClone, nowTimestamp } from '../../../machinery/objects.js';
import { defineStrategy, metaOf, specOf, statusOf } from '../../shared/define.js';
import { defaultResourceList, format, parseQuantity } from '../../shared/quantity.js';
import { quantityErrors, supportedAccessModes, supportedVolumeModes } from '../../shared/pvc.js';
import { specDiff, validateNodeSelector } from '../../shared/podSpec.js';
import {
  type Errs,
  type O,
  child,
  forbidden,
  invalid,
  isDNS1123Subdomain,
  isObj,
  key,
  mapOf,
  notSupported,
  required,
  semanticEqual,
  sortedDeep,
  str,
  strs,
  tooLong,
  validateDNS1123Subdomain,
  fieldImmutableErrorMsg,
  isNotPositiveErrorMsg,
} from '../../shared/field.js';

const pvSources = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'glusterfs',
  'nfs',
  'rbd',
  'quobyte',
  'cinder',
  'cephfs',
  'fc',
  'flocker',
  'flexVolume',
  'azureFile',
  'vsphereVolume',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'local',
  'storageos',
  'csi',
  'iscsi',
];

export function defaultPV(obj: KObject): void {
  const spec: O = isObj(obj.spec) ? obj.spec : (obj.spec = {});
  if (!isObj(obj.status)) obj.status = {};
  const st = obj.status as O;
  if (!st.phase) st.phase = 'Pending';
  if (!spec.persistentVolumeReclaimPolicy) spec.persistentVolumeReclaimPolicy = 'Retain';
  if (spec.volumeMode === undefined || spec.volumeMode === null) spec.volumeMode = 'Filesystem';
  defaultResourceList(spec.capacity);
  if (isObj(spec.hostPath) && (spec.hostPath.type === undefined || spec.hostPath.type === null)) spec.hostPath.type = '';
  if (isObj(spec.rbd)) {
    if (!spec.rbd.pool) spec.rbd.pool = 'rbd';
    if (!spec.rbd.user) spec.rbd.user = 'admin';
    if (!spec.rbd.keyring) spec.rbd.keyring = '/etc/ceph/keyring';
  }
  if (isObj(spec.iscsi) && !spec.iscsi.iscsiInterface) spec.iscsi.iscsiInterface = 'default';
  if (isObj(spec.azureDisk)) {
    spec.azureDisk.cachingMode ??= 'ReadWrite';
    spec.azureDisk.fsType ??= 'ext4';
    spec.azureDisk.readOnly ??= false;
    spec.azureDisk.kind ??= 'Shared';
  }
  if (isObj(spec.scaleIO)) {
    if (!spec.scaleIO.storageMode) spec.scaleIO.storageMode = 'ThinProvisioned';
    if (!spec.scaleIO.fsType) spec.scaleIO.fsType = 'xfs';
  }
}

function validateCSIDriverName(d: string, path: string): Errs {
  if (!d) return [required(path)];
  const errs: Errs = [];
  if (d.length > 63) errs.push(tooLong(path, 63));
  for (const m of isDNS1123Subdomain(d.toLowerCase())) errs.push(invalid(path, d, m));
  return errs;
}

function validatePVSpec(spec: O): Errs {
  const errs: Errs = [];
  const modes = strs(spec.accessModes);
  if (!modes.length) errs.push(required('spec.accessModes'));
  let rwop = false;
  let other = false;
  for (const m of modes) {
    if (!supportedAccessModes.includes(m)) errs.push(notSupported('spec.accessModes', m, supportedAccessModes));
    if (m === 'ReadWriteOncePod') rwop = true;
    else if (supportedAccessModes.includes(m)) other = true;
  }
  if (rwop && other) errs.push(forbidden('spec.accessModes', 'may not use ReadWriteOncePod with other access modes'));
  const cap = mapOf(spec.capacity);
  if (!Object.keys(cap).length) errs.push(required('spec.capacity'));
  if (!('storage' in cap) || Object.keys(cap).length > 1) errs.push(notSupported('spec.capacity', sortedDeep(cap), ['storage']));
  for (const [k, v] of Object.entries(cap)) {
    const q = parseQuantity(v);
    const p = key('spec.capacity', k);
    if (!q) errs.push(...quantityErrors(v, p));
    else if (q.m <= 0n) errs.push(invalid(p, format(q), isNotPositiveErrorMsg));
  }
  const rp = str(spec.persistentVolumeReclaimPolicy);
  if (rp && !['Delete', 'Recycle', 'Retain'].includes(rp)) errs.push(notSupported('spec.persistentVolumeReclaimPolicy', rp, ['Delete', 'Recycle', 'Retain']));
  let nodeAffinity = false;
  if (isObj(spec.nodeAffinity)) {
    nodeAffinity = true;
    if (isObj(spec.nodeAffinity.required)) errs.push(...validateNodeSelector(spec.nodeAffinity.required, 'spec.nodeAffinity.required'));
    else errs.push(required('spec.nodeAffinity.required', 'must specify required node constraints'));
  }
  let n = 0;
  for (const k of pvSources) {
    const s = spec[k];
    if (!isObj(s)) continue;
    const p = child('spec', k);
    if (n > 0) {
      errs.push(forbidden(p, 'may not specify more than 1 volume type'));
      continue;
    }
    n++;
    switch (k) {
      case 'hostPath':
        if (!str(s.path)) errs.push(required(child(p, 'path')));
        else {
          if (str(s.path).split('/').includes('..')) errs.push(invalid(child(p, 'path'), s.path, "must not contain '..'"));
          const types = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
          if (s.type !== undefined && s.type !== null && !types.includes(s.type)) errs.push(notSupported(child(p, 'type'), s.type, types));
        }
        break;
      case 'nfs':
        if (!str(s.server)) errs.push(required(child(p, 'server')));
        if (!str(s.path)) errs.push(required(child(p, 'path')));
        if (!str(s.path).startsWith('/')) errs.push(invalid(child(p, 'path'), str(s.path), 'must be an absolute path'));
        break;
      case 'local':
        if (!str(s.path)) errs.push(required(child(p, 'path')));
        else if (str(s.path).split('/').includes('..')) errs.push(invalid(child(p, 'path'), s.path, "must not contain '..'"));
        if (!nodeAffinity) errs.push(required('spec.nodeAffinity', 'Local volume requires node affinity'));
        break;
      case 'csi':
        errs.push(...validateCSIDriverName(str(s.driver), child(p, 'driver')));
        if (!str(s.volumeHandle)) errs.push(required(child(p, 'volumeHandle')));
        for (const ref of ['controllerPublishSecretRef', 'controllerExpandSecretRef', 'nodePublishSecretRef', 'nodeExpandSecretRef', 'nodeStageSecretRef'])
          if (isObj(s[ref])) {
            if (!str(s[ref].name)) errs.push(required(child(p, ref, 'name')));
            if (!str(s[ref].namespace)) errs.push(required(child(p, ref, 'namespace')));
          }
        break;
      default:
        break;
    }
  }
  if (n === 0) errs.push(required('spec', 'must specify a volume type'));
  if (isObj(spec.hostPath) && str(spec.hostPath.path).replace(/\/+$/, '') === '' && str(spec.hostPath.path).startsWith('/') && rp === 'Recycle')
    errs.push(forbidden('spec.persistentVolumeReclaimPolicy', "may not be 'recycle' for a hostPath mount of '/'"));
  if (str(spec.storageClassName)) errs.push(...validateDNS1123Subdomain(str(spec.storageClassName), 'spec.storageClassName'));
  if (spec.volumeMode !== undefined && spec.volumeMode !== null && !supportedVolumeModes.includes(spec.volumeMode))
    errs.push(notSupported('spec.volumeMode', spec.volumeMode, supportedVolumeModes));
  if (spec.volumeAttributesClassName !== undefined && spec.volumeAttributesClassName !== null) {
    if (!str(spec.volumeAttributesClassName)) errs.push(required('spec.volumeAttributesClassName', 'an empty string is disallowed'));
    else errs.push(...validateDNS1123Subdomain(str(spec.volumeAttributesClassName), 'spec.volumeAttributesClassName'));
    if (!isObj(spec.csi)) errs.push(required('spec.csi', 'has to be specified when using volumeAttributesClassName'));
  }
  return errs;
}

const sourceOf = (spec: O): O => {
  const out: O = {};
  for (const k of pvSources) if (spec[k] !== undefined) out[k] = spec[k];
  return out;
};

export const pvStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  hasStatus: true,
  allowUnconditionalUpdate: true,
  returnDeletedObject: true,
  defaults: defaultPV,
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending', lastPhaseTransitionTime: nowTimestamp() };
  },
  validate: (obj) => validatePVSpec(specOf(obj)),
  validateUpdate(obj, old) {
    const errs = validatePVSpec(specOf(obj));
    const n = deepClone(specOf(obj));
    const o = specOf(old);
    if (isObj(o.csi) && (o.csi.controllerExpandSecretRef === undefined || o.csi.controllerExpandSecretRef === null) && isObj(n.csi)) delete n.csi.controllerExpandSecretRef;
    if (!semanticEqual(sourceOf(n), sourceOf(o)))
      errs.push(forbidden('spec.persistentvolumesource', `spec.persistentvolumesource is immutable after creation\n${specDiff('core.PersistentVolumeSource', sourceOf(o), sourceOf(n))}`));
    if ((specOf(obj).volumeMode ?? null) !== (o.volumeMode ?? null)) errs.push(invalid('volumeMode', specOf(obj).volumeMode ?? null, fieldImmutableErrorMsg));
    if (o.volumeAttributesClassName !== undefined && o.volumeAttributesClassName !== null && (specOf(obj).volumeAttributesClassName === undefined || specOf(obj).volumeAttributesClassName === null))
      errs.push(forbidden('spec.volumeAttributesClassName', 'update from non-nil value to nil is forbidden'));
    return errs;
  },
  prepareForStatusUpdate(obj, old) {
    const st = statusOf(obj);
    const ost = statusOf(old);
    if (st.phase === ost.phase && !st.lastPhaseTransitionTime) {
      if (ost.lastPhaseTransitionTime) st.lastPhaseTransitionTime = ost.lastPhaseTransitionTime;
    } else if (st.phase !== ost.phase && (!st.lastPhaseTransitionTime || st.lastPhaseTransitionTime === ost.lastPhaseTransitionTime)) {
      st.lastPhaseTransitionTime = nowTimestamp();
    }
    obj.status = st;
  },
  selectableFields: (obj) => ({ name: str(metaOf(obj).name) }),
});
