// APIServices: flags and the name rule (<version>.<group>), after
// kube-aggregator's apiservice strategy and validation.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy, metaOf, specOf } from '../../shared/define.js';
import { type Errs, invalid, isDNS1035Label, isDNS1123Subdomain, isObj, required, str, validatePositive } from '../../shared/field.js';

function validate(obj: KObject): Errs {
  const errs: Errs = [];
  const name = str(metaOf(obj).name);
  const spec = specOf(obj);
  const group = str(spec.group);
  const version = str(spec.version);
  const want = group ? `${version}.${group}` : version;
  if (name && name !== want) errs.push(invalid('metadata.name', name, `must be \`spec.version+"."+spec.group\`: ${JSON.stringify(want)}`));
  if (group) for (const m of isDNS1123Subdomain(group)) errs.push(invalid('spec.group', group, m));
  for (const m of isDNS1035Label(version)) errs.push(invalid('spec.version', version, m));
  errs.push(...validatePositive(spec.groupPriorityMinimum ?? 0, 'spec.groupPriorityMinimum'));
  errs.push(...validatePositive(spec.versionPriority ?? 0, 'spec.versionPriority'));
  if (isObj(spec.service)) {
    for (const m of isDNS1035Label(str(spec.service.name))) errs.push(invalid('spec.service.name', spec.service.name, m));
    for (const m of isDNS1035Label(str(spec.service.namespace))) errs.push(invalid('spec.service.namespace', spec.service.namespace, m));
    if (spec.insecureSkipTLSVerify === true && str(spec.caBundle)) errs.push(invalid('spec.insecureSkipTLSVerify', true, 'may not be true if caBundle is present'));
  } else {
    if (spec.insecureSkipTLSVerify === true) errs.push(invalid('spec.insecureSkipTLSVerify', true, 'must be false if service is nil'));
    if (str(spec.caBundle)) errs.push(invalid('spec.caBundle', `(${str(spec.caBundle).length} bytes)`, 'must be empty if service is nil'));
  }
  if (!version) errs.push(required('spec.version'));
  return errs;
}

export const apiServiceStrategy: Strategy = defineStrategy({
  nameRule: 'none',
  hasStatus: true,
  allowUnconditionalUpdate: false,
  defaults(obj) {
    const svc = specOf(obj).service;
    if (isObj(svc) && (svc.port === undefined || svc.port === null)) svc.port = 443;
  },
  prepareForCreate(obj) {
    obj.status = {};
  },
  validate,
  validateUpdate: (obj) => validate(obj),
});
