// The field manager: keeps metadata.managedFields up to date on every write
// and implements server-side apply on top of the ownership bookkeeping.
//
// Layers, outermost first, as upstream stacks them:
//   apply only: object type check, last-applied annotation sync and
//   client-side-apply conflict upgrade (manager "kubectl" only);
//   tracking starts at create or at the first apply ("before-first-apply");
//   at most N update managers ("ancient-changes");
//   manager identity (name, operation, version, subresource);
//   entry times; stripping of never-tracked metadata; the ownership update.
import { ApiError, badRequest, invalid, type FieldError, type StatusCause } from '../errors.js';
import type { KObject } from '../objects.js';
import type { PatchSchemaNode } from '../patch/schema.js';
import { emptyObjectFor } from './emptyobject.js';
import {
  copyManaged,
  decodeManagedFields,
  encodeManagedFields,
  isResetManagedFields,
  managerIdentifier,
  parseIdentifier,
  emptyManaged,
  type Managed,
  type ManagedFieldsEntry,
} from './entries.js';
import { FieldSet } from './fieldset.js';
import { fieldElement, goJson, pathString, type Path } from './pathelement.js';
import { compare, isObj, toFieldSet, TypedError, typeOf, type TypeNode } from './typed.js';
import {
  applyConfiguration,
  ConflictsError,
  updateOwnership,
  type Conflict,
  type ManagerSets,
  type UpdaterContext,
} from './updater.js';

export type { ManagedFieldsEntry } from './entries.js';

/** A field path given as its field names, e.g. ['status'] or ['metadata', 'labels']. */
export type FieldPathSpec = readonly string[];

export interface FieldManagerOptions {
  /** Schema of a kind at an API version; undefined means untyped (maps granular, lists atomic). */
  schemaFor(apiVersion: string, kind: string): PatchSchemaNode | undefined;
  /** RFC 3339 time with second precision for entry times. */
  now?(): string;
  /**
   * Fields a write through `subresource` (undefined: the main resource) must
   * not own, at an API version: upstream's per-strategy reset fields, e.g.
   * [['status']] for the main resource and [['spec'], ['metadata']] for status.
   */
  resetFields?(apiVersion: string, kind: string, subresource: string | undefined): readonly FieldPathSpec[] | undefined;
  /** The object an empty typed value of the kind serialises to (default: derived from the schema). */
  emptyObject?(apiVersion: string, kind: string): KObject | undefined;
  /** Maximum number of Update entries kept (default 10). */
  maxUpdateManagers?: number;
}

export interface WriteOptions {
  subresource?: string;
  /** overrides FieldManagerOptions.resetFields for this write */
  resetFields?: readonly FieldPathSpec[];
}

export interface ApplyOptions extends WriteOptions {
  force: boolean;
  /** expected apiVersion and kind of the applied configuration (default: those of the live object) */
  apiVersion?: string;
  kind?: string;
}

export const DEFAULT_MAX_UPDATE_MANAGERS = 10;
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
const BEFORE_FIRST_APPLY = 'before-first-apply';
const ANCIENT_CHANGES = 'ancient-changes';
const CURRENT_OPERATION = 'current-operation';

/** Paths never tracked in managedFields. */
const STRIP_SET = FieldSet.of(
  [fieldElement('apiVersion')],
  [fieldElement('kind')],
  [fieldElement('metadata')],
  ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map(
    (f) => [fieldElement('metadata'), fieldElement(f)],
  ),
);

function nowRfc3339(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Deep copy of a JSON value (objects and arrays are copied, everything else shared). */
function clone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const a = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) a[i] = clone(v[i] as unknown);
    return a as T;
  }
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) o[k] = clone(x);
  }
  return o as T;
}

/** A copy of an object whose top level and metadata may be changed without touching the original. */
function shallowWithMeta(o: KObject): KObject {
  const c: KObject = { ...o };
  const m = metaOf(o);
  if (m) c.metadata = { ...m };
  return c;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function metaOf(o: KObject | undefined): Record<string, unknown> | undefined {
  const m = o?.metadata as unknown;
  return isObj(m) ? m : undefined;
}

function withoutManagedFields(o: KObject): KObject {
  const c = shallowWithMeta(o);
  const m = metaOf(c);
  if (m) delete m.managedFields;
  return c;
}

function setManagedFields(o: KObject, entries: ManagedFieldsEntry[] | undefined): void {
  let m = metaOf(o);
  if (!entries) {
    if (m) delete m.managedFields;
    return;
  }
  if (!m) {
    m = {};
    o.metadata = m;
  }
  m.managedFields = entries;
}

/** "apps/v1, Kind=Deployment" as upstream prints a group-version-kind. */
function gvkString(apiVersion: unknown, kind: unknown): string {
  const av = typeof apiVersion === 'string' ? apiVersion : '';
  const parts = av.split('/');
  if (parts.length > 2 || (parts.length === 2 && parts[0] === '')) return '/, Kind=';
  const [group, version] = parts.length === 2 ? parts : ['', parts[0]];
  return `${group}/${version}, Kind=${typeof kind === 'string' ? kind : ''}`;
}

function objectDescription(o: KObject): string {
  const m = metaOf(o);
  const ns = str(m?.namespace) ?? '';
  const name = str(m?.name) ?? '';
  return `${ns}/${name}; ${gvkString(o.apiVersion, o.kind)}`;
}

/** An error upstream reports as a plain (non-status) error: 500 without reason. */
function plainError(message: string): ApiError {
  return new ApiError(500, '', message);
}

export class FieldManager {
  private readonly now: () => string;
  private readonly maxUpdateManagers: number;

  constructor(private readonly opts: FieldManagerOptions) {
    this.now = opts.now ?? nowRfc3339;
    this.maxUpdateManagers = opts.maxUpdateManagers ?? DEFAULT_MAX_UPDATE_MANAGERS;
  }

  /**
   * Any write that is not an apply (create when live is undefined, update,
   * every patch type, subresource writes): returns a copy of `updated` whose
   * metadata.managedFields reflect the change. Never throws: when the
   * bookkeeping fails the live object's entries are kept.
   */
  update(live: KObject | undefined, updated: KObject, manager: string, opts: WriteOptions = {}): KObject {
    const out = shallowWithMeta(updated);
    const apiVersion = str(updated.apiVersion) ?? str(live?.apiVersion) ?? '';
    const kind = str(updated.kind) ?? str(live?.kind) ?? '';
    try {
      const managed = this.decodeLiveOrNew(live, updated, !!opts.subresource);
      const liveMeta = metaOf(live);
      const isCreate = !live || !str(liveMeta?.uid);
      const m = metaOf(out);
      if (m) delete m.managedFields;
      if (managed.fields.size === 0 && !isCreate) {
        // objects that never had managedFields start being tracked at their first apply
        setManagedFields(out, undefined);
        return out;
      }
      const ctx = this.context(kind, opts);
      const before = live ? withoutManagedFields(live) : this.emptyObject(apiVersion, kind);
      const next = this.trackedUpdate(ctx, before, out, managed, manager || 'unknown', apiVersion, opts.subresource);
      this.capUpdateManagers(next);
      setManagedFields(out, encodeManagedFields(next));
      return out;
    } catch {
      setManagedFields(out, live ? clone(metaOf(live)?.managedFields as ManagedFieldsEntry[] | undefined) : undefined);
      return out;
    }
  }

  /**
   * Server-side apply of `applied` (the decoded apply patch) onto `live`
   * (undefined: the object does not exist yet). Returns the merged object with
   * managedFields; the caller still has to default, validate and store it.
   * Throws ApiError: 400 for a wrong object type or managedFields in the
   * configuration, 409 Conflict listing the conflicts when not forced, 500
   * for a configuration that does not fit the schema.
   */
  apply(live: KObject | undefined, applied: KObject, manager: string, opts: ApplyOptions): KObject {
    const expApiVersion = opts.apiVersion ?? str(live?.apiVersion);
    const expKind = opts.kind ?? str(live?.kind);
    if (
      typeof applied.apiVersion !== 'string' ||
      typeof applied.kind !== 'string' ||
      applied.apiVersion === '' ||
      applied.kind === '' ||
      (expApiVersion !== undefined && applied.apiVersion !== expApiVersion) ||
      (expKind !== undefined && applied.kind !== expKind) ||
      gvkString(applied.apiVersion, applied.kind) === '/, Kind='
    ) {
      throw badRequest(`invalid object type: ${gvkString(applied.apiVersion, applied.kind)}`);
    }
    const apiVersion = applied.apiVersion;
    const kind = applied.kind;
    let managed: Managed;
    try {
      managed = decodeManagedFields(metaOf(live)?.managedFields);
    } catch (e) {
      throw plainError(`failed to decode managed fields: ${(e as Error).message}`);
    }
    const ctx = this.context(kind, opts);
    const run = (force: boolean): { obj: KObject; managed: Managed } =>
      this.applyTracked(ctx, live, applied, managed, manager, apiVersion, kind, force, opts.subresource);

    let res: { obj: KObject; managed: Managed };
    try {
      res = run(opts.force);
    } catch (e) {
      if (!(e instanceof ConflictsError)) throw e;
      if (manager !== 'kubectl') throw newConflictError(e.conflicts);
      // conflicts on fields the client-side apply of kubectl set (and that still hold
      // the last-applied values) are taken over without force
      let allowed: FieldSet;
      try {
        allowed = this.allowedConflictsFromLastApplied(ctx, live, apiVersion);
      } catch {
        throw newConflictError(e.conflicts);
      }
      const remaining = e.conflicts.filter((c) => !allowed.has(c.path));
      if (remaining.length > 0) throw newConflictError(remaining);
      res = run(true);
    }
    // the merged object shares values with live and the configuration
    const obj = clone(res.obj);
    if (manager === 'kubectl' && hasLastApplied(obj)) setLastApplied(obj, buildLastApplied(applied));
    setManagedFields(obj, encodeManagedFields(res.managed));
    return obj;
  }

  // -------------------------------------------------------------------------

  private context(kind: string, opts: WriteOptions): UpdaterContext {
    const types = new Map<string, TypeNode>();
    const ignored = new Map<string, FieldSet | undefined>();
    return {
      typeFor: (apiVersion: string): TypeNode => {
        let t = types.get(apiVersion);
        if (!t) {
          t = typeOf(this.opts.schemaFor(apiVersion, kind));
          types.set(apiVersion, t);
        }
        return t;
      },
      ignored: (apiVersion: string): FieldSet | undefined => {
        if (ignored.has(apiVersion)) return ignored.get(apiVersion);
        const specs = opts.resetFields ?? this.opts.resetFields?.(apiVersion, kind, opts.subresource);
        const set = specs && specs.length > 0 ? FieldSet.of(...specs.map((p) => p.map(fieldElement))) : undefined;
        ignored.set(apiVersion, set);
        return set;
      },
    };
  }

  private emptyObject(apiVersion: string, kind: string): KObject {
    const custom = this.opts.emptyObject?.(apiVersion, kind);
    if (custom) return withoutManagedFields(custom);
    return emptyObjectFor(this.opts.schemaFor(apiVersion, kind));
  }

  /** The entries to start from: the request's, unless absent, invalid, or a subresource write. */
  private decodeLiveOrNew(live: KObject | undefined, updated: KObject, isSubresource: boolean): Managed {
    const fromLive = (): Managed => {
      try {
        return decodeManagedFields(metaOf(live)?.managedFields);
      } catch {
        return emptyManaged();
      }
    };
    if (isSubresource) return fromLive();
    const requested = metaOf(updated)?.managedFields;
    if (isResetManagedFields(requested)) return emptyManaged();
    try {
      const m = decodeManagedFields(requested);
      if (m.fields.size > 0) return m;
    } catch {
      // fall back to the live object's entries
    }
    return fromLive();
  }

  /** An Update by `manager`: it gains what changed; its entry's time is set when it changed anything. */
  private trackedUpdate(
    ctx: UpdaterContext,
    before: KObject,
    after: KObject,
    managed: Managed,
    manager: string,
    apiVersion: string,
    subresource: string | undefined,
  ): Managed {
    const id = managerIdentifier({ manager, operation: 'Update', apiVersion, subresource });
    const fields: ManagerSets = new Map(managed.fields);
    const times = new Map(managed.times);
    updateOwnership(ctx, before, after, apiVersion, fields, CURRENT_OPERATION);
    stripFields(fields, CURRENT_OPERATION);
    const vs = fields.get(CURRENT_OPERATION);
    if (vs) {
      fields.delete(CURRENT_OPERATION);
      const prev = fields.get(id);
      fields.set(id, { set: prev ? vs.set.union(prev.set) : vs.set, apiVersion: vs.apiVersion, applied: vs.applied });
      times.set(id, this.now());
    }
    return { fields, times };
  }

  private applyTracked(
    ctx: UpdaterContext,
    live: KObject | undefined,
    applied: KObject,
    decoded: Managed,
    manager: string,
    apiVersion: string,
    kind: string,
    force: boolean,
    subresource: string | undefined,
  ): { obj: KObject; managed: Managed } {
    const liveObj: KObject = live ? withoutManagedFields(live) : {};
    let managed = copyManaged(decoded);
    if (managed.fields.size === 0) {
      // the first apply to an untracked object: whoever wrote it so far becomes one updater
      managed = this.trackedUpdate(ctx, this.emptyObject(apiVersion, kind), liveObj, managed, BEFORE_FIRST_APPLY, apiVersion, subresource);
      this.capUpdateManagers(managed);
    }
    const id = managerIdentifier({ manager: manager || 'unknown', operation: 'Apply', subresource });
    const appliedMeta = metaOf(applied);
    if (appliedMeta && appliedMeta.managedFields !== undefined && appliedMeta.managedFields !== null) {
      throw badRequest('metadata.managedFields must be nil');
    }
    const config = applied;
    try {
      toFieldSet(config, ctx.typeFor(apiVersion), true);
    } catch (e) {
      if (e instanceof TypedError) throw plainError(`failed to create typed patch object (${objectDescription(applied)}): ${e.message}`);
      throw e;
    }
    const fields: ManagerSets = new Map(managed.fields);
    const times = new Map(managed.times);
    let result;
    try {
      result = applyConfiguration(ctx, liveObj, config, apiVersion, fields, id, force);
    } catch (e) {
      if (e instanceof TypedError) throw plainError(`failed to create typed live object (${objectDescription(liveObj)}): ${e.message}`);
      throw e;
    }
    stripFields(fields, id);
    let obj: KObject;
    if (result.object !== undefined && isObj(result.object)) {
      times.set(id, this.now());
      obj = result.object as KObject;
    } else {
      obj = liveObj;
    }
    return { obj, managed: { fields, times } };
  }

  /** Merge the oldest Update entries into one "ancient-changes" entry per version until at most N remain. */
  private capUpdateManagers(m: Managed): void {
    const updaters: string[] = [];
    for (const [id, vs] of m.fields) if (!vs.applied) updaters.push(id);
    if (updaters.length <= this.maxUpdateManagers) return;
    const secs = (id: string): number => {
      const t = m.times.get(id);
      const ms = t ? Date.parse(t) : NaN;
      return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
    };
    updaters.sort((a, b) => secs(a) - secs(b) || (a < b ? -1 : a > b ? 1 : 0));
    const firstOfVersion = new Map<string, string>();
    let length = updaters.length;
    for (let i = 0; i < updaters.length && length > this.maxUpdateManagers; i++) {
      const id = updaters[i];
      const vs = m.fields.get(id);
      if (!vs) continue;
      const time = m.times.get(id);
      const version = vs.apiVersion;
      const bucket = managerIdentifier({ manager: ANCIENT_CHANGES, operation: 'Update', apiVersion: version });
      const first = firstOfVersion.get(version);
      if (first === undefined) {
        firstOfVersion.set(version, id);
        continue;
      }
      if (!m.fields.has(bucket)) {
        const s = m.fields.get(first)!;
        m.fields.delete(first);
        m.fields.set(bucket, s);
      }
      m.fields.set(bucket, { set: vs.set.union(m.fields.get(bucket)!.set), apiVersion: vs.apiVersion, applied: vs.applied });
      m.fields.delete(id);
      length--;
      m.times.set(bucket, time);
    }
  }

  private allowedConflictsFromLastApplied(ctx: UpdaterContext, live: KObject | undefined, apiVersion: string): FieldSet {
    const annotations = metaOf(live)?.annotations;
    const raw = isObj(annotations) ? annotations[LAST_APPLIED_ANNOTATION] : undefined;
    if (typeof raw !== 'string' || raw === '') throw new Error('no last applied annotation');
    const lastApplied = JSON.parse(raw) as unknown;
    if (!isObj(lastApplied) || lastApplied.apiVersion !== apiVersion) {
      throw new Error('expected version of last applied to match live object');
    }
    const t = ctx.typeFor(apiVersion);
    const set = toFieldSet(lastApplied, t, true);
    const c = compare(lastApplied, live ? withoutManagedFields(live) : {}, t);
    return set.difference(c.modified).difference(c.added).difference(c.removed);
  }
}

function stripFields(fields: ManagerSets, manager: string): void {
  const vs = fields.get(manager);
  if (!vs) return;
  const set = vs.set.difference(STRIP_SET);
  if (set.empty()) fields.delete(manager);
  else fields.set(manager, { ...vs, set });
}

// ---------------------------------------------------------------------------
// Conflicts

/** How a conflict names a manager: "name", with its subresource, and "using <version>" for updaters. */
export function printManager(id: string): string {
  const p = parseIdentifier(id);
  let s = JSON.stringify(p.manager ?? '');
  if (p.subresource) s += ` with subresource ${JSON.stringify(p.subresource)}`;
  if (p.operation === 'Update') s += ` using ${p.apiVersion ?? ''}`;
  return s;
}

function conflictMessage(conflicts: readonly Conflict[]): string {
  if (conflicts.length === 1) {
    return `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0].manager)}: ${pathString(conflicts[0].path)}`;
  }
  const byManager = new Map<string, Path[]>();
  for (const c of conflicts) {
    const l = byManager.get(c.manager);
    if (l) l.push(c.path);
    else byManager.set(c.manager, [c.path]);
  }
  const lines: string[] = [];
  for (const m of [...byManager.keys()].sort()) {
    lines.push(`conflicts with ${printManager(m)}:`);
    for (const p of byManager.get(m)!) lines.push(`- ${pathString(p)}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** The 409 an apply with conflicts answers. */
export function newConflictError(conflicts: readonly Conflict[]): ApiError {
  const causes: StatusCause[] = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.manager)}`,
    field: pathString(c.path),
  }));
  return new ApiError(409, 'Conflict', conflictMessage(conflicts), { causes });
}

// ---------------------------------------------------------------------------
// last-applied-configuration

function hasLastApplied(o: KObject): boolean {
  const a = metaOf(o)?.annotations;
  return isObj(a) && typeof a[LAST_APPLIED_ANNOTATION] === 'string' && (a[LAST_APPLIED_ANNOTATION] as string).length > 0;
}

/** The annotation value kubectl would write for a configuration: the configuration without the annotation itself. */
export function buildLastApplied(applied: KObject): string {
  const o = clone(applied);
  const m = metaOf(o);
  if (m && 'annotations' in m) {
    if (isObj(m.annotations)) delete m.annotations[LAST_APPLIED_ANNOTATION];
    else delete m.annotations;
  }
  return goJson(o) + '\n';
}

function setLastApplied(o: KObject, value: string): void {
  let m = metaOf(o);
  if (!m) {
    m = {};
    o.metadata = m;
  }
  const annotations: Record<string, unknown> = isObj(m.annotations) ? m.annotations : {};
  annotations[LAST_APPLIED_ANNOTATION] = value;
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) total += Buffer.byteLength(k) + Buffer.byteLength(typeof v === 'string' ? v : '');
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT) delete annotations[LAST_APPLIED_ANNOTATION];
  m.annotations = annotations;
}

// ---------------------------------------------------------------------------
// Field manager names

const FIELD_MANAGER_MAX_LENGTH = 128;

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
function isPrint(cp: number): boolean {
  if (cp === 0x20) return true;
  return /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(cp));
}

/** The manager recorded for a write without fieldManager: the user agent up to its first "/", printable characters only, at most 128 bytes. */
export function managerFromUserAgent(userAgent: string | undefined): string {
  const prefix = (userAgent ?? '').split('/')[0];
  let out = '';
  let bytes = 0;
  for (const ch of prefix) {
    const cp = ch.codePointAt(0)!;
    if (!isPrint(cp)) continue;
    const n = Buffer.byteLength(ch);
    if (bytes + n > FIELD_MANAGER_MAX_LENGTH) break;
    out += ch;
    bytes += n;
  }
  return out;
}

function formatRune(cp: number): string {
  return 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
}

/** The field errors of a fieldManager query parameter (required for apply; at most 128 bytes; printable). */
export function fieldManagerErrors(name: string | undefined, isApply: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (isApply && !name) errs.push({ type: 'FieldValueRequired', field: 'fieldManager', detail: 'is required for apply patch' });
  if (name) {
    if (Buffer.byteLength(name) > FIELD_MANAGER_MAX_LENGTH) {
      errs.push({ type: 'FieldValueTooLong', field: 'fieldManager', value: name, detail: `may not be more than ${FIELD_MANAGER_MAX_LENGTH} bytes` });
    }
    let pos = 0;
    for (const ch of name) {
      const cp = ch.codePointAt(0)!;
      if (!isPrint(cp)) {
        errs.push({ type: 'FieldValueInvalid', field: 'fieldManager', value: name, detail: `invalid character ${formatRune(cp)} (at position ${pos})` });
      }
      pos += Buffer.byteLength(ch);
    }
  }
  return errs;
}

/**
 * Throws the 422 upstream answers for a bad fieldManager: missing on apply,
 * longer than 128 bytes, or with unprintable characters. `optionsKind` names
 * the options of the request (PatchOptions, CreateOptions, UpdateOptions).
 */
export function validateFieldManager(
  name: string | undefined,
  isApply: boolean,
  optionsKind: 'PatchOptions' | 'CreateOptions' | 'UpdateOptions' = 'PatchOptions',
): void {
  const errs = fieldManagerErrors(name, isApply);
  if (errs.length > 0) throw invalid(optionsKind, 'meta.k8s.io', '', errs);
}
