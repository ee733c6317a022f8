// PersistentVolumeClaims, after pkg/registry/core/persistentvolumeclaim and
// ValidatePersistentVolumeClaim*.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { deepClone } from '../../../machinery/objects.js';
import { defineStrategy, metaOf, specOf, statusOf } from '../../shared/define.js';
import { defaultPVC, normalizeDataSources, quantityErrors, storageRequest, validatePVCSpec, qCmp } from '../../shared/pvc.js';
import { specDiff } from '../../shared/podSpec.js';
import { parseQuantity, format } from '../../shared/quantity.js';
import { type Errs, type O, forbidden, invalid, isObj, key, mapOf, notSupported, semanticEqual, str, validateQualifiedName, fieldImmutableErrorMsg } from '../../shared/field.js';
import { isNativeResource } from '../../shared/podSpec.js';

const betaClassAnnotation = 'volume.beta.kubernetes.io/storage-class';

function validatePVCUpdate(obj: KObject, old: KObject): Errs {
  const errs: Errs = validatePVCSpec(specOf(obj), 'spec');
  const n: O = deepClone(specOf(obj));
  const o: O = deepClone(specOf(old));
  const nAnn = mapOf(metaOf(obj).annotations);
  const oAnn = mapOf(metaOf(old).annotations);
  if (!str(o.volumeName)) o.volumeName = n.volumeName;
  const oldSc = oAnn[betaClassAnnotation];
  const upgradeFromAnnotation =
    oldSc !== undefined && (o.storageClassName === undefined || o.storageClassName === null) && n.storageClassName === oldSc && (!(betaClassAnnotation in nAnn) || nAnn[betaClassAnnotation] === oldSc);
  if (upgradeFromAnnotation) delete n.storageClassName;
  else {
    if ((nAnn[betaClassAnnotation] ?? '') !== (oAnn[betaClassAnnotation] ?? ''))
      errs.push(invalid(key('metadata.annotations', betaClassAnnotation), nAnn[betaClassAnnotation] ?? '', fieldImmutableErrorMsg));
    const fromNil = n.storageClassName !== undefined && n.storageClassName !== null && (o.storageClassName === undefined || o.storageClassName === null) && (oldSc === undefined || n.storageClassName === oldSc);
    if (fromNil) n.storageClassName = o.storageClassName;
  }
  const bound = statusOf(obj).phase === 'Bound';
  if (bound && isObj(n.resources) && isObj(n.resources.requests)) {
    const os = isObj(o.resources) && isObj(o.resources.requests) ? o.resources.requests.storage : undefined;
    if (os === undefined) delete n.resources.requests.storage;
    else n.resources.requests.storage = os;
  }
  if (bound) {
    if (o.volumeAttributesClassName === undefined) delete n.volumeAttributesClassName;
    else n.volumeAttributesClassName = o.volumeAttributesClassName;
  }
  if (!semanticEqual(n, o))
    errs.push(forbidden('spec', `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${specDiff('core.PersistentVolumeClaimSpec', o, n)}`));
  const newSize = storageRequest(specOf(obj));
  const oldSize = storageRequest(specOf(old));
  const statusSize = parseQuantity(mapOf(statusOf(old).capacity).storage);
  if (qCmp(newSize, oldSize) < 0 && qCmp(newSize, statusSize) <= 0)
    errs.push(forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
  if ((specOf(obj).volumeMode ?? null) !== (specOf(old).volumeMode ?? null)) errs.push(invalid('volumeMode', specOf(obj).volumeMode ?? null, fieldImmutableErrorMsg));
  const nv = specOf(obj).volumeAttributesClassName;
  if ((nv ?? null) !== (specOf(old).volumeAttributesClassName ?? null) && statusOf(old).currentVolumeAttributesClassName !== undefined && statusOf(old).currentVolumeAttributesClassName !== null) {
    if (nv === undefined || nv === null) errs.push(forbidden('spec.volumeAttributesClassName', 'update to nil is forbidden when status.currentVolumeAttributesClassName is not nil'));
    else if (nv === '') errs.push(forbidden('spec.volumeAttributesClassName', 'update to empty string is forbidden when status.currentVolumeAttributesClassName is not nil'));
  }
  return errs;
}

const resizeStatuses = ['ControllerResizeInProgress', 'ControllerResizeInfeasible', 'NodeResizeInProgress', 'NodeResizeInfeasible', 'NodeResizePending'];

function validatePVCResourceKey(k: string, path: string): Errs {
  const errs = validateQualifiedName(k, path);
  if (errs.length) return errs;
  if (isNativeResource(k) && k !== 'storage') errs.push(notSupported(path, k, ['storage']));
  return errs;
}

export const pvcStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  hasStatus: true,
  allowUnconditionalUpdate: true,
  returnDeletedObject: true,
  defaults: (obj) => defaultPVC(obj as O),
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending' };
    normalizeDataSources(specOf(obj));
  },
  validate: (obj) => validatePVCSpec(specOf(obj), 'spec'),
  prepareForUpdate(obj) {
    normalizeDataSources(specOf(obj));
  },
  validateUpdate: validatePVCUpdate,
  validateStatusUpdate(obj) {
    const errs: Errs = [];
    const st = statusOf(obj);
    if (!Array.isArray(specOf(obj).accessModes) || !specOf(obj).accessModes.length) errs.push({ type: 'FieldValueRequired', field: 'Spec.accessModes' });
    for (const [k, v] of Object.entries(mapOf(st.capacity))) {
      const q = parseQuantity(v);
      if (!q) errs.push(...quantityErrors(v, key('status.capacity', k)));
      else if (q.m < 0n) errs.push(invalid(key('status.capacity', k), format(q), 'must be a valid resource quantity'));
    }
    for (const [k, v] of Object.entries(mapOf(st.allocatedResourceStatuses))) {
      errs.push(...validatePVCResourceKey(k, 'status.allocatedResourceStatuses'));
      if (!resizeStatuses.includes(v)) errs.push({ type: 'FieldValueNotSupported', field: 'status.allocatedResourceStatuses', value: k, detail: `supported values: ${resizeStatuses.map((s) => JSON.stringify(s)).join(', ')}` });
    }
    for (const [k, v] of Object.entries(mapOf(st.allocatedResources))) {
      const ke = validatePVCResourceKey(k, 'status.allocatedResources');
      if (ke.length) {
        errs.push(...ke);
        continue;
      }
      const q = parseQuantity(v);
      if (!q) errs.push(...quantityErrors(v, key('status.allocatedResources', k)));
      else if (q.m < 0n) errs.push(invalid(key('status.allocatedResources', k), format(q), 'must be a valid resource quantity'));
    }
    return errs;
  },
  selectableFields: (obj) => ({ name: str(metaOf(obj).name) }),
});
