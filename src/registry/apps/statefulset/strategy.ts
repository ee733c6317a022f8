// StatefulSets, after pkg/apis/apps/v1/defaults.go,
// pkg/registry/apps/statefulset/strategy.go and ValidateStatefulSet*.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { deepClone } from '../../../machinery/objects.js';
import { defineStrategy, specOf, statusOf, keepStoredLabels } from '../../shared/define.js';
import { defaultPodTemplateSpec, validatePodTemplateSpec } from '../../shared/podSpec.js';
import { defaultPVC, validatePVCSpec } from '../../shared/pvc.js';
import { cannotExceed, isDecremented, validateLongRunningTemplate, validateReplicaCounters } from '../../shared/workload.js';
import {
  type Errs,
  type O,
  arr,
  child,
  forbidden,
  idx,
  intOrPercentValue,
  invalid,
  isNotMoreThan100Percent,
  isObj,
  labelSelectorEmpty,
  labelSelectorMatches,
  labelSelectorParses,
  notSupported,
  required,
  semanticEqual,
  sortedDeep,
  sortedMap,
  str,
  validateDNS1123Label,
  validateLabelSelector,
  validateNonnegative,
  validatePositiveIntOrPercent,
} from '../../shared/field.js';

export function defaultStatefulSet(obj: KObject): void {
  const spec: O = isObj(obj.spec) ? obj.spec : (obj.spec = {});
  if (!spec.podManagementPolicy) spec.podManagementPolicy = 'OrderedReady';
  if (!isObj(spec.updateStrategy)) spec.updateStrategy = {};
  const us = spec.updateStrategy;
  if (!us.type) {
    us.type = 'RollingUpdate';
    if (!isObj(us.rollingUpdate)) us.rollingUpdate = {};
  }
  if (us.type === 'RollingUpdate' && isObj(us.rollingUpdate)) {
    if (us.rollingUpdate.partition === undefined || us.rollingUpdate.partition === null) us.rollingUpdate.partition = 0;
  }
  if (!isObj(spec.persistentVolumeClaimRetentionPolicy)) spec.persistentVolumeClaimRetentionPolicy = {};
  const rp = spec.persistentVolumeClaimRetentionPolicy;
  if (!rp.whenDeleted) rp.whenDeleted = 'Retain';
  if (!rp.whenScaled) rp.whenScaled = 'Retain';
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = 10;
  if (!isObj(spec.template)) spec.template = {};
  defaultPodTemplateSpec(spec.template);
  for (const pvc of arr(spec.volumeClaimTemplates)) if (isObj(pvc)) defaultPVC(pvc);
}

function validateRetentionPolicyType(v: unknown, path: string): Errs {
  return v === 'Retain' || v === 'Delete' ? [] : [notSupported(path, v ?? '', ['Retain', 'Delete'])];
}

interface SetOptions {
  allowInvalidServiceName?: boolean;
  skipTemplate?: boolean;
  skipClaimTemplates?: boolean;
}

export function validateStatefulSetSpec(spec: O, opts: SetOptions = {}): Errs {
  const errs: Errs = [];
  const p = 'spec';
  switch (spec.podManagementPolicy) {
    case undefined:
    case null:
    case '':
      errs.push(required(`${p}.podManagementPolicy`));
      break;
    case 'OrderedReady':
    case 'Parallel':
      break;
    default:
      errs.push(invalid(`${p}.podManagementPolicy`, spec.podManagementPolicy, "must be 'OrderedReady' or 'Parallel'"));
  }
  const us: O = isObj(spec.updateStrategy) ? spec.updateStrategy : {};
  switch (us.type) {
    case undefined:
    case null:
    case '':
      errs.push(required(`${p}.updateStrategy`));
      break;
    case 'OnDelete':
      if (us.rollingUpdate !== undefined && us.rollingUpdate !== null)
        errs.push(invalid(`${p}.updateStrategy.rollingUpdate`, sortedDeep(us.rollingUpdate), "only allowed for updateStrategy 'RollingUpdate'"));
      break;
    case 'RollingUpdate':
      if (isObj(us.rollingUpdate)) {
        const rp = `${p}.updateStrategy.rollingUpdate`;
        errs.push(...validateNonnegative(us.rollingUpdate.partition ?? 0, `${rp}.partition`));
        const mu = us.rollingUpdate.maxUnavailable;
        if (mu !== undefined && mu !== null) {
          errs.push(...validatePositiveIntOrPercent(mu, `${rp}.maxUnavailable`));
          if (intOrPercentValue(mu) === 0) errs.push(invalid(`${rp}.maxUnavailable`, mu, 'cannot be 0'));
          errs.push(...isNotMoreThan100Percent(mu, `${rp}.maxUnavailable`));
        }
      }
      break;
    default:
      errs.push(invalid(`${p}.updateStrategy`, sortedDeep(us), "must be 'RollingUpdate' or 'OnDelete'"));
  }
  if (isObj(spec.persistentVolumeClaimRetentionPolicy)) {
    const rp = spec.persistentVolumeClaimRetentionPolicy;
    errs.push(...validateRetentionPolicyType(rp.whenDeleted, `${p}.persistentVolumeClaimRetentionPolicy.whenDeleted`));
    errs.push(...validateRetentionPolicyType(rp.whenScaled, `${p}.persistentVolumeClaimRetentionPolicy.whenScaled`));
  }
  if (!opts.skipClaimTemplates)
    arr(spec.volumeClaimTemplates).forEach((pvc, i) => errs.push(...validatePVCSpec(isObj(pvc?.spec) ? pvc.spec : {}, child(idx(`${p}.volumeClaimTemplates`, i), 'spec'))));
  errs.push(...validateNonnegative(spec.replicas ?? 0, `${p}.replicas`));
  errs.push(...validateNonnegative(spec.minReadySeconds ?? 0, `${p}.minReadySeconds`));
  if (isObj(spec.ordinals)) errs.push(...validateNonnegative(spec.ordinals.start ?? 0, `${p}.ordinals.start`));
  if (!opts.allowInvalidServiceName && str(spec.serviceName)) errs.push(...validateDNS1123Label(str(spec.serviceName), `${p}.serviceName`));
  if (spec.selector === undefined || spec.selector === null) errs.push(required(`${p}.selector`));
  else {
    errs.push(...validateLabelSelector(spec.selector, `${p}.selector`));
    if (labelSelectorEmpty(spec.selector)) errs.push(invalid(`${p}.selector`, sortedDeep(spec.selector), 'empty selector is invalid for statefulset'));
  }
  const tmpl: O = isObj(spec.template) ? spec.template : {};
  if (!labelSelectorParses(spec.selector)) errs.push(invalid(`${p}.selector`, sortedDeep(spec.selector), ''));
  else {
    // hostname/subdomain are set per pod, and claim templates become volumes
    const t: O = deepClone(tmpl);
    if (!isObj(t.spec)) t.spec = {};
    if (str(t.spec.subdomain) || str(t.spec.hostname) || arr(spec.volumeClaimTemplates).length) {
      delete t.spec.subdomain;
      delete t.spec.hostname;
      const claimNames = new Set(arr(spec.volumeClaimTemplates).map((c) => str(c?.metadata?.name)));
      const vols = [...claimNames].map((n) => ({ name: n, persistentVolumeClaim: { claimName: n } }));
      for (const v of arr(t.spec.volumes)) if (!claimNames.has(str(v?.name))) vols.push(v as never);
      t.spec.volumes = vols;
    }
    const labels = isObj(t.metadata) ? t.metadata.labels : undefined;
    if ((!isObj(spec.selector) || !labelSelectorEmpty(spec.selector)) && !labelSelectorMatches(spec.selector, labels))
      errs.push(invalid(`${p}.template.metadata.labels`, sortedMap(isObj(labels) ? labels : null), '`selector` does not match template `labels`'));
    if (!opts.skipTemplate) errs.push(...validatePodTemplateSpec(t, `${p}.template`));
  }
  const ts: O = isObj(tmpl.spec) ? tmpl.spec : {};
  if (ts.restartPolicy !== 'Always') errs.push(notSupported(`${p}.template.spec.restartPolicy`, ts.restartPolicy ?? '', ['Always']));
  if (ts.activeDeadlineSeconds !== undefined && ts.activeDeadlineSeconds !== null)
    errs.push(forbidden(`${p}.template.spec.activeDeadlineSeconds`, 'activeDeadlineSeconds in StatefulSet is not Supported'));
  return errs;
}

void validateLongRunningTemplate;

export const statefulSetStrategy: Strategy = defineStrategy({
  prepareForStatusUpdate: keepStoredLabels,
  nameRule: 'label',
  generation: true,
  hasStatus: true,
  allowUnconditionalUpdate: true,
  defaults: defaultStatefulSet,
  prepareForCreate(obj) {
    obj.status = { replicas: 0, availableReplicas: 0 };
  },
  validate: (obj) => validateStatefulSetSpec(specOf(obj)),
  validateUpdate(obj, old) {
    const oldValid = validateStatefulSetSpec(specOf(old), { allowInvalidServiceName: true, skipClaimTemplates: true }).length === 0;
    const errs = validateStatefulSetSpec(specOf(obj), { allowInvalidServiceName: true, skipClaimTemplates: true, skipTemplate: !oldValid });
    const n: O = deepClone(specOf(obj));
    const o = specOf(old);
    for (const f of ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy']) {
      if (o[f] === undefined) delete n[f];
      else n[f] = o[f];
    }
    if (!semanticEqual(n, o))
      errs.push(
        forbidden(
          'spec',
          "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        ),
      );
    return errs;
  },
  validateStatusUpdate(obj, old) {
    const st = statusOf(obj);
    const p = 'status';
    const errs = [
      ...validateReplicaCounters(st, ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas', 'observedGeneration', 'collisionCount'], p),
      ...cannotExceed(st, 'readyReplicas', 'replicas', p),
      ...cannotExceed(st, 'currentReplicas', 'replicas', p),
      ...cannotExceed(st, 'updatedReplicas', 'replicas', p),
      ...cannotExceed(st, 'availableReplicas', 'replicas', p),
      ...cannotExceed(st, 'availableReplicas', 'readyReplicas', p, 'cannot be greater than status.readyReplicas'),
    ];
    if (isDecremented(st.collisionCount, statusOf(old).collisionCount)) errs.push(invalid('status.collisionCount', st.collisionCount ?? 0, 'cannot be decremented'));
    return errs;
  },
});
