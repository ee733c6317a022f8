// IPAddresses (names are IPs in canonical form), after the networking
// validation.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy, metaOf, specOf } from '../../shared/define.js';
import { type Errs, child, invalid, isDNS1123Subdomain, isObj, pathSegmentErrors, required, semanticEqual, sortedDeep, str, validateIPStrict, fieldImmutableErrorMsg } from '../../shared/field.js';

function validateParentRef(obj: KObject): Errs {
  const ref = specOf(obj).parentRef;
  if (!isObj(ref)) return [required('spec.parentRef')];
  const errs: Errs = [];
  const p = 'spec.parentRef';
  if (str(ref.group)) for (const m of isDNS1123Subdomain(str(ref.group))) errs.push(invalid(child(p, 'group'), ref.group, m));
  for (const f of ['resource', 'name']) {
    if (!str(ref[f])) errs.push(required(child(p, f)));
    else for (const m of pathSegmentErrors(str(ref[f]))) errs.push(invalid(child(p, f), ref[f], m));
  }
  if (str(ref.namespace)) for (const m of pathSegmentErrors(str(ref.namespace))) errs.push(invalid(child(p, 'namespace'), ref.namespace, m));
  return errs;
}

export const ipAddressStrategy: Strategy = defineStrategy({
  nameRule: 'none',
  allowUnconditionalUpdate: true,
  validate(obj) {
    const name = str(metaOf(obj).name);
    const errs: Errs = name ? validateIPStrict(name, 'metadata.name').map((e) => ({ ...e, value: name })) : [];
    errs.push(...validateParentRef(obj));
    return errs;
  },
  validateUpdate(obj, old) {
    return semanticEqual(specOf(obj).parentRef, specOf(old).parentRef) ? [] : [invalid('spec.parentRef', sortedDeep(specOf(obj).parentRef) ?? null, fieldImmutableErrorMsg)];
  },
});
