// Namespaces: the kubernetes finalizer, phase, the metadata.name label, and
// the status and finalize update rules, after pkg/registry/core/namespace.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy, metaOf, specOf, statusOf } from '../../shared/define.js';
import { type Errs, idx, invalid, isObj, isQualifiedName, str, strs } from '../../shared/field.js';

const standardFinalizers = ['kubernetes', 'orphan', 'foregroundDeletion'];

/** SetDefaults_Namespace / Canonicalize: the kubernetes.io/metadata.name label; status.phase Active */
export function defaultNamespace(obj: KObject): void {
  const m = obj.metadata ?? (obj.metadata = {});
  if (m.name) {
    if (!isObj(m.labels)) m.labels = {};
    m.labels!['kubernetes.io/metadata.name'] = m.name;
  }
  if (!isObj(obj.status)) obj.status = {};
  const st = obj.status as Record<string, unknown>;
  if (!st.phase) st.phase = 'Active';
}

function validateFinalizer(f: string, path: string): Errs {
  const errs: Errs = isQualifiedName(f).map((m) => invalid(path, f, m));
  if (!f.includes('/') && !standardFinalizers.includes(f)) errs.push(invalid(path, f, 'name is neither a standard finalizer name nor is it fully qualified'));
  return errs;
}

export const namespaceStrategy: Strategy = defineStrategy({
  nameRule: 'label',
  hasStatus: true,
  allowUnconditionalUpdate: true,
  returnDeletedObject: true,
  defaults: defaultNamespace,
  prepareForCreate(obj) {
    obj.status = { phase: 'Active' };
    const spec = (isObj(obj.spec) ? obj.spec : (obj.spec = {})) as Record<string, unknown>;
    const fin = strs(spec.finalizers);
    if (!fin.includes('kubernetes')) spec.finalizers = [...fin, 'kubernetes'];
  },
  validate(obj) {
    const errs: Errs = [];
    for (const f of strs(specOf(obj).finalizers)) errs.push(...validateFinalizer(f, 'spec.finalizers'));
    return errs;
  },
  prepareForUpdate(obj, old, ctx) {
    // spec.finalizers change only through namespaces/finalize; status only through status
    if (ctx.subresource === 'finalize') {
      obj.status = old.status;
      return;
    }
    const spec = isObj(obj.spec) ? obj.spec : (obj.spec = {});
    const oldFinalizers = isObj(old.spec) ? old.spec.finalizers : undefined;
    if (oldFinalizers === undefined) delete spec.finalizers;
    else spec.finalizers = oldFinalizers;
    obj.status = old.status;
  },
  validateUpdate(obj, old, ctx) {
    const errs: Errs = [];
    void ctx;
    strs(specOf(obj).finalizers).forEach((f, i) => errs.push(...validateFinalizer(f, idx('spec.finalizers', i))));
    return errs;
  },
  validateStatusUpdate(obj) {
    const phase = str(statusOf(obj).phase);
    if (!metaOf(obj).deletionTimestamp) {
      if (phase !== 'Active') return [invalid('status.Phase', phase, "may only be 'Active' if `deletionTimestamp` is empty")];
    } else if (phase !== 'Terminating') return [invalid('status.Phase', phase, "may only be 'Terminating' if `deletionTimestamp` is not empty")];
    return [];
  },
  selectableFields: (obj) => ({ 'status.phase': str(statusOf(obj).phase), name: str(metaOf(obj).name) }),
  // the namespace controller empties the namespace, then removes "kubernetes" through namespaces/finalize
  deletionBlockers: (obj) => strs(specOf(obj).finalizers),
  beginDeletion(obj) {
    const st = isObj(obj.status) ? obj.status : (obj.status = {});
    st.phase = 'Terminating';
  },
});
