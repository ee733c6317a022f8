// PriorityLevelConfigurations, after pkg/apis/flowcontrol/v1/defaults.go,
// pkg/registry/flowcontrol/prioritylevelconfiguration and the flowcontrol
// validation.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy, metaOf, specOf, statusOf } from '../../shared/define.js';
import { validateFlowControlConditions } from '../flowschema/strategy.js';
import { type Errs, type O, forbidden, invalid, isObj, mapOf, notSupported, required, str } from '../../shared/field.js';

function defaults(obj: KObject): void {
  const spec = (isObj(obj.spec) ? obj.spec : (obj.spec = {})) as O;
  if (isObj(spec.exempt)) {
    spec.exempt.nominalConcurrencyShares ??= 0;
    spec.exempt.lendablePercent ??= 0;
  }
  if (isObj(spec.limited)) {
    spec.limited.nominalConcurrencyShares ??= 30;
    spec.limited.lendablePercent ??= 0;
    const q = spec.limited.limitResponse?.queuing;
    if (isObj(q)) {
      if (!q.handSize) q.handSize = 8;
      if (!q.queues) q.queues = 64;
      if (!q.queueLengthLimit) q.queueLengthLimit = 50;
    }
  }
}

function validate(obj: KObject): Errs {
  const errs: Errs = [];
  if ('flowcontrol.k8s.io/v1beta3-preserve-zero-concurrency-shares' in mapOf(metaOf(obj).annotations))
    errs.push(forbidden('metadata.annotations', "annotation 'flowcontrol.k8s.io/v1beta3-preserve-zero-concurrency-shares' is forbidden"));
  const spec = specOf(obj);
  const name = str(metaOf(obj).name);
  if ((name === 'exempt') !== (spec.type === 'Exempt')) errs.push(invalid('spec.type', str(spec.type), "must be 'Exempt' if and only if `name` is 'exempt'"));
  switch (spec.type) {
    case 'Exempt':
      if (spec.limited !== undefined && spec.limited !== null) errs.push(forbidden('spec.limited', 'must be nil if the type is not Limited'));
      if (isObj(spec.exempt)) {
        const e = spec.exempt;
        if (typeof e.nominalConcurrencyShares === 'number' && e.nominalConcurrencyShares < 0) errs.push(invalid('spec.exempt.nominalConcurrencyShares', e.nominalConcurrencyShares, 'must be a non-negative integer'));
        if (typeof e.lendablePercent === 'number' && (e.lendablePercent < 0 || e.lendablePercent > 100)) errs.push(invalid('spec.exempt.lendablePercent', e.lendablePercent, 'must be between 0 and 100, inclusive'));
      }
      break;
    case 'Limited': {
      if (spec.exempt !== undefined && spec.exempt !== null) errs.push(forbidden('spec.exempt', 'must be nil if the type is Limited'));
      const l = spec.limited;
      if (!isObj(l)) {
        errs.push(required('spec.limited', 'must not be empty when type is Limited'));
        break;
      }
      const p = 'spec.limited';
      if (typeof l.nominalConcurrencyShares === 'number' && l.nominalConcurrencyShares < 0) errs.push(invalid(`${p}.nominalConcurrencyShares`, l.nominalConcurrencyShares, 'must be a non-negative integer'));
      const lr: O = isObj(l.limitResponse) ? l.limitResponse : {};
      if (lr.type === 'Reject') {
        if (lr.queuing !== undefined && lr.queuing !== null) errs.push(forbidden(`${p}.limitResponse.queuing`, 'must be nil if limited.limitResponse.type is not Limited'));
      } else if (lr.type === 'Queue') {
        const q = lr.queuing;
        const qp = `${p}.limitResponse.queuing`;
        if (!isObj(q)) errs.push(required(qp, 'must not be empty if limited.limitResponse.type is Limited'));
        else {
          if ((q.queueLengthLimit ?? 0) <= 0) errs.push(invalid(`${qp}.queueLengthLimit`, q.queueLengthLimit ?? 0, 'must be positive'));
          if ((q.queues ?? 0) <= 0) errs.push(invalid(`${qp}.queues`, q.queues ?? 0, 'must be positive'));
          else if (q.queues > 10000000) errs.push(invalid(`${qp}.queues`, q.queues, 'must not be greater than 10000000'));
          if ((q.handSize ?? 0) <= 0) errs.push(invalid(`${qp}.handSize`, q.handSize ?? 0, 'must be positive'));
          else if (q.handSize > (q.queues ?? 0)) errs.push(invalid(`${qp}.handSize`, q.handSize, `should not be greater than queues (${q.queues ?? 0})`));
          else if (Math.ceil(Math.log2(q.queues) * q.handSize) > 60)
            errs.push(invalid(`${qp}.handSize`, q.handSize, `required entropy bits of deckSize ${q.queues} and handSize ${q.handSize} should not be greater than 60`));
        }
      } else errs.push(notSupported(`${p}.limitResponse.type`, str(lr.type), ['Queue', 'Reject']));
      if (typeof l.lendablePercent === 'number' && (l.lendablePercent < 0 || l.lendablePercent > 100)) errs.push(invalid(`${p}.lendablePercent`, l.lendablePercent, 'must be between 0 and 100, inclusive'));
      if (typeof l.borrowingLimitPercent === 'number' && l.borrowingLimitPercent < 0) errs.push(invalid(`${p}.borrowingLimitPercent`, l.borrowingLimitPercent, 'if specified, must be a non-negative integer'));
      break;
    }
    default:
      errs.push(notSupported('spec.type', str(spec.type), ['Exempt', 'Limited']));
  }
  errs.push(...validateFlowControlConditions(statusOf(obj)));
  return errs;
}

export const priorityLevelConfigurationStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  generation: true,
  hasStatus: true,
  allowUnconditionalUpdate: true,
  defaults,
  prepareForCreate(obj) {
    obj.status = {};
  },
  validate,
  validateUpdate: (obj) => validate(obj),
  validateStatusUpdate: (obj) => validateFlowControlConditions(statusOf(obj)),
});
