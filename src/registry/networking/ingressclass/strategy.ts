// IngressClasses, after the networking defaults and validation.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy, specOf } from '../../shared/define.js';
import { validateTypedLocalObjectReference } from '../ingress/strategy.js';
import { type Errs, type O, child, forbidden, invalid, isObj, notSupported, required, str, tooLong, validateDNS1123Label, validateDomainPrefixedPath, fieldImmutableErrorMsg } from '../../shared/field.js';

function defaults(obj: KObject): void {
  const spec = specOf(obj);
  if (isObj(spec.parameters) && (spec.parameters.scope === undefined || spec.parameters.scope === null)) spec.parameters.scope = 'Cluster';
}

function validateSpec(spec: O): Errs {
  const errs: Errs = [];
  const ctrl = str(spec.controller);
  if (ctrl.length > 250) errs.push(tooLong('spec.controller', 250));
  errs.push(...validateDomainPrefixedPath(ctrl, 'spec.controller'));
  if (isObj(spec.parameters)) {
    const p = spec.parameters;
    const pp = 'spec.parameters';
    errs.push(...validateTypedLocalObjectReference(p, pp));
    if (p.scope === undefined || p.scope === null) errs.push(required(child(pp, 'scope')));
    else if (!['Cluster', 'Namespace'].includes(p.scope)) errs.push(notSupported(child(pp, 'scope'), p.scope, ['Cluster', 'Namespace']));
    else {
      if (p.scope === 'Namespace') {
        if (p.namespace === undefined || p.namespace === null) errs.push(required(child(pp, 'namespace'), "`parameters.scope` is set to 'Namespace'"));
        else errs.push(...validateDNS1123Label(str(p.namespace), child(pp, 'namespace')));
      }
      if (p.scope === 'Cluster' && p.namespace !== undefined && p.namespace !== null) errs.push(forbidden(child(pp, 'namespace'), "`parameters.scope` is set to 'Cluster'"));
    }
  }
  return errs;
}

export const ingressClassStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  generation: true,
  allowUnconditionalUpdate: true,
  defaults,
  validate: (obj) => validateSpec(specOf(obj)),
  validateUpdate(obj, old) {
    const errs: Errs = [];
    if (str(specOf(obj).controller) !== str(specOf(old).controller)) errs.push(invalid('spec.controller', str(specOf(obj).controller), fieldImmutableErrorMsg));
    errs.push(...validateSpec(specOf(obj)));
    return errs;
  },
});
