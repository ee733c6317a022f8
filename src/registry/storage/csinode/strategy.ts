// CSINodes, after the storage validation.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy, specOf } from '../../shared/define.js';
import { type Errs, arr, child, duplicate, idx, invalid, isDNS1123Subdomain, required, semanticEqual, sortedDeep, str, strs, tooLong, validateNonnegative, validateQualifiedName, fieldImmutableErrorMsg } from '../../shared/field.js';

export function validateCSIDriverName(d: string, path: string): Errs {
  if (!d) return [required(path)];
  const errs: Errs = [];
  if (d.length > 63) errs.push(tooLong(path, 63));
  for (const m of isDNS1123Subdomain(d.toLowerCase())) errs.push(invalid(path, d, m));
  return errs;
}

function validate(obj: KObject): Errs {
  const errs: Errs = [];
  const names = new Set<string>();
  arr(specOf(obj).drivers).forEach((d, i) => {
    const p = idx('spec.drivers', i);
    errs.push(...validateCSIDriverName(str(d?.name), child(p, 'name')));
    const id = str(d?.nodeID);
    if (!id) errs.push(required(child(p, 'nodeID')));
    if (id.length > 256) errs.push(invalid(child(p, 'nodeID'), id, 'must be 256 characters or less'));
    if (d?.allocatable && d.allocatable.count !== undefined && d.allocatable.count !== null) errs.push(...validateNonnegative(d.allocatable.count, child(p, 'allocatable', 'count')));
    if (names.has(str(d?.name))) errs.push(duplicate(child(p, 'name'), str(d?.name)));
    names.add(str(d?.name));
    const keys = new Set<string>();
    for (const k of strs(d?.topologyKeys)) {
      if (!k) errs.push(required(p, k));
      if (keys.has(k)) errs.push(duplicate(p, k));
      keys.add(k);
      errs.push(...validateQualifiedName(k, p));
    }
  });
  return errs;
}

export const csiNodeStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  allowUnconditionalUpdate: false,
  returnDeletedObject: true,
  validate,
  validateUpdate(obj, old) {
    const errs = validate(obj);
    for (const od of arr(specOf(old).drivers))
      for (const nd of arr(specOf(obj).drivers)) {
        if (str(od?.name) !== str(nd?.name)) continue;
        const a = { ...od, allocatable: undefined };
        const b = { ...nd, allocatable: undefined };
        if (!semanticEqual(a, b)) errs.push(invalid('spec.drivers', sortedDeep(b), fieldImmutableErrorMsg));
      }
    return errs;
  },
});
