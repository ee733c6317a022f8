// ServiceCIDRs, after the networking validation.
import type { Strategy } from '../../generic/strategy.js';
import { defineStrategy, specOf } from '../../shared/define.js';
import { type Errs, idx, invalid, parseIPSloppy, required, strs, validateCIDRStrict, fieldImmutableErrorMsg } from '../../shared/field.js';

function validateCIDRs(cidrs: string[]): Errs {
  const p = 'spec.cidrs';
  if (!cidrs.length) return [required(p, 'at least one CIDR required')];
  if (cidrs.length > 2) return [invalid(p, { cidrs }, 'may only hold up to 2 values')];
  const errs: Errs = [];
  cidrs.forEach((c, i) => errs.push(...validateCIDRStrict(c, idx(p, i))));
  if (cidrs.length === 2) {
    const f0 = parseIPSloppy(cidrs[0].split('/')[0]);
    const f1 = parseIPSloppy(cidrs[1].split('/')[0]);
    if (f0 && f0 === f1) errs.push(invalid(p, cidrs, 'may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64'));
  }
  return errs;
}

export const serviceCIDRStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  hasStatus: true,
  allowUnconditionalUpdate: true,
  validate: (obj) => validateCIDRs(strs(specOf(obj).cidrs)),
  validateUpdate(obj, old) {
    const n = strs(specOf(obj).cidrs);
    const o = strs(specOf(old).cidrs);
    const errs: Errs = [];
    if (o.length === n.length) o.forEach((c, i) => {
      if (c !== n[i]) errs.push(invalid(idx('spec.cidrs', i), n[i], fieldImmutableErrorMsg));
    });
    else if (o.length === 1 && n.length === 2) {
      if (n[0] !== o[0]) errs.push(invalid(idx('spec.cidrs', 0), n[0], fieldImmutableErrorMsg));
      errs.push(...validateCIDRs(n));
    } else errs.push(invalid('spec.cidrs', n, fieldImmutableErrorMsg));
    return errs;
  },
});
