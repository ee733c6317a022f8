// HorizontalPodAutoscalers (stored as autoscaling/v2), after
// pkg/apis/autoscaling/v2/defaults.go and the autoscaling validation.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy, specOf } from '../../shared/define.js';
import { type Errs, type O, arr, invalid, isObj, pathSegmentErrors, required, str } from '../../shared/field.js';

const defaultScaleUp = () => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
});
const defaultScaleDown = () => ({ selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });

function mergeRules(from: unknown, to: O): O {
  if (!isObj(from)) return to;
  for (const k of ['selectPolicy', 'stabilizationWindowSeconds', 'policies', 'tolerance']) if (from[k] !== undefined && from[k] !== null) to[k] = from[k];
  return to;
}

export function defaultHPA(obj: KObject): void {
  const spec = (isObj(obj.spec) ? obj.spec : (obj.spec = {})) as O;
  spec.minReplicas ??= 1;
  if (!arr(spec.metrics).length)
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  if (isObj(spec.behavior)) {
    spec.behavior.scaleUp = mergeRules(spec.behavior.scaleUp, defaultScaleUp());
    spec.behavior.scaleDown = mergeRules(spec.behavior.scaleDown, defaultScaleDown());
  }
}

function validate(obj: KObject): Errs {
  const errs: Errs = [];
  const spec = specOf(obj);
  if (typeof spec.minReplicas === 'number' && spec.minReplicas < 1) errs.push(invalid('spec.minReplicas', spec.minReplicas, 'must be greater than or equal to 1'));
  const max = spec.maxReplicas ?? 0;
  if (max < 1) errs.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (typeof spec.minReplicas === 'number' && max < spec.minReplicas) errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  const ref: O = isObj(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
  for (const f of ['kind', 'name']) {
    const v = str(ref[f]);
    if (!v) errs.push(required(`spec.scaleTargetRef.${f}`));
    else for (const m of pathSegmentErrors(v)) errs.push(invalid(`spec.scaleTargetRef.${f}`, v, m));
  }
  const av = str(ref.apiVersion);
  if (av.split('/').length > 2) errs.push(invalid('spec.scaleTargetRef.apiVersion', av, `unexpected GroupVersion string: ${av}`));
  return errs;
}

export const hpaStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  hasStatus: true,
  allowUnconditionalUpdate: true,
  defaults: defaultHPA,
  prepareForCreate(obj) {
    obj.status = { currentMetrics: null, desiredReplicas: 0 };
  },
  validate,
  validateUpdate: (obj) => validate(obj),
});
