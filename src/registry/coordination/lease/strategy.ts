// Leases, after the coordination validation.
import type { Strategy } from '../../generic/strategy.js';
import { defineStrategy, specOf } from '../../shared/define.js';
import { type Errs, type O, forbidden, invalid, isQualifiedName, notSupported, str } from '../../shared/field.js';

function validateSpec(spec: O): Errs {
  const errs: Errs = [];
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds !== null && spec.leaseDurationSeconds <= 0)
    errs.push(invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions !== null && spec.leaseTransitions < 0)
    errs.push(invalid('spec.leaseTransitions', spec.leaseTransitions, 'must be greater than or equal to 0'));
  if (spec.strategy !== undefined && spec.strategy !== null) {
    const s = str(spec.strategy);
    const p = 'spec.strategy.strategy';
    if (s.split('/').length === 1) {
      if (s !== 'OldestEmulationVersion') errs.push(notSupported(p, s, ['OldestEmulationVersion']));
    } else for (const m of isQualifiedName(s)) errs.push(invalid(p, s, m));
  }
  if (str(spec.preferredHolder) && !str(spec.strategy)) errs.push(forbidden('spec.preferredHolder', 'may only be specified if `strategy` is defined'));
  return errs;
}

export const leaseStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  allowCreateOnUpdate: true,
  allowUnconditionalUpdate: false,
  validate: (obj) => validateSpec(specOf(obj)),
  validateUpdate: (obj) => validateSpec(specOf(obj)),
});
