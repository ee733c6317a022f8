// PersistentVolumeClaim spec: defaults and validation shared by
// PersistentVolumeClaims, StatefulSet volumeClaimTemplates and generic
// ephemeral volumes.
import { defaultResourceList, format, parseQuantity, cmp, milliValue, type Quantity } from './quantity.js';
import {
  type Errs,
  type O,
  child,
  forbidden,
  invalid,
  isObj,
  key,
  notSupported,
  required,
  str,
  strs,
  validateLabelSelector,
  validateDNS1123Subdomain,
  validateDNS1123Label,
  isNegativeErrorMsg,
  isNotPositiveErrorMsg,
  validateAnnotationMap,
  validateLabelMap,
} from './field.js';

export const supportedAccessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
export const supportedVolumeModes = ['Block', 'Filesystem'];

/** SetDefaults_PersistentVolumeClaimSpec plus the resource lists */
export function defaultPVCSpec(spec: O): void {
  if (spec.volumeMode === undefined || spec.volumeMode === null) spec.volumeMode = 'Filesystem';
  if (!isObj(spec.resources)) spec.resources = {};
  defaultResourceList(spec.resources.limits);
  defaultResourceList(spec.resources.requests);
}

/** a PVC object (also a StatefulSet volumeClaimTemplate): status.phase Pending plus the spec */
export function defaultPVC(pvc: O): void {
  if (!isObj(pvc.spec)) pvc.spec = {};
  defaultPVCSpec(pvc.spec);
  if (!isObj(pvc.status)) pvc.status = {};
  if (!pvc.status.phase) pvc.status.phase = 'Pending';
  defaultResourceList(pvc.status.capacity);
  defaultResourceList(pvc.status.allocatedResources);
}

export function quantityErrors(v: unknown, path: string): Errs {
  return parseQuantity(v) ? [] : [invalid(path, v, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")];
}

function validateDataSourceLike(ds: O, path: string, withNamespace: boolean): Errs {
  const errs: Errs = [];
  if (!str(ds.name)) errs.push(required(child(path, 'name')));
  if (!str(ds.kind)) errs.push(required(child(path, 'kind')));
  const apiGroup = str(ds.apiGroup);
  if (!apiGroup && ds.kind !== 'PersistentVolumeClaim') errs.push(invalid(path, str(ds.kind), "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
  if (apiGroup) errs.push(...validateDNS1123Subdomain(apiGroup, child(path, 'apiGroup')));
  if (withNamespace && str(ds.namespace)) errs.push(...validateDNS1123Label(str(ds.namespace), child(path, 'namespace')));
  return errs;
}

/** ValidatePersistentVolumeClaimSpec */
export function validatePVCSpec(spec: O, path: string): Errs {
  const errs: Errs = [];
  const modes = strs(spec.accessModes);
  if (!modes.length) errs.push(required(child(path, 'accessModes'), 'at least 1 access mode is required'));
  if (isObj(spec.selector)) errs.push(...validateLabelSelector(spec.selector, child(path, 'selector')));
  let rwop = false;
  let other = false;
  for (const m of modes) {
    if (!supportedAccessModes.includes(m)) errs.push(notSupported(child(path, 'accessModes'), m, supportedAccessModes));
    if (m === 'ReadWriteOncePod') rwop = true;
    else if (supportedAccessModes.includes(m)) other = true;
  }
  if (rwop && other) errs.push(forbidden(child(path, 'accessModes'), 'may not use ReadWriteOncePod with other access modes'));
  const requests = isObj(spec.resources) && isObj(spec.resources.requests) ? spec.resources.requests : {};
  const storagePath = key(child(path, 'resources'), 'storage');
  if (!('storage' in requests)) errs.push(required(storagePath));
  else {
    const q = parseQuantity(requests.storage);
    if (!q) errs.push(...quantityErrors(requests.storage, storagePath));
    else if (q.m <= 0n) errs.push(invalid(storagePath, format(q), isNotPositiveErrorMsg));
  }
  if (str(spec.storageClassName)) errs.push(...validateDNS1123Subdomain(str(spec.storageClassName), child(path, 'storageClassName')));
  if (spec.volumeMode !== undefined && spec.volumeMode !== null && !supportedVolumeModes.includes(spec.volumeMode))
    errs.push(notSupported(child(path, 'volumeMode'), spec.volumeMode, supportedVolumeModes));
  if (isObj(spec.dataSource)) errs.push(...validateDataSourceLike(spec.dataSource, child(path, 'dataSource'), false));
  if (isObj(spec.dataSourceRef)) errs.push(...validateDataSourceLike(spec.dataSourceRef, child(path, 'dataSourceRef'), true));
  if (isObj(spec.dataSourceRef) && str(spec.dataSourceRef.namespace)) {
    if (isObj(spec.dataSource)) errs.push(invalid(path, child(path, 'dataSource'), 'may not be specified when dataSourceRef.namespace is specified'));
  } else if (isObj(spec.dataSource) && isObj(spec.dataSourceRef)) {
    const a = spec.dataSource;
    const b = spec.dataSourceRef;
    if ((a.apiGroup ?? null) !== (b.apiGroup ?? null) || a.kind !== b.kind || a.name !== b.name)
      errs.push(invalid(path, child(path, 'dataSource'), 'must match dataSourceRef'));
  }
  if (str(spec.volumeAttributesClassName)) errs.push(...validateDNS1123Subdomain(str(spec.volumeAttributesClassName), child(path, 'volumeAttributesClassName')));
  // resource quantities must parse and not be negative
  for (const list of ['requests', 'limits']) {
    const l = isObj(spec.resources) && isObj(spec.resources[list]) ? spec.resources[list] : {};
    for (const [k, v] of Object.entries(l)) {
      if (list === 'requests' && k === 'storage') continue;
      const q = parseQuantity(v);
      const p = key(child(path, 'resources', list), k);
      if (!q) errs.push(...quantityErrors(v, p));
      else if (q.m < 0n) errs.push(invalid(p, format(q), isNegativeErrorMsg));
    }
  }
  return errs;
}

/** PVC data-source normalisation (pvcutil.NormalizeDataSources) */
export function normalizeDataSources(spec: O): void {
  if (isObj(spec.dataSourceRef) && str(spec.dataSourceRef.namespace)) return;
  if (isObj(spec.dataSource) && !isObj(spec.dataSourceRef)) {
    const ds = spec.dataSource;
    spec.dataSourceRef = { ...(ds.apiGroup !== undefined ? { apiGroup: ds.apiGroup } : {}), kind: ds.kind, name: ds.name };
  } else if (isObj(spec.dataSourceRef) && !isObj(spec.dataSource)) {
    const r = spec.dataSourceRef;
    spec.dataSource = { ...(r.apiGroup !== undefined ? { apiGroup: r.apiGroup } : {}), kind: r.kind, name: r.name };
  }
}

/** ValidatePersistentVolumeClaimTemplate (ephemeral volumes) */
export function validatePVCTemplate(tmpl: O, path: string): Errs {
  const errs: Errs = [];
  const m = isObj(tmpl.metadata) ? tmpl.metadata : {};
  errs.push(...validateAnnotationMap(m.annotations, child(path, 'metadata', 'annotations')));
  errs.push(...validateLabelMap(m.labels, child(path, 'metadata', 'labels')));
  for (const k of Object.keys(m)) {
    if (k === 'labels' || k === 'annotations') continue;
    if (m[k] === undefined || m[k] === null || m[k] === '') continue;
    errs.push(forbidden(child(path, 'metadata', k), 'cannot be set'));
  }
  errs.push(...validatePVCSpec(isObj(tmpl.spec) ? tmpl.spec : {}, child(path, 'spec')));
  return errs;
}

export function storageRequest(spec: O): Quantity | null {
  return parseQuantity(isObj(spec?.resources) && isObj(spec.resources.requests) ? spec.resources.requests.storage : undefined);
}

export function qCmp(a: Quantity | null, b: Quantity | null): number {
  return cmp(a ?? { m: 0n, e: 0, format: 'DecimalSI' }, b ?? { m: 0n, e: 0, format: 'DecimalSI' });
}

export { milliValue };
