// CSIDrivers, after pkg/apis/storage/v1/defaults.go,
// pkg/registry/storage/csidriver and the storage validation. Generation
// starts unset and is bumped on every spec change.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { bumpGeneration, defineStrategy, specOf } from '../../shared/define.js';
import { type Errs, type O, arr, child, duplicate, idx, invalid, isObj, notSupported, required, semanticEqual, sortedDeep, str, fieldImmutableErrorMsg } from '../../shared/field.js';

function defaults(obj: KObject): void {
  const spec: O = isObj(obj.spec) ? obj.spec : (obj.spec = {});
  spec.attachRequired ??= true;
  spec.podInfoOnMount ??= false;
  spec.storageCapacity ??= false;
  spec.fsGroupPolicy ??= 'ReadWriteOnceWithFSType';
  if (!arr(spec.volumeLifecycleModes).length) spec.volumeLifecycleModes = ['Persistent'];
  spec.requiresRepublish ??= false;
  spec.seLinuxMount ??= false;
}

function validateSpec(spec: O): Errs {
  const errs: Errs = [];
  const p = 'spec';
  for (const [f, path] of [
    ['attachRequired', 'attachedRequired'],
    ['podInfoOnMount', 'podInfoOnMount'],
    ['storageCapacity', 'storageCapacity'],
  ])
    if (spec[f] === undefined || spec[f] === null) errs.push(required(child(p, path)));
  if (spec.fsGroupPolicy !== undefined && spec.fsGroupPolicy !== null && !['File', 'None', 'ReadWriteOnceWithFSType'].includes(spec.fsGroupPolicy))
    errs.push(notSupported(child(p, 'fsGroupPolicy'), spec.fsGroupPolicy, ['File', 'None', 'ReadWriteOnceWithFSType']));
  const auds = new Set<string>();
  arr(spec.tokenRequests).forEach((t, i) => {
    const tp = idx(child(p, 'tokenRequests'), i);
    const a = str(t?.audience);
    if (auds.has(a)) {
      errs.push(duplicate(child(tp, 'audience'), a));
      return;
    }
    auds.add(a);
    const e = t?.expirationSeconds;
    if (e === undefined || e === null) return;
    if (e < 600) errs.push(invalid(child(tp, 'expirationSeconds'), e, 'may not specify a duration less than 10 minutes'));
    if (e > 2 ** 32) errs.push(invalid(child(tp, 'expirationSeconds'), e, 'may not specify a duration larger than 2^32 seconds'));
  });
  for (const m of arr(spec.volumeLifecycleModes) as unknown as string[])
    if (m !== 'Persistent' && m !== 'Ephemeral') errs.push(notSupported(child(p, 'volumeLifecycleModes'), m, ['Persistent', 'Ephemeral']));
  if (spec.seLinuxMount === undefined || spec.seLinuxMount === null) errs.push(required(child(p, 'seLinuxMount')));
  if (typeof spec.nodeAllocatableUpdatePeriodSeconds === 'number' && spec.nodeAllocatableUpdatePeriodSeconds < 10)
    errs.push(invalid(child(p, 'nodeAllocatableUpdatePeriodSeconds'), spec.nodeAllocatableUpdatePeriodSeconds, 'must be greater than or equal to 10 seconds'));
  if (spec.serviceAccountTokenInSecrets !== undefined && spec.serviceAccountTokenInSecrets !== null && !arr(spec.tokenRequests).length)
    errs.push(invalid(child(p, 'serviceAccountTokenInSecrets'), spec.serviceAccountTokenInSecrets, 'serviceAccountTokenInSecrets is set but no tokenRequests are specified'));
  return errs;
}

export const csiDriverStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  allowUnconditionalUpdate: false,
  returnDeletedObject: true,
  defaults,
  validate: (obj) => validateSpec(specOf(obj)),
  prepareForUpdate(obj, old) {
    if (!semanticEqual(specOf(obj), specOf(old))) bumpGeneration(obj, old);
  },
  validateUpdate(obj, old) {
    const errs = validateSpec(specOf(obj));
    if ((specOf(obj).attachRequired ?? null) !== (specOf(old).attachRequired ?? null))
      errs.push(invalid('spec.attachedRequired', specOf(obj).attachRequired ?? null, fieldImmutableErrorMsg));
    if (!semanticEqual(specOf(obj).volumeLifecycleModes, specOf(old).volumeLifecycleModes))
      errs.push(invalid('spec.volumeLifecycleModes', sortedDeep(specOf(obj).volumeLifecycleModes) ?? null, fieldImmutableErrorMsg));
    return errs;
  },
});
