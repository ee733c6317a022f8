// The generic store: create, get, list, watch, update, delete and
// deletecollection for any resource, driven by the resource's Strategy.
// Modelled on k8s.io/apiserver/pkg/registry/generic/registry/store.go.
//
// Objects are kept in their storage version as JSON; metadata.resourceVersion
// is never stored, it is the storage revision of the key, set on read.
import type { Storage, KeyValue } from '../../storage/interface.js';
import { StorageError } from '../../storage/interface.js';
import type { CacheHub, ResourceCache, CachedObject, CacheWatcher, CacheWatcherSink, OutEvent } from '../../storage/cacher/CacheHub.js';
import type { ResourceInfo } from '../../api/catalogue.js';
import type { Strategy, RequestContext, ResourceHooks } from './strategy.js';
import type { AdmissionChain } from '../../admission/chain.js';
import { type FieldManager, managerFromUserAgent } from '../../machinery/managedfields/index.js';
import {
  ApiError,
  alreadyExists,
  badRequest,
  conflict,
  expired,
  internalError,
  invalid,
  notFound,
  timeout,
  OBJECT_MODIFIED,
  type FieldError,
  type GroupResource,
} from '../../machinery/errors.js';
import { deepClone, deepEqual, generatedName, meta, newUid, nowTimestamp, type KObject } from '../../machinery/objects.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../machinery/validation.js';
import type { FieldSelector, LabelSelector } from '../../machinery/selectors.js';

export interface ListParams {
  namespace: string;
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  limit?: number;
  continueToken?: string;
  resourceVersion?: string;
  resourceVersionMatch?: string;
}

export interface ListOutcome {
  items: KObject[];
  /** when served from the watch cache: the cache entries behind items (shared, read-only) */
  cached?: CachedObject[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

export interface WatchParams {
  namespace: string;
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  resourceVersion?: string;
  resourceVersionMatch?: string;
  sendInitialEvents?: boolean;
  allowWatchBookmarks: boolean;
}

export interface WatchSession {
  /** events up to "now" (initial state or replay) to send first */
  initial: OutEvent[];
  /** revision the initial events reach */
  rv: number;
  watcher: CacheWatcher;
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface DeleteOutcome {
  /** the object as it is after the call: gone (deleted=true) or pending deletion */
  obj: KObject;
  deleted: boolean;
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');
}

function decodeContinue(tok: string, prefix: string): ContinueToken {
  let parsed: ContinueToken;
  try {
    const text = Buffer.from(tok, 'base64').toString('utf8');
    parsed = JSON.parse(text) as ContinueToken;
  } catch {
    throw badRequest('continue key is not valid: illegal base64 data at input byte 0');
  }
  if (parsed?.v !== 'meta.k8s.io/v1') throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (!parsed.start || typeof parsed.start !== 'string') throw badRequest('continue key is not valid: encoded start key empty');
  if (typeof parsed.rv !== 'number' || parsed.rv <= 0) throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  // the start key is relative to the collection prefix; refuse escapes
  const s = parsed.start.startsWith('/') ? parsed.start.slice(1) : parsed.start;
  if (s.split('/').some((p) => p === '..' || p === '.')) throw badRequest('continue key is not valid: path traversal');
  return { ...parsed, start: prefix + s };
}

export function parseResourceVersion(rv: string | undefined, what = 'resourceVersion'): number | undefined {
  if (rv === undefined || rv === '') return undefined;
  if (!/^\d+$/.test(rv) || rv.length > 19) throw badRequest(`invalid ${what}: ${rv}`);
  return Number(rv);
}

const expiredContinueMessage =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export class Store {
  readonly gr: GroupResource;
  private cache!: ResourceCache;
  readonly prefix: string;

  constructor(
    readonly info: ResourceInfo,
    readonly storage: Storage,
    readonly hub: CacheHub,
    readonly strategy: Strategy,
    readonly hooks: ResourceHooks = {},
    readonly admission?: AdmissionChain,
    /** maintains metadata.managedFields on every write (server-side apply's bookkeeping) */
    readonly fieldManager?: FieldManager,
  ) {
    this.gr = { group: info.group, resource: info.resource };
    this.prefix = info.storagePrefix + '/';
  }

  async init(): Promise<void> {
    this.cache = await this.hub.register(
      this.prefix,
      (key, value, rv) => this.decode(value, rv),
      (o) => this.fieldsOf(o),
    );
  }

  get storageApiVersion(): string {
    return this.info.storageVersion;
  }

  // ---- keys and encoding ---------------------------------------------------

  key(namespace: string, name: string): string {
    return this.info.namespaced ? `${this.prefix}${namespace}/${name}` : `${this.prefix}${name}`;
  }

  private scopePrefix(namespace: string): string {
    return this.info.namespaced && namespace ? `${this.prefix}${namespace}/` : this.prefix;
  }

  decode(value: string, rv: number): KObject {
    const obj = JSON.parse(value) as KObject;
    meta(obj).resourceVersion = String(rv);
    obj.apiVersion ??= this.info.storageVersion;
    obj.kind ??= this.info.kind;
    this.strategy.fromStorage?.(obj);
    return obj;
  }

  private encode(obj: KObject): string {
    const m = meta(obj);
    const rv = m.resourceVersion;
    delete m.resourceVersion;
    const s = JSON.stringify(obj);
    if (rv !== undefined) m.resourceVersion = rv;
    return s;
  }

  private fromKv(kv: KeyValue): KObject {
    return this.decode(kv.value, kv.modRevision);
  }

  fieldsOf(obj: KObject): Record<string, string> {
    const m = obj.metadata ?? {};
    const base: Record<string, string> = { 'metadata.name': m.name ?? '' };
    if (this.info.namespaced) base['metadata.namespace'] = m.namespace ?? '';
    return this.strategy.selectableFields ? { ...base, ...this.strategy.selectableFields(obj) } : base;
  }

  /** supported field-selector labels, for error messages */
  supportedFields(): string[] {
    const sample: KObject = { metadata: { name: '', namespace: '' } };
    return Object.keys(this.fieldsOf(sample));
  }

  checkFieldSelector(fs: FieldSelector): void {
    if (fs.empty) return;
    const ok = new Set(this.supportedFields());
    for (const r of fs.requirements) {
      if (!ok.has(r.field)) throw badRequest(`field label not supported: ${r.field}`);
    }
  }

  private mapStorageError(e: unknown, name: string): never {
    if (e instanceof StorageError) {
      switch (e.code) {
        case 'KeyExists':
          throw alreadyExists(this.gr, name);
        case 'NotFound':
          throw notFound(this.gr, name);
        case 'Conflict':
          throw conflict(this.gr, name, OBJECT_MODIFIED);
        case 'Compacted':
          throw expired(`too old resource version: ${e.compactedRevision ?? ''}`);
        case 'Unavailable':
          throw new ApiError(503, 'ServiceUnavailable', e.message);
      }
    }
    if (e instanceof ApiError) throw e;
    throw internalError(e);
  }

  // ---- reads -----------------------------------------------------------------

  async get(namespace: string, name: string, resourceVersion?: string): Promise<KObject> {
    return deepClone((await this.getCached(namespace, name, resourceVersion)).obj);
  }

  /**
   * Read one object from the watch cache: without a resourceVersion the cache
   * first catches up with the storage's current revision (a consistent read);
   * with one, any state not older than it will do. The entry is shared: do
   * not modify it.
   */
  async getCached(namespace: string, name: string, resourceVersion?: string): Promise<CachedObject> {
    const rv = parseResourceVersion(resourceVersion);
    const key = this.key(namespace, name);
    if (rv === undefined) {
      try {
        await this.hub.sync();
      } catch (e) {
        this.mapStorageError(e, name);
      }
    } else if (rv > 0) await this.waitForRv(rv);
    const c = this.cache.items.get(key);
    if (!c) throw notFound(this.gr, name);
    return c;
  }

  private async waitForRv(rv: number): Promise<void> {
    if (this.hub.rv >= rv) return;
    const ok = await this.hub.waitFor(rv, 3000);
    if (!ok) {
      const e = timeout(`Too large resource version: ${rv}, current: ${this.hub.rv}`, 1);
      if (e.details) e.details.causes = [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }];
      throw e;
    }
  }

  private matcher(p: { labelSelector: LabelSelector; fieldSelector: FieldSelector }): (o: CachedObject) => boolean {
    const ls = p.labelSelector;
    const fs = p.fieldSelector;
    if (ls.empty && fs.empty) return () => true;
    return (o) => ls.matches(o.obj.metadata?.labels ?? undefined) && fs.matches(o.fields);
  }

  async list(p: ListParams): Promise<ListOutcome> {
    this.checkFieldSelector(p.fieldSelector);
    const rv = parseResourceVersion(p.resourceVersion);
    const match = p.resourceVersionMatch;
    if (match && match !== 'NotOlderThan' && match !== 'Exact')
      throw badRequest(`resourceVersionMatch: Unsupported value: "${match}": supported values: "Exact", "NotOlderThan"`);
    if (match && rv === undefined)
      throw new ApiError(422, 'Invalid', `resourceVersionMatch is forbidden unless resourceVersion is provided`);
    if (p.continueToken && rv !== undefined && rv !== 0)
      throw new ApiError(422, 'Invalid', `specifying resource version is not allowed when using continue`);
    if (match === 'Exact' && rv === 0) throw new ApiError(422, 'Invalid', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"');
    const limit = p.limit && p.limit > 0 ? p.limit : 0;
    const scope = this.scopePrefix(p.namespace);
    const keep = this.matcher(p);

    // Paginated reads and exact-revision reads go to storage (snapshots at a revision).
    if (p.continueToken || (limit && rv !== 0) || match === 'Exact') {
      let at: number;
      let start = scope;
      if (p.continueToken) {
        const tok = decodeContinue(p.continueToken, this.prefix);
        if (!tok.start.startsWith(scope)) throw badRequest('continue key is not valid: the key is outside the requested scope');
        at = tok.rv;
        start = tok.start;
      } else if (rv !== undefined && rv > 0) {
        at = rv;
        if (match !== 'Exact') {
          // NotOlderThan with limit: any revision >= rv; use the newest
          await this.waitForRv(rv);
          at = 0;
        }
      } else {
        at = 0;
      }
      return this.listFromStorage(scope, start, at, limit, keep, Boolean(p.continueToken));
    }

    // Everything else is served from the watch cache.
    if (rv === undefined) {
      // consistent read: the cache must have seen the storage's current revision
      try {
        await this.hub.sync();
      } catch (e) {
        this.mapStorageError(e, '');
      }
    } else if (rv > 0) {
      await this.waitForRv(rv);
    }
    const cached: CachedObject[] = [];
    for (const o of this.cache.list(scope)) if (keep(o)) cached.push(o);
    return { items: cached.map((c) => c.obj), cached, resourceVersion: String(this.hub.rv) };
  }

  private async listFromStorage(
    scope: string,
    start: string,
    at: number,
    limit: number,
    keep: (o: CachedObject) => boolean,
    continuing: boolean,
  ): Promise<ListOutcome> {
    const items: KObject[] = [];
    let readAt = at;
    let next = start;
    let more = false;
    let lastKey = '';
    let count: number | undefined;
    const want = limit || Number.MAX_SAFE_INTEGER;
    try {
      for (;;) {
        const page = await this.storage.list(scope, { revision: readAt || undefined, limit: limit ? Math.max(limit, 1) : undefined, startKey: next });
        readAt = page.revision;
        for (const kv of page.items) {
          const obj = this.fromKv(kv);
          lastKey = kv.key;
          if (keep({ key: kv.key, obj, rv: kv.modRevision, fields: this.fieldsOf(obj) })) items.push(obj);
          if (items.length >= want) break;
        }
        count = page.count;
        if (items.length >= want) {
          const idx = page.items.findIndex((kv) => kv.key === lastKey);
          more = idx < page.items.length - 1 || page.more;
          if (more && count !== undefined) count = count - (idx + 1);
          break;
        }
        if (!page.more || page.items.length === 0) {
          more = false;
          break;
        }
        next = page.items[page.items.length - 1].key + '\x00';
      }
    } catch (e) {
      if (e instanceof StorageError && e.code === 'Compacted') {
        if (continuing) throw expired(expiredContinueMessage);
        throw expired(`too old resource version: ${at} (${e.compactedRevision ?? ''})`);
      }
      this.mapStorageError(e, '');
    }
    const out: ListOutcome = { items, resourceVersion: String(readAt) };
    if (more) {
      out.continueToken = encodeContinue(readAt, lastKey.slice(this.prefix.length) + '\x00');
      // remainingItemCount is only known without selectors
      if (count !== undefined && count >= 0) out.remainingItemCount = count;
    }
    return out;
  }

  /** Start a watch; the caller writes session.initial, then live events arrive at the sink. */
  async watch(p: WatchParams, sink: CacheWatcherSink, exactName?: string): Promise<WatchSession> {
    this.checkFieldSelector(p.fieldSelector);
    const rv = parseResourceVersion(p.resourceVersion);
    const scope = this.scopePrefix(p.namespace);
    const keep = this.matcher(p);
    const filter = {
      keyPrefix: scope,
      exactKey: exactName !== undefined ? this.key(p.namespace, exactName) : undefined,
      matches: keep,
    };
    const inScope = (o: CachedObject) => (filter.exactKey !== undefined ? o.key === filter.exactKey : o.key.startsWith(scope));

    const sendInitial = p.sendInitialEvents ?? (rv === undefined || rv === 0);
    if (p.sendInitialEvents !== undefined) {
      if (p.resourceVersionMatch !== 'NotOlderThan')
        throw new ApiError(422, 'Invalid', `resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan`);
      if (p.sendInitialEvents && !p.allowWatchBookmarks)
        throw new ApiError(422, 'Invalid', `allowWatchBookmarks: Forbidden: sendInitialEvents requires setting allowWatchBookmarks to true`);
    } else if (p.resourceVersionMatch) {
      throw new ApiError(422, 'Invalid', `resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided`);
    }

    if (sendInitial) {
      if (rv === undefined) {
        try {
          await this.hub.sync();
        } catch (e) {
          this.mapStorageError(e, '');
        }
      } else if (rv > 0) await this.waitForRv(rv);
      // snapshot and subscribe in the same tick: no event can fall between
      const initial: OutEvent[] = [];
      for (const o of this.cache.list(scope)) if (inScope(o) && keep(o)) initial.push({ type: 'ADDED', object: o.obj });
      const watcher = this.cache.addWatcher(filter, sink);
      return { initial, rv: this.hub.rv, watcher };
    }

    // replay from rv
    const from = rv!;
    if (from > this.hub.rv) await this.waitForRv(from);
    const events = this.cache.eventsSince(from);
    if (events === null) throw expired(`too old resource version: ${from} (${this.cache.historyStart + 1})`);
    const watcher = this.cache.addWatcher(filter, sink);
    const initial: OutEvent[] = [];
    const replay: OutEvent[] = [];
    const collect: CacheWatcherSink = { deliver: (evs) => replay.push(...evs), closed: () => undefined };
    // reuse the watcher's translation for the replayed events
    const tmp = this.cache.addWatcher(filter, collect);
    tmp.push(events);
    tmp.stop();
    initial.push(...replay);
    return { initial, rv: this.hub.rv, watcher };
  }

  // ---- writes ----------------------------------------------------------------

  private validationError(obj: KObject, errs: FieldError[]): ApiError {
    return invalid(this.info.kind, this.info.group, obj.metadata?.name ?? obj.metadata?.generateName ?? '', errs);
  }

  /** Metadata the server owns on create. */
  private prepareMetaForCreate(obj: KObject, ctx: RequestContext): void {
    const m = meta(obj);
    if (m.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
    if (this.info.namespaced) {
      if (!m.namespace) m.namespace = ctx.namespace;
      else if (ctx.namespace && m.namespace !== ctx.namespace)
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    } else if (m.namespace === '') {
      delete m.namespace;
    }
    if (!m.name && m.generateName) m.name = generatedName(m.generateName);
    m.uid = newUid();
    m.creationTimestamp = nowTimestamp();
    delete m.deletionTimestamp;
    delete m.deletionGracePeriodSeconds;
    delete m.selfLink;
    if (this.strategy.generation) m.generation = 1;
    else delete m.generation;
    if (m.labels && Object.keys(m.labels).length === 0) delete m.labels;
    if (m.annotations && Object.keys(m.annotations).length === 0) delete m.annotations;
  }

  /** the field manager of a write: ?fieldManager=, else the User-Agent's program name */
  managerOf(ctx: RequestContext): string {
    return ctx.fieldManager || (ctx.userAgent ? managerFromUserAgent(ctx.userAgent) : 'kube-apiserver');
  }

  /** fields whose ownership a write through this (sub)resource does not take */
  resetFields(subresource: string): string[][] | undefined {
    if (!subresource || subresource === 'scale') return this.strategy.hasStatus ? [['status']] : undefined;
    if (subresource === 'status') return [['spec']];
    return undefined;
  }

  /** set metadata.managedFields of obj for a non-apply write (live undefined: a create) */
  private trackFields(ctx: RequestContext, live: KObject | undefined, obj: KObject): void {
    if (!this.fieldManager || ctx.managedFieldsDone) return;
    const sub = ctx.subresource || undefined;
    const out = this.fieldManager.update(live, obj, this.managerOf(ctx), { subresource: sub, resetFields: this.resetFields(ctx.subresource) });
    const mf = out.metadata?.managedFields;
    if (mf && mf.length) meta(obj).managedFields = mf;
    else delete meta(obj).managedFields;
  }

  async create(ctx: RequestContext, input: KObject): Promise<KObject> {
    const obj = deepClone(input);
    this.prepareMetaForCreate(obj, ctx);
    this.strategy.prepareForCreate?.(obj, ctx);
    this.strategy.defaults?.(obj);
    this.trackFields(ctx, undefined, obj);
    const errs = [
      ...validateObjectMeta(obj, { namespaced: this.info.namespaced, nameRule: this.strategy.nameRule ?? 'subdomain' }),
      ...(this.strategy.validate?.(obj, ctx) ?? []),
    ];
    if (errs.length) throw this.validationError(obj, errs);
    ctx.warnings?.push(...(this.strategy.warnings?.(obj, undefined) ?? []));
    const m = meta(obj);
    await this.admission?.admit({ operation: 'CREATE', resource: this.info, namespace: m.namespace ?? '', name: m.name!, obj, ctx });
    const key = this.key(m.namespace ?? '', m.name!);
    if (ctx.dryRun) {
      const existing = await this.storage.get(key).catch((e) => this.mapStorageError(e, m.name!));
      if (existing) throw alreadyExists(this.gr, m.name!);
      await this.hooks.beforeCreate?.(obj, ctx);
      await this.hooks.rollbackCreate?.(obj, ctx);
      return obj;
    }
    if (this.hooks.beforeCreate) {
      // an existing object is reported as such before anything is allocated for the new one
      const existing = await this.storage.get(key).catch((e) => this.mapStorageError(e, m.name!));
      if (existing) throw alreadyExists(this.gr, m.name!);
      await this.hooks.beforeCreate(obj, ctx);
    }
    let kv: KeyValue;
    try {
      kv = await this.storage.create(key, this.encode(obj));
    } catch (e) {
      await this.hooks.rollbackCreate?.(obj, ctx).catch(() => undefined);
      if (e instanceof StorageError && e.code === 'KeyExists' && input.metadata?.generateName && !input.metadata?.name) {
        // generated name collision: upstream reports AlreadyExists too, callers retry
        throw alreadyExists(this.gr, m.name!);
      }
      this.mapStorageError(e, m.name!);
    }
    return this.fromKv(kv);
  }

  /**
   * Apply `mutate` to the current object and write it back, retrying on
   * conflicts when the caller did not pin a resourceVersion.
   */
  async guaranteedUpdate(
    ctx: RequestContext,
    namespace: string,
    name: string,
    mutate: (current: KObject | null) => Promise<KObject> | KObject,
    opts: { allowCreate?: boolean; pinned?: boolean } = {},
  ): Promise<{ obj: KObject; created: boolean }> {
    const key = this.key(namespace, name);
    for (let attempt = 0; ; attempt++) {
      // The first attempt starts from the watch cache's copy, which saves a storage
      // read per write; that copy may trail storage by a few events, so any failure
      // on it (a stale resourceVersion, a lost compare-and-swap, an error the update
      // function raised) is retried once from a fresh read, as upstream's
      // GuaranteedUpdate does with its cached object.
      const cached = attempt === 0 ? this.cache.items.get(key) : undefined;
      let kv: KeyValue | null;
      let current: KObject | null;
      if (cached) {
        kv = { key, value: '', createRevision: 0, modRevision: cached.rv };
        current = deepClone(cached.obj);
      } else {
        try {
          kv = await this.storage.get(key);
        } catch (e) {
          this.mapStorageError(e, name);
        }
        current = kv ? this.fromKv(kv) : null;
      }
      try {
        const next = await mutate(current ? deepClone(current) : null);
        if (!current) {
          if (!opts.allowCreate) throw notFound(this.gr, name);
          const created = await this.create(ctx, next);
          return { obj: created, created: true };
        }
        return { obj: await this.writeUpdate(ctx, key, kv!, current, next, Boolean(cached)), created: false };
      } catch (e) {
        if (cached) continue;
        const retriable = e instanceof StorageError && (e.code === 'Conflict' || e.code === 'KeyExists' || e.code === 'NotFound');
        if (retriable && !opts.pinned && attempt < 8) continue;
        this.mapStorageError(e, name);
      }
    }
  }

  /** Run the update pipeline for a new version of an existing object and store it. */
  private async writeUpdate(ctx: RequestContext, key: string, kv: KeyValue, current: KObject, next: KObject, fromCache = false): Promise<KObject> {
    const obj = next;
    const m = meta(obj);
    const o = meta(current);
    const name = o.name!;
    if (m.resourceVersion && m.resourceVersion !== o.resourceVersion) throw conflict(this.gr, name, OBJECT_MODIFIED);
    // system fields the client cannot change
    if (!m.uid) m.uid = o.uid;
    if (o.creationTimestamp) m.creationTimestamp = o.creationTimestamp;
    if (o.deletionTimestamp) m.deletionTimestamp = o.deletionTimestamp;
    else delete m.deletionTimestamp;
    if (o.deletionGracePeriodSeconds !== undefined && m.deletionGracePeriodSeconds === undefined) m.deletionGracePeriodSeconds = o.deletionGracePeriodSeconds;
    if (this.info.namespaced && !m.namespace) m.namespace = o.namespace;
    if (!this.info.namespaced && m.namespace === '') delete m.namespace;
    if (o.generation !== undefined) m.generation = o.generation;
    else delete m.generation;
    delete m.selfLink;
    if (m.labels && Object.keys(m.labels).length === 0) delete m.labels;
    if (m.annotations && Object.keys(m.annotations).length === 0) delete m.annotations;

    const isStatus = ctx.subresource === 'status';
    if (isStatus) {
      // status changes, and (as most upstream status strategies allow) the object's
      // labels, annotations, finalizers and owner references; the spec and everything
      // else come from the stored object. Resources whose status strategy resets
      // metadata (custom resources, CRDs) keep the stored metadata whole.
      const status = obj.status;
      const keepMeta = { resourceVersion: m.resourceVersion };
      const sent = this.strategy.statusResetsMetadata ? undefined : m;
      for (const k of Object.keys(obj)) delete obj[k];
      Object.assign(obj, deepClone(current));
      if (status === undefined) delete obj.status;
      else obj.status = status;
      const nm = meta(obj);
      if (sent) {
        for (const f of ['labels', 'annotations', 'finalizers', 'ownerReferences'] as const) {
          if (sent[f] === undefined) delete nm[f];
          else (nm as Record<string, unknown>)[f] = sent[f];
        }
      }
      nm.resourceVersion = keepMeta.resourceVersion ?? o.resourceVersion;
      this.strategy.prepareForStatusUpdate?.(obj, current, ctx);
    } else if (ctx.subresource === '' || ctx.subresource === 'scale') {
      // a scale write is an update of the main resource (recorded as "scale" in managedFields)
      if (this.strategy.hasStatus) {
        if (current.status === undefined) delete obj.status;
        else obj.status = deepClone(current.status);
      }
      this.strategy.prepareForUpdate?.(obj, current, ctx);
      if (this.strategy.generation && this.specChanged(obj, current)) m.generation = (o.generation ?? 0) + 1;
    } else {
      // other subresources (binding, approval, finalize, ephemeralcontainers, resize):
      // the strategy decides what may change
      this.strategy.prepareForUpdate?.(obj, current, ctx);
    }
    this.strategy.defaults?.(obj);
    this.trackFields(ctx, current, obj);
    const errs = [
      ...validateObjectMeta(obj, { namespaced: this.info.namespaced, nameRule: this.strategy.nameRule ?? 'subdomain' }),
      ...validateObjectMetaUpdate(obj, current),
      ...(isStatus ? this.strategy.validateStatusUpdate?.(obj, current, ctx) ?? [] : this.strategy.validateUpdate?.(obj, current, ctx) ?? []),
    ];
    if (errs.length) throw this.validationError(obj, errs);
    ctx.warnings?.push(...(this.strategy.warnings?.(obj, current) ?? []));
    await this.admission?.admit({ operation: 'UPDATE', resource: this.info, namespace: o.namespace ?? '', name, obj, old: current, ctx });

    // a pending deletion completes when the last finalizer goes
    const finishDeletion =
      Boolean(m.deletionTimestamp) &&
      !(m.finalizers && m.finalizers.length) &&
      !(this.strategy.deletionBlockers?.(obj) ?? []).length &&
      (m.deletionGracePeriodSeconds ?? 0) === 0;
    const unchanged = this.sameIgnoringRv(obj, current);
    if (ctx.dryRun) return obj;
    if (finishDeletion) {
      try {
        await this.storage.delete(key, kv.modRevision);
      } catch (e) {
        if (e instanceof StorageError && e.code === 'Conflict') throw e;
        this.mapStorageError(e, name);
      }
      await this.hooks.afterDelete?.(obj, ctx).catch(() => undefined);
      return obj;
    }
    // a no-op against the cache's copy proves nothing: storage may already hold something newer
    if (unchanged && fromCache) throw new StorageError('Conflict', 'unchanged against the cached copy; verify against storage');
    if (unchanged) return current;
    await this.hooks.beforeUpdate?.(obj, current, ctx);
    const written = await this.storage.update(key, this.encode(obj), kv.modRevision);
    return this.fromKv(written);
  }

  private specChanged(a: KObject, b: KObject): boolean {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (k === 'metadata' || k === 'status' || k === 'apiVersion' || k === 'kind') continue;
      if (!deepEqual(a[k], b[k])) return true;
    }
    return false;
  }

  private sameIgnoringRv(a: KObject, b: KObject): boolean {
    const am = a.metadata ?? {};
    const bm = b.metadata ?? {};
    const rvA = am.resourceVersion;
    const rvB = bm.resourceVersion;
    am.resourceVersion = undefined;
    bm.resourceVersion = undefined;
    const same = deepEqual(a, b);
    am.resourceVersion = rvA;
    bm.resourceVersion = rvB;
    return same;
  }

  /** PUT of a whole object (main resource or a subresource such as status). */
  async update(ctx: RequestContext, namespace: string, name: string, input: KObject): Promise<{ obj: KObject; created: boolean }> {
    const m = input.metadata ?? {};
    if (m.name !== undefined && m.name !== name) throw badRequest(`the name of the object (${m.name}) does not match the name on the URL (${name})`);
    if (this.info.namespaced && m.namespace && m.namespace !== namespace)
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    const pinned = Boolean(m.resourceVersion);
    if (!pinned && !this.strategy.allowUnconditionalUpdate && !(ctx.subresource === '' && this.strategy.allowCreateOnUpdate)) {
      // checked against the stored object below: only a create may omit it
    }
    return this.guaranteedUpdate(
      ctx,
      namespace,
      name,
      (current) => {
        const next = deepClone(input);
        const nm = meta(next);
        nm.name = name;
        if (this.info.namespaced) nm.namespace = namespace;
        // a uid in the body is a precondition (as upstream's updated-object info makes it)
        if (current && m.uid && m.uid !== current.metadata?.uid)
          throw conflict(this.gr, name, `Precondition failed: UID in precondition: ${m.uid}, UID in object meta: ${current.metadata?.uid ?? ''}`);
        if (current && !pinned && !this.strategy.allowUnconditionalUpdate) {
          throw invalid(this.info.kind, this.info.group, name, [
            { type: 'FieldValueInvalid', field: 'metadata.resourceVersion', value: 0, detail: 'must be specified for an update', omitValue: false },
          ]);
        }
        return next;
      },
      { allowCreate: ctx.subresource === '' && Boolean(this.strategy.allowCreateOnUpdate), pinned },
    );
  }

  async delete(ctx: RequestContext, namespace: string, name: string, opts: DeleteOptions): Promise<DeleteOutcome> {
    const key = this.key(namespace, name);
    for (let attempt = 0; ; attempt++) {
      let kv: KeyValue | null;
      try {
        kv = await this.storage.get(key);
      } catch (e) {
        this.mapStorageError(e, name);
      }
      if (!kv) throw notFound(this.gr, name);
      const current = this.fromKv(kv);
      const cm = meta(current);
      const pre = opts.preconditions;
      if (pre?.uid && pre.uid !== cm.uid)
        throw conflict(this.gr, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${cm.uid}`);
      if (pre?.resourceVersion && pre.resourceVersion !== cm.resourceVersion)
        throw conflict(
          this.gr,
          name,
          `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cm.resourceVersion}`,
        );
      if (opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds < 0) opts.gracePeriodSeconds = 0;
      if (attempt === 0) await this.admission?.admit({ operation: 'DELETE', resource: this.info, namespace, name, old: current, ctx });

      // finalizers requested by the propagation policy
      const wanted = new Set(cm.finalizers ?? []);
      const policy = opts.propagationPolicy ?? (opts.orphanDependents === true ? 'Orphan' : opts.orphanDependents === false ? 'Background' : undefined);
      if (policy === 'Orphan') {
        wanted.add('orphan');
        wanted.delete('foregroundDeletion');
      } else if (policy === 'Foreground') {
        wanted.add('foregroundDeletion');
        wanted.delete('orphan');
      } else if (policy === 'Background') {
        wanted.delete('orphan');
        wanted.delete('foregroundDeletion');
      }
      // policies only add finalizers for objects that have dependents tracking (all resources here)
      const grace = this.strategy.gracefulDeletionSeconds?.(current, opts.gracePeriodSeconds) ?? 0;
      const hasFinalizers = wanted.size > 0;
      // finalizers a resource keeps outside metadata (a namespace's spec.finalizers)
      const blocked = (this.strategy.deletionBlockers?.(current) ?? []).length > 0;

      if (!hasFinalizers && !blocked && grace === 0) {
        if (ctx.dryRun) return { obj: current, deleted: true };
        try {
          const res = await this.storage.delete(key, kv.modRevision);
          const gone = this.decode(res.prev.value, res.revision);
          await this.hooks.afterDelete?.(gone, ctx).catch(() => undefined);
          return { obj: gone, deleted: true };
        } catch (e) {
          if (e instanceof StorageError && (e.code === 'Conflict' || e.code === 'NotFound') && attempt < 8) {
            if (e.code === 'NotFound') throw notFound(this.gr, name);
            continue;
          }
          this.mapStorageError(e, name);
        }
      }

      // pending deletion: mark and keep
      const next = deepClone(current);
      const nm = meta(next);
      const now = new Date();
      if (!nm.deletionTimestamp) {
        nm.deletionTimestamp = nowTimestamp(new Date(now.getTime() + grace * 1000));
        nm.deletionGracePeriodSeconds = grace;
      } else if (grace < (nm.deletionGracePeriodSeconds ?? 0)) {
        // a shorter grace period may replace a longer one
        nm.deletionTimestamp = nowTimestamp(new Date(now.getTime() + grace * 1000));
        nm.deletionGracePeriodSeconds = grace;
      }
      if (hasFinalizers) nm.finalizers = [...wanted];
      else delete nm.finalizers;
      this.strategy.beginDeletion?.(next);
      if (ctx.dryRun) return { obj: next, deleted: false };
      try {
        const written = await this.storage.update(key, this.encode(next), kv.modRevision);
        return { obj: this.fromKv(written), deleted: false };
      } catch (e) {
        if (e instanceof StorageError && e.code === 'Conflict' && attempt < 8) continue;
        this.mapStorageError(e, name);
      }
    }
  }

  async deleteCollection(ctx: RequestContext, p: ListParams, opts: DeleteOptions): Promise<KObject[]> {
    const listed = await this.list({ ...p, limit: undefined, continueToken: undefined });
    const out: KObject[] = [];
    // a few in parallel, as upstream's DeleteCollection workers do
    const queue = [...listed.items];
    const worker = async () => {
      for (;;) {
        const o = queue.shift();
        if (!o) return;
        try {
          const r = await this.delete(ctx, o.metadata?.namespace ?? '', o.metadata!.name!, { ...opts, preconditions: undefined });
          out.push(r.obj);
        } catch (e) {
          if (e instanceof ApiError && e.code === 404) continue;
          throw e;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(16, queue.length) }, worker));
    return out;
  }

  /** direct read of the cache (controllers in-process, bootstrap) */
  cached(namespace: string, name: string): KObject | undefined {
    return this.cache.items.get(this.key(namespace, name))?.obj;
  }

  /** every cached object (for allocators scanning what is in use) */
  cachedList(): KObject[] {
    return this.cache.list(this.prefix).map((c) => c.obj);
  }

  get cacheSize(): number {
    return this.cache.items.size;
  }
}
