// StorageClasses (and the provisioner/parameter checks shared with
// VolumeAttributesClasses), after pkg/apis/storage/v1/defaults.go and the
// storage validation.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy } from '../../shared/define.js';
import { type Errs, arr, child, duplicate, forbidden, idx, invalid, mapOf, notSupported, required, semanticEqual, str, strs, tooLong, validateQualifiedName, fieldImmutableErrorMsg } from '../../shared/field.js';

export function validateProvisioner(v: string, path: string): Errs {
  if (!v) return [required(path)];
  return validateQualifiedName(v.toLowerCase(), path);
}

export function validateParameters(params: unknown, allowEmpty: boolean, path: string): Errs {
  const errs: Errs = [];
  const p = mapOf(params);
  const keys = Object.keys(p);
  if (keys.length > 512) return [tooLong(path, 512)];
  let total = 0;
  for (const k of keys) {
    if (!k.length) errs.push(invalid(path, k, 'field can not be empty.'));
    total += k.length + str(p[k]).length;
  }
  if (total > 256 * 1024) errs.push(tooLong(path, 256 * 1024));
  if (!allowEmpty && !keys.length) errs.push(required(path, 'must contain at least one key/value pair'));
  return errs;
}

function validate(obj: KObject): Errs {
  const errs: Errs = [];
  errs.push(...validateProvisioner(str(obj.provisioner), 'provisioner'));
  errs.push(...validateParameters(obj.parameters, true, 'parameters'));
  if (str(obj.reclaimPolicy) && !['Delete', 'Retain'].includes(str(obj.reclaimPolicy))) errs.push(notSupported('reclaimPolicy', obj.reclaimPolicy, ['Delete', 'Retain']));
  if (obj.volumeBindingMode === undefined || obj.volumeBindingMode === null) errs.push(required('volumeBindingMode'));
  else if (!['Immediate', 'WaitForFirstConsumer'].includes(str(obj.volumeBindingMode)))
    errs.push(notSupported('volumeBindingMode', obj.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer']));
  const seenTerms: string[] = [];
  arr(obj.allowedTopologies).forEach((t, i) => {
    const ep = child(idx('allowedTopologies', i), 'matchLabelExpressions');
    const keys = new Map<string, string[]>();
    arr(t?.matchLabelExpressions).forEach((r, j) => {
      const rp = idx(ep, j);
      const values = strs(r?.values);
      if (!values.length) errs.push(required(child(rp, 'values')));
      const vs = new Set<string>();
      values.forEach((v, k) => {
        if (vs.has(v)) errs.push(duplicate(idx(child(rp, 'values'), k), v));
        vs.add(v);
      });
      errs.push(...validateQualifiedName(str(r?.key), child(rp, 'key')));
      if (keys.has(str(r?.key))) errs.push(duplicate(child(rp, 'key'), str(r?.key)));
      keys.set(str(r?.key), [...vs].sort());
    });
    const canon = JSON.stringify([...keys.entries()].sort());
    if (seenTerms.includes(canon)) errs.push(duplicate(ep, ''));
    seenTerms.push(canon);
  });
  return errs;
}

export const storageClassStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  allowUnconditionalUpdate: true,
  returnDeletedObject: true,
  defaults(obj) {
    if (obj.reclaimPolicy === undefined || obj.reclaimPolicy === null) obj.reclaimPolicy = 'Delete';
    if (obj.volumeBindingMode === undefined || obj.volumeBindingMode === null) obj.volumeBindingMode = 'Immediate';
  },
  validate,
  validateUpdate(obj, old) {
    const errs = validate(obj);
    if (!semanticEqual(obj.parameters, old.parameters)) errs.push(forbidden('parameters', 'updates to parameters are forbidden.'));
    if (str(obj.provisioner) !== str(old.provisioner)) errs.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
    if (str(obj.reclaimPolicy) !== str(old.reclaimPolicy)) errs.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
    if (str(obj.volumeBindingMode) !== str(old.volumeBindingMode)) errs.push(invalid('volumeBindingMode', obj.volumeBindingMode ?? null, fieldImmutableErrorMsg));
    return errs;
  },
});
