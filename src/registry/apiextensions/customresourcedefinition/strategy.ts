// CustomResourceDefinitions: the basics (defaults, name = <plural>.<group>,
// generation, status and stored versions), after apiextensions-apiserver's
// CRD strategy, defaults and validation. Schema validation lives elsewhere.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { crdModules } from '../modules.js';
import { CLEANUP_FINALIZER, setCondition } from '../customresource/CustomResourceManager.js';
import { defineStrategy, specOf, status, statusOf } from '../../shared/define.js';
import { type Errs, type O, arr, isObj } from '../../shared/field.js';

export function defaultCRD(obj: KObject): void {
  const spec = (isObj(obj.spec) ? obj.spec : (obj.spec = {})) as O;
  if (!isObj(spec.names)) spec.names = {};
  const names = spec.names;
  if (!names.singular && typeof names.kind === 'string') names.singular = names.kind.toLowerCase();
  if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
  if (!isObj(spec.conversion)) spec.conversion = { strategy: 'None' };
  const svc = spec.conversion?.webhook?.clientConfig?.service;
  if (isObj(svc) && (svc.port === undefined || svc.port === null)) svc.port = 443;
  if (!isObj(obj.status)) obj.status = {};
  const st = obj.status as O;
  if (!arr(st.storedVersions).length) {
    const storage = arr(spec.versions).find((v) => v?.storage === true);
    if (storage) st.storedVersions = [storage.name];
  }
}

function addStoredVersion(obj: KObject): void {
  const storage = arr(specOf(obj).versions).find((v) => v?.storage === true);
  if (!storage) return;
  const st = statusOf(obj);
  const stored: string[] = Array.isArray(st.storedVersions) ? st.storedVersions : [];
  if (!stored.includes(storage.name)) st.storedVersions = [...stored, storage.name];
  obj.status = st;
}

/** compile checks of every x-kubernetes-validations rule of every version's schema */
function celRuleErrors(obj: KObject): Errs {
  const errs: Errs = [];
  arr(specOf(obj).versions).forEach((v, i) => {
    const s = v?.schema?.openAPIV3Schema;
    if (isObj(s)) errs.push(...crdModules().cel.validateSchemaRules(s, `spec.versions[${i}].schema.openAPIV3Schema`));
  });
  return errs;
}

export const crdStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  generation: true,
  hasStatus: true,
  statusResetsMetadata: true,
  allowUnconditionalUpdate: false,
  defaults: defaultCRD,
  prepareForCreate(obj) {
    obj.status = {};
    addStoredVersion(obj);
  },
  validate: (obj) => [...crdModules().schema.validateCRD(obj), ...celRuleErrors(obj)],
  prepareForUpdate(obj) {
    addStoredVersion(obj);
  },
  validateUpdate: (obj, old) => [...crdModules().schema.validateCRD(obj, old), ...celRuleErrors(obj)],
  validateStatusUpdate: (obj) => crdModules().schema.validateCRDStatus(obj),
  warnings: (obj, old) => crdModules().schema.crdWarnings(obj, old),
  selectableFields: () => ({ 'metadata.namespace': '' }),
  // deleting a CRD first removes its instances: the API server holds it with a
  // finalizer until they are gone (see customresource/CustomResourceManager)
  deletionBlockers: (obj) => (obj.metadata?.deletionTimestamp ? [] : [CLEANUP_FINALIZER]),
  beginDeletion(obj) {
    const m = obj.metadata!;
    if (!(m.finalizers ?? []).includes(CLEANUP_FINALIZER)) m.finalizers = [...(m.finalizers ?? []), CLEANUP_FINALIZER];
    setCondition(status(obj), {
      type: 'Terminating',
      status: 'True',
      reason: 'InstanceDeletionPending',
      message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
    });
  },
});
