// Runs a strategy the way the generic Store does (prepare, default, validate)
// without storage, and renders field errors as the API reports them.
import type { Strategy, RequestContext } from '../../../src/registry/generic/strategy.js';
import { fieldErrorMessage, type FieldError } from '../../../src/machinery/errors.js';
import { deepClone, type KObject } from '../../../src/machinery/objects.js';

export const ctx: RequestContext = { user: { name: 'alice', uid: 'u-1', groups: ['system:authenticated'] }, namespace: 'default', dryRun: false, subresource: '' };

export function subCtx(subresource: string): RequestContext {
  return { ...ctx, subresource };
}

export const fixedUid = '3f1c2d4e-0000-4000-8000-000000000001';

/** create: server-owned metadata, prepareForCreate, defaults; returns the object and its validation errors */
export function create(s: Strategy, input: KObject, c: RequestContext = ctx): { obj: KObject; errs: FieldError[]; messages: string[] } {
  const obj = deepClone(input);
  const m = (obj.metadata ??= {});
  m.uid = fixedUid;
  m.creationTimestamp = '2024-01-01T00:00:00Z';
  if (s.generation) m.generation = 1;
  s.prepareForCreate?.(obj, c);
  s.defaults?.(obj);
  const errs = s.validate?.(obj, c) ?? [];
  return { obj, errs, messages: errs.map(fieldErrorMessage) };
}

/** a created object, failing when it does not validate */
export function created(s: Strategy, input: KObject): KObject {
  const r = create(s, input);
  if (r.errs.length) throw new Error(`unexpected validation errors: ${r.messages.join('; ')}`);
  return r.obj;
}

/** update of the main resource (status kept as the Store keeps it) */
export function update(s: Strategy, next: KObject, current: KObject, c: RequestContext = ctx): { obj: KObject; errs: FieldError[]; messages: string[] } {
  const obj = deepClone(next);
  const m = (obj.metadata ??= {});
  const o = current.metadata ?? {};
  m.uid ??= o.uid;
  m.creationTimestamp = o.creationTimestamp;
  if (o.generation !== undefined) m.generation = o.generation;
  const main = c.subresource === '';
  if (main && s.hasStatus) {
    if (current.status === undefined) delete obj.status;
    else obj.status = deepClone(current.status);
  }
  s.prepareForUpdate?.(obj, current, c);
  // like the Store: only updates of the main resource bump the generation generically
  if (main && s.generation && specChanged(obj, current)) m.generation = (o.generation ?? 0) + 1;
  s.defaults?.(obj);
  const errs = s.validateUpdate?.(obj, current, c) ?? [];
  return { obj, errs, messages: errs.map(fieldErrorMessage) };
}

/** update through the status subresource */
export function updateStatus(s: Strategy, status: unknown, current: KObject): { obj: KObject; errs: FieldError[]; messages: string[] } {
  const obj = deepClone(current);
  if (status === undefined) delete obj.status;
  else obj.status = deepClone(status);
  const c = subCtx('status');
  s.prepareForStatusUpdate?.(obj, current, c);
  s.defaults?.(obj);
  const errs = s.validateStatusUpdate?.(obj, current, c) ?? [];
  return { obj, errs, messages: errs.map(fieldErrorMessage) };
}

function specChanged(a: KObject, b: KObject): boolean {
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (k === 'metadata' || k === 'status' || k === 'apiVersion' || k === 'kind') continue;
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) return true;
  }
  return false;
}
