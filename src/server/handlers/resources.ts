// The one handler for every resource request (/api/v1/..., /apis/G/V/...):
// resolves the resource in the catalogue, checks scope and verb, authorizes,
// decodes the body, calls the store (or a virtual resource or subresource
// handler), converts versions and encodes the answer (JSON, YAML, Table,
// PartialObjectMetadata).
import type { ParameterizedContext } from 'koa';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiCatalogue, ResourceInfo, SubresourceInfo } from '../../api/catalogue.js';
import { gvString } from '../../api/catalogue.js';
import type { Registry, VirtualResource } from '../../registry/Registry.js';
import type { Store, DeleteOptions, ListParams } from '../../registry/generic/Store.js';
import type { RequestContext, TableConvertor } from '../../registry/generic/strategy.js';
import { converterFor, convertFieldSelector } from '../../registry/conversion.js';
import { ApiError, badRequest, forbidden, methodNotAllowed, notFound, type Status } from '../../machinery/errors.js';
import { deepClone, isPlainObject, meta, type KObject } from '../../machinery/objects.js';
import { parseFieldSelector, parseLabelSelector } from '../../machinery/selectors.js';
import type { RequestInfo } from '../requestInfo.js';
import { bodyFormat, decodeBody, negotiate, readBody, type Negotiated, type Transform } from '../negotiation.js';
import type { UserInfo } from '../../auth/user.js';
import type { Authorizer } from '../../auth/authorizer.js';
import { defaultTableColumns, type Table, type TableRow } from '../../registry/generic/table.js';
import { serveWatch, sharedPayload } from '../watch.js';
import type { SubresourceHandlers } from './subresources.js';
import { applyPatch, type PatchType } from '../../machinery/patch/index.js';
import { decodeTyped } from '../../machinery/schema/typecheck.js';
import { duplicateFields, yamlDuplicateKeys } from '../../machinery/json/duplicates.js';
import { validateFieldManager } from '../../machinery/managedfields/index.js';
import { loadCrdModules } from '../../registry/apiextensions/modules.js';
import { yaml } from '../../machinery/yaml.js';
import { cachedJson, type CachedObject } from '../../storage/cacher/CacheHub.js';
import { encodeProtobufList, encodeProtobufObject, encodeProtobufWatchEvent, isProtobufKnownKind } from '../../machinery/protobuf/codec.js';

/** repeated keys of a JSON or YAML body, worded as the strict decoder words them */
function duplicatesIn(raw: Buffer, fmt: string): string[] {
  if (fmt === 'protobuf') return [];
  const text = raw.toString('utf8');
  if (fmt === 'yaml' || fmt === 'apply-patch') {
    const keys = yamlDuplicateKeys(text, (t, o) => yaml().parseDocument(t, o));
    return keys.length ? [`yaml: unmarshal errors:\n  ${keys.join('\n  ')}`] : [];
  }
  return duplicateFields(text).map((p) => `duplicate field "${p}"`);
}

/** protobuf form of a cached object, made once per object version */
const protoMemo = new WeakMap<CachedObject, Buffer>();
function cachedProtobuf(c: CachedObject): Buffer {
  let b = protoMemo.get(c);
  if (!b) {
    b = encodeProtobufObject(c.obj);
    protoMemo.set(c, b);
  }
  return b;
}

export interface HandlerDeps {
  catalogue: ApiCatalogue;
  registry: Registry;
  authorizer: Authorizer;
  subresources: SubresourceHandlers;
  /** server-wide limits for watch streams */
  watch: { minTimeoutSeconds: number; bookmarkIntervalMs: number; maxBufferedBytes: number };
  shuttingDown: () => boolean;
  trackWatch: (res: ServerResponse, stop: () => void, labels: { group: string; resource: string; scope: string }) => () => void;
}

const readVerbs = new Set(['get', 'list', 'watch']);

const knownWatchParams = new Set([
  'watch',
  'labelSelector',
  'fieldSelector',
  'resourceVersion',
  'resourceVersionMatch',
  'timeoutSeconds',
  'allowWatchBookmarks',
  'sendInitialEvents',
  'limit',
  'continue',
  'pretty',
  'timeout',
  'includeObject',
]);

/** A boolean query parameter as upstream's parameter codec reads it: anything but "0" and "false" (any case) is true. */
export function boolParam(q: URLSearchParams, name: string): boolean | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  return !(v === '0' || v.toLowerCase() === 'false');
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw badRequest(`invalid value for ${name}: ${JSON.stringify(v)}: must be an integer`);
  return Number(v);
}

function dryRunParam(q: URLSearchParams, bodyDryRun?: unknown): boolean {
  const vals = q.getAll('dryRun');
  if (Array.isArray(bodyDryRun)) vals.push(...(bodyDryRun as string[]));
  for (const v of vals) {
    if (v !== 'All')
      throw new ApiError(400, 'BadRequest', `Invalid dry run value: ${JSON.stringify(vals)}: supported values: "All"`, {
        causes: [{ reason: 'FieldValueNotSupported', message: `Unsupported value: "${v}": supported values: "All"`, field: 'dryRun' }],
      });
  }
  return vals.length > 0;
}

function fieldManagerParam(q: URLSearchParams, required: boolean, options: 'PatchOptions' | 'CreateOptions' | 'UpdateOptions' = 'PatchOptions'): string | undefined {
  const fm = q.get('fieldManager') ?? undefined;
  validateFieldManager(fm, required, options);
  return fm;
}

function fieldValidationParam(q: URLSearchParams): 'Strict' | 'Warn' | 'Ignore' {
  const v = q.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(`fieldValidation: Unsupported value: "${v}": supported values: "Ignore", "Strict", "Warn"`);
}

export class ResourceHandler {
  constructor(private readonly deps: HandlerDeps) {}

  async handle(ctx: ParameterizedContext, info: RequestInfo, user: UserInfo): Promise<void> {
    const { catalogue, registry } = this.deps;
    if (!catalogue.hasGroupVersion(info.group, info.version)) throw notFound404();
    const res = catalogue.lookup(info.group, info.version, info.resource);
    if (!res) throw notFound404();
    const q = new URLSearchParams(ctx.querystring);

    // scope
    const clusterPath = !info.namespace || (info.resource === 'namespaces' && !res.namespaced);
    if (!res.namespaced && info.namespace && info.resource !== 'namespaces') throw notFound404();
    if (res.namespaced && !info.namespace) {
      if (info.name) throw notFound404();
      if (info.verb !== 'list' && info.verb !== 'watch') throw methodNotAllowed(info.verb === 'create' ? 'POST' : info.verb === 'deletecollection' ? 'DELETE' : ctx.method, { group: res.group, resource: res.resource });
    }
    void clusterPath;

    let sub: SubresourceInfo | undefined;
    if (info.subresource) {
      sub = res.subresources.find((s) => s.name === info.subresource);
      if (!sub) throw notFound404();
    }
    const verb = this.discoveryVerb(info, sub);
    const allowed = sub ? sub.verbs : res.verbs;
    if (!allowed.includes(verb)) throw methodNotAllowed(ctx.method === 'GET' ? 'GET' : ctx.method, { group: res.group, resource: res.resource });

    // authorization
    const decision = await this.deps.authorizer.authorize({
      user,
      verb: info.verb,
      group: res.group,
      version: res.version,
      resource: res.resource,
      subresource: info.subresource,
      namespace: info.namespace,
      name: info.name,
      isResourceRequest: true,
      path: info.path,
    });
    if (decision.decision !== 'allow') {
      const what = info.subresource ? `${res.resource}/${info.subresource}` : res.resource;
      const scope = info.namespace ? ` in the namespace "${info.namespace}"` : ' at the cluster scope';
      const msg = `User "${user.name}" cannot ${info.verb} resource "${what}" in API group "${res.group}"${scope}${decision.reason ? `: ${decision.reason}` : ''}`;
      throw forbidden({ group: res.group, resource: res.resource }, info.name, msg);
    }

    const rctx: RequestContext = {
      user,
      namespace: info.namespace,
      dryRun: false,
      subresource: info.subresource,
      groupVersion: gvString(res.group, res.version),
      warnings: [],
      userAgent: ctx.get('User-Agent') || undefined,
    };
    try {
      await this.dispatch(ctx, info, res, sub, rctx, q);
    } finally {
      if (ctx.respond !== false && rctx.warnings?.length) addWarnings(ctx, [...new Set(rctx.warnings)]);
    }
  }

  private async dispatch(
    ctx: ParameterizedContext,
    info: RequestInfo,
    res: ResourceInfo,
    sub: SubresourceInfo | undefined,
    rctx: RequestContext,
    q: URLSearchParams,
  ): Promise<void> {
    const { registry } = this.deps;

    if (sub && !['status'].includes(sub.name)) {
      return this.deps.subresources.handle(ctx, { info, res, sub, rctx, q, handler: this });
    }

    // CRDs and custom resources need the schema and CEL machinery, loaded on first use
    if (res.custom || res.group === 'apiextensions.k8s.io') await loadCrdModules();
    const virtual = registry.virtualFor(res);
    if (virtual) return this.handleVirtual(ctx, info, res, virtual, rctx, q);

    const store = registry.storeFor(res);
    if (!store) throw notFound404();
    switch (info.verb) {
      case 'get':
        return this.get(ctx, res, store, info, q);
      case 'list':
        return this.list(ctx, res, store, info, q);
      case 'watch':
        return this.watch(ctx, res, store, info, q);
      case 'create':
        return this.create(ctx, res, store, info, rctx, q);
      case 'update':
        return this.update(ctx, res, store, info, rctx, q);
      case 'patch':
        return this.patch(ctx, res, store, info, rctx, q);
      case 'delete':
        return this.delete(ctx, res, store, info, rctx, q);
      case 'deletecollection':
        return this.deleteCollection(ctx, res, store, info, rctx, q);
      default:
        throw methodNotAllowed(ctx.method, { group: res.group, resource: res.resource });
    }
  }

  private discoveryVerb(info: RequestInfo, sub?: SubresourceInfo): string {
    if (sub && ['exec', 'attach', 'portforward', 'proxy'].includes(sub.name)) {
      return ({ GET: 'get', POST: 'create', PUT: 'update', DELETE: 'delete', PATCH: 'patch', HEAD: 'get', OPTIONS: 'get' } as Record<string, string>)[
        info.verb === 'get' ? 'GET' : info.verb === 'create' ? 'POST' : info.verb === 'update' ? 'PUT' : info.verb === 'delete' ? 'DELETE' : info.verb === 'patch' ? 'PATCH' : 'GET'
      ];
    }
    return info.verb;
  }

  // ---- representation ------------------------------------------------------

  /** storage version → the version of the request */
  toExternal(res: ResourceInfo, obj: KObject): KObject {
    const gv = gvString(res.group, res.version);
    if (gv !== res.storageVersion) {
      const c = converterFor(res.storageId);
      if (c) return c.fromStorage(obj, gv);
    }
    obj.apiVersion = gv;
    obj.kind = res.kind;
    return obj;
  }

  /** the version of the request → storage version */
  toInternal(res: ResourceInfo, obj: KObject): KObject {
    const gv = gvString(res.group, res.version);
    if (gv !== res.storageVersion) {
      const c = converterFor(res.storageId);
      if (c) return c.toStorage(obj, gv);
      const [g, v] = res.storageVersion.includes('/') ? res.storageVersion.split('/') : ['', res.storageVersion];
      obj.apiVersion = gvString(g, v);
    }
    return obj;
  }

  table(res: ResourceInfo, store: Store | undefined, virtual?: VirtualResource): TableConvertor | undefined {
    if (store?.strategy.tableFor) return store.strategy.tableFor(gvString(res.group, res.version));
    return store?.strategy.table ?? virtual?.table;
  }

  private tableOf(res: ResourceInfo, convertor: TableConvertor | undefined, objs: KObject[], includeObject: string, withColumns = true): Table {
    const now = new Date();
    const columns = convertor?.columns ?? defaultTableColumns;
    const rows: TableRow[] = objs.map((o) => {
      const cells = convertor ? convertor.cells(o, now) : [o.metadata?.name ?? '', o.metadata?.creationTimestamp ?? ''];
      const row: TableRow = { cells };
      if (includeObject === 'Object') row.object = o;
      else if (includeObject !== 'None') row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
      return row;
    });
    return {
      kind: 'Table',
      apiVersion: 'meta.k8s.io/v1',
      metadata: {},
      columnDefinitions: withColumns ? columns : [],
      rows,
    };
  }

  private includeObject(q: URLSearchParams): string {
    const v = q.get('includeObject') ?? 'Metadata';
    if (!['None', 'Metadata', 'Object'].includes(v)) throw badRequest(`includeObject: Unsupported value: "${v}": supported values: "None", "Metadata", "Object"`);
    return v;
  }

  send(ctx: ParameterizedContext, status: number, body: unknown, neg?: Negotiated): void {
    ctx.status = status;
    if (neg?.format === 'protobuf') {
      const o = body as KObject;
      ctx.set('Content-Type', 'application/vnd.kubernetes.protobuf');
      ctx.body = Array.isArray((o as { items?: unknown }).items) && /List$/.test(o.kind ?? '') ? encodeProtobufList(o) : encodeProtobufObject(o);
      return;
    }
    if (neg?.format === 'yaml') {
      ctx.type = 'application/yaml';
      ctx.body = yaml().stringify(body);
      return;
    }
    ctx.set('Content-Type', neg?.contentType ?? 'application/json');
    ctx.body = JSON.stringify(body);
  }

  private objectTransforms(): Transform[] {
    return ['none', 'Table', 'PartialObjectMetadata'];
  }

  private listTransforms(): Transform[] {
    return ['none', 'Table', 'PartialObjectMetadataList'];
  }

  // ---- verbs -----------------------------------------------------------------

  /** protobuf is offered for the built-in kinds that have a protobuf form */
  private pb(res: ResourceInfo): { protobuf: boolean } {
    return { protobuf: !res.custom && isProtobufKnownKind(gvString(res.group, res.version), res.kind) };
  }

  private async get(ctx: ParameterizedContext, res: ResourceInfo, store: Store, info: RequestInfo, q: URLSearchParams): Promise<void> {
    const neg = negotiate(ctx.get('Accept'), this.objectTransforms(), this.pb(res));
    const c = await store.getCached(info.namespace, info.name, q.get('resourceVersion') ?? undefined);
    if (neg.transform === 'none' && neg.format !== 'yaml' && gvString(res.group, res.version) === res.storageVersion) {
      ctx.status = 200;
      ctx.set('Content-Type', neg.contentType);
      ctx.body = neg.format === 'protobuf' ? cachedProtobuf(c) : cachedJson(c);
      return;
    }
    this.sendObject(ctx, 200, res, store, this.toExternal(res, deepClone(c.obj)), neg, q);
  }

  sendObject(ctx: ParameterizedContext, status: number, res: ResourceInfo, store: Store | undefined, obj: KObject, neg: Negotiated, q: URLSearchParams): void {
    if (neg.transform === 'Table') {
      const t = this.tableOf(res, this.table(res, store), [obj], this.includeObject(q));
      t.metadata.resourceVersion = obj.metadata?.resourceVersion;
      return this.send(ctx, status, t, neg);
    }
    if (neg.transform === 'PartialObjectMetadata')
      return this.send(ctx, status, { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${neg.transformVersion}`, metadata: obj.metadata }, neg);
    this.send(ctx, status, obj, neg);
  }

  listParams(info: RequestInfo, q: URLSearchParams, res?: ResourceInfo): ListParams {
    const limit = intParam(q, 'limit');
    return {
      namespace: info.namespace,
      labelSelector: parseLabelSelector(q.get('labelSelector') ?? undefined),
      fieldSelector: res
        ? convertFieldSelector(res.group, res.version, res.resource, parseFieldSelector(q.get('fieldSelector') ?? undefined))
        : parseFieldSelector(q.get('fieldSelector') ?? undefined),
      limit: limit && limit > 0 ? limit : undefined,
      continueToken: q.get('continue') || undefined,
      resourceVersion: q.get('resourceVersion') ?? undefined,
      resourceVersionMatch: q.get('resourceVersionMatch') || undefined,
    };
  }

  private async list(ctx: ParameterizedContext, res: ResourceInfo, store: Store, info: RequestInfo, q: URLSearchParams): Promise<void> {
    const neg = negotiate(ctx.get('Accept'), this.listTransforms(), this.pb(res));
    const out = await store.list(this.listParams(info, q, res));
    const listMeta: Record<string, unknown> = { resourceVersion: out.resourceVersion };
    if (out.continueToken) listMeta.continue = out.continueToken;
    if (out.remainingItemCount !== undefined) listMeta.remainingItemCount = out.remainingItemCount;
    const gv = gvString(res.group, res.version);
    if (neg.transform === 'none' && neg.format === 'json' && gv === res.storageVersion) {
      // the items' JSON text is made once per object version and shared by every list
      const texts = out.cached ? out.cached.map(cachedJson) : out.items.map((o) => JSON.stringify(o));
      ctx.status = 200;
      ctx.set('Content-Type', 'application/json');
      ctx.body = `{"kind":${JSON.stringify(res.listKind)},"apiVersion":${JSON.stringify(gv)},"metadata":${JSON.stringify(listMeta)},"items":[${texts.join(',')}]}`;
      return;
    }
    const items = out.items.map((o) => this.toExternal(res, deepClone(o)));
    if (neg.transform === 'Table') {
      const t = this.tableOf(res, this.table(res, store), items, this.includeObject(q));
      t.metadata = listMeta;
      return this.send(ctx, 200, t, neg);
    }
    if (neg.transform === 'PartialObjectMetadataList') {
      return this.send(
        ctx,
        200,
        {
          kind: 'PartialObjectMetadataList',
          apiVersion: `meta.k8s.io/${neg.transformVersion}`,
          metadata: listMeta,
          items: items.map((o) => ({ kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${neg.transformVersion}`, metadata: o.metadata })),
        },
        neg,
      );
    }
    this.send(ctx, 200, { kind: res.listKind, apiVersion: gvString(res.group, res.version), metadata: listMeta, items }, neg);
  }

  private async watch(ctx: ParameterizedContext, res: ResourceInfo, store: Store, info: RequestInfo, q: URLSearchParams): Promise<void> {
    for (const k of q.keys()) if (!knownWatchParams.has(k)) throw badRequest(`unknown query parameter for watch: ${k}`);
    const neg = negotiate(ctx.get('Accept'), ['none', 'Table', 'PartialObjectMetadata'], { yaml: false, ...this.pb(res) });
    if (neg.format === 'protobuf') neg.contentType = 'application/vnd.kubernetes.protobuf;stream=watch';
    const p = this.listParams(info, q, res);
    const includeObject = this.includeObject(q);
    const timeoutSeconds = intParam(q, 'timeoutSeconds');
    const convertor = this.table(res, store);
    let first = true;
    const plain = neg.transform === 'none' && gvString(res.group, res.version) === res.storageVersion;
    const line = (v: unknown) => Buffer.from(JSON.stringify(v) + '\n', 'utf8');
    const encode = (type: string, obj: KObject): Buffer => {
      const control = type === 'BOOKMARK' || type === 'ERROR';
      if (neg.format === 'protobuf') {
        // events are shared by every watcher: encode each object once
        if (plain && !control) return sharedPayload(obj, 'pb', type, encodeProtobufWatchEvent);
        return encodeProtobufWatchEvent(type, control ? obj : this.toExternal(res, deepClone(obj)));
      }
      if (control) return line({ type, object: obj });
      if (plain) return sharedPayload(obj, 'json', type, jsonWatchEvent);
      const ext = this.toExternal(res, deepClone(obj));
      if (neg.transform === 'Table') {
        const t = this.tableOf(res, convertor, [ext], includeObject, first);
        first = false;
        t.metadata.resourceVersion = ext.metadata?.resourceVersion;
        return line({ type, object: t });
      }
      if (neg.transform === 'PartialObjectMetadata')
        return line({ type, object: { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${neg.transformVersion}`, metadata: ext.metadata } });
      return line({ type, object: ext });
    };
    await serveWatch(ctx, {
      store,
      params: {
        namespace: info.namespace,
        labelSelector: p.labelSelector,
        fieldSelector: p.fieldSelector,
        resourceVersion: p.resourceVersion,
        resourceVersionMatch: p.resourceVersionMatch,
        sendInitialEvents: boolParam(q, 'sendInitialEvents'),
        allowWatchBookmarks: boolParam(q, 'allowWatchBookmarks') ?? false,
      },
      exactName: info.name || undefined,
      timeoutSeconds,
      contentType: neg.contentType,
      encode,
      bookmarkObject: (rv: string) => {
        if (neg.transform === 'Table' || neg.transform === 'PartialObjectMetadata')
          return { kind: neg.transform === 'Table' ? 'Table' : 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${neg.transformVersion}`, metadata: { resourceVersion: rv } };
        return { kind: res.kind, apiVersion: gvString(res.group, res.version), metadata: { resourceVersion: rv } };
      },
      limits: this.deps.watch,
      track: (r, stop) => this.deps.trackWatch(r, stop, { group: res.group, resource: res.resource, scope: info.namespace ? 'namespace' : 'cluster' }),
    });
  }

  async decodeObject(ctx: ParameterizedContext, res: ResourceInfo, expect: { group: string; version: string; kind: string }): Promise<KObject> {
    const fmt = bodyFormat(ctx.get('Content-Type'), false);
    const raw = await readBody(ctx.req as IncomingMessage);
    const body = decodeBody(raw, fmt);
    const obj = checkKind(body, expect);
    const mode = fieldValidationParam(new URLSearchParams(ctx.querystring));
    this.typed(ctx, obj, expect, mode, false, mode === 'Ignore' ? [] : duplicatesIn(raw, fmt), res);
    return obj;
  }

  /**
   * Decode as the typed server would: type errors are 400s, unknown fields are
   * dropped and, per fieldValidation, reported as warnings or refused.
   */
  typed(
    ctx: ParameterizedContext,
    obj: KObject,
    gvk: { group: string; version: string; kind: string },
    mode: 'Strict' | 'Warn' | 'Ignore',
    apply = false,
    duplicates: string[] = [],
    /** the resource of the request; its schema decodes the body when the kinds match */
    res?: ResourceInfo,
  ): void {
    const own = res && res.custom && res.group === gvk.group && res.version === gvk.version && res.kind === gvk.kind;
    const store = own ? this.deps.registry.storeFor(res) : undefined;
    if (store?.strategy.pruneUnknown) {
      // custom resources: the CRD's schema prunes what it does not declare
      const unknown = store.strategy.pruneUnknown(obj, gvString(gvk.group, gvk.version));
      if ((!unknown.length && !duplicates.length) || mode === 'Ignore') return;
      if (mode === 'Strict') {
        if (duplicates.length) throw badRequest(`strict decoding error: ${duplicates.join(', ')}`);
        if (apply)
          throw badRequest(
            `failed to create typed patch object (${gvString(gvk.group, gvk.version)}, Kind=${gvk.kind}): ${unknown.map((u) => `.${u}: field not declared in schema`).join(', ')}`,
          );
        throw badRequest(`strict decoding error: ${unknown.map((u) => `unknown field "${u}"`).join(', ')}`);
      }
      addWarnings(ctx, [...unknown.map((u) => `unknown field "${u}"`), ...duplicates]);
      return;
    }
    const { unknown } = decodeTyped(obj, gvk.group, gvk.version, gvk.kind);
    if ((!unknown.length && !duplicates.length) || mode === 'Ignore') return;
    const problems = [...unknown.map((u) => `unknown field "${u}"`), ...duplicates];
    if (mode === 'Strict') throw badRequest(`${gvk.kind} in version "${gvk.version}" cannot be handled as a ${gvk.kind}: strict decoding error: ${problems.join(', ')}`);
    addWarnings(ctx, problems);
  }

  private async create(ctx: ParameterizedContext, res: ResourceInfo, store: Store, info: RequestInfo, rctx: RequestContext, q: URLSearchParams): Promise<void> {
    const neg = negotiate(ctx.get('Accept'), this.objectTransforms(), this.pb(res));
    rctx.dryRun = dryRunParam(q);
    rctx.fieldManager = fieldManagerParam(q, false, 'CreateOptions');
    const obj = await this.decodeObject(ctx, res, { group: res.group, version: res.version, kind: res.kind });
    const created = await store.create(rctx, this.toInternal(res, obj));
    this.sendObject(ctx, 201, res, store, this.toExternal(res, created), neg, q);
  }

  private async update(ctx: ParameterizedContext, res: ResourceInfo, store: Store, info: RequestInfo, rctx: RequestContext, q: URLSearchParams): Promise<void> {
    const neg = negotiate(ctx.get('Accept'), this.objectTransforms(), this.pb(res));
    rctx.dryRun = dryRunParam(q);
    rctx.fieldManager = fieldManagerParam(q, false, 'UpdateOptions');
    const obj = await this.decodeObject(ctx, res, { group: res.group, version: res.version, kind: res.kind });
    const out = await store.update(rctx, info.namespace, info.name, this.toInternal(res, obj));
    this.sendObject(ctx, out.created ? 201 : 200, res, store, this.toExternal(res, out.obj), neg, q);
  }

  private async patch(ctx: ParameterizedContext, res: ResourceInfo, store: Store, info: RequestInfo, rctx: RequestContext, q: URLSearchParams): Promise<void> {
    const neg = negotiate(ctx.get('Accept'), this.objectTransforms(), this.pb(res));
    const type = bodyFormat(ctx.get('Content-Type'), true);
    rctx.dryRun = dryRunParam(q);
    rctx.fieldManager = fieldManagerParam(q, type === 'apply-patch');
    const force = boolParam(q, 'force');
    if (force !== undefined && type !== 'apply-patch') throw badRequest('force: Invalid value: true: may not be specified for non-apply patch');
    const raw = await readBody(ctx.req as IncomingMessage);
    const body = decodeBody(raw, type);
    const gvk = { group: res.group, version: res.version, kind: res.kind };
    const mode = fieldValidationParam(q);
    // repeated keys of the patch body are reported with the decoded result (a retried write says them once)
    const duplicates = mode === 'Ignore' || type === 'json-patch' ? [] : duplicatesIn(raw, type);
    const out = await this.applyPatchTo(
      store,
      res,
      info.namespace,
      info.name,
      rctx,
      type as PatchType | 'apply-patch',
      body,
      gvk,
      (o) => this.typed(ctx, o, gvk, mode, type === 'apply-patch', duplicates, res),
      { force },
    );
    this.sendObject(ctx, out.created ? 201 : 200, res, store, this.toExternal(res, out.obj), neg, q);
  }

  /** Patch (or apply) the current object; shared with subresources such as status. */
  async applyPatchTo(
    store: Store,
    res: ResourceInfo,
    namespace: string,
    name: string,
    rctx: RequestContext,
    type: PatchType | 'apply-patch',
    body: unknown,
    gvk: { group: string; version: string; kind: string },
    decode?: (o: KObject) => void,
    applyOpts: { force?: boolean } = {},
  ): Promise<{ obj: KObject; created: boolean }> {
    let pinned = false;
    if (type !== 'json-patch' && isPlainObject(body) && isPlainObject(body.metadata) && typeof body.metadata.resourceVersion === 'string' && body.metadata.resourceVersion)
      pinned = true;
    return store.guaranteedUpdate(
      rctx,
      namespace,
      name,
      (current) => {
        if (type === 'apply-patch') {
          // server-side apply: merge the applied configuration into the live object by the
          // schema's list and map types, with field ownership and conflicts
          const applied = checkKind(body, gvk);
          decode?.(applied);
          const live = current ? this.toExternal(res, current) : undefined;
          const merged = store.fieldManager
            ? store.fieldManager.apply(live, applied, rctx.fieldManager ?? '', {
                force: Boolean(applyOpts.force),
                subresource: rctx.subresource || undefined,
                apiVersion: gvString(res.group, res.version),
                kind: res.kind,
                resetFields: store.resetFields(rctx.subresource),
              })
            : live
              ? applyPatch('merge-patch', live, stripApplyMeta(applied), gvk)
              : applied;
          rctx.managedFieldsDone = Boolean(store.fieldManager);
          return this.toInternal(res, merged);
        }
        if (!current) throw notFound({ group: res.group, resource: res.resource }, name);
        const ext = this.toExternal(res, current);
        const rv = ext.metadata?.resourceVersion;
        const patched = applyPatch(type, ext, body, gvk);
        if (!isPlainObject(patched)) throw badRequest('the patch did not produce an object');
        const pm = meta(patched as KObject);
        // a patch without a resourceVersion precondition applies to the current version
        if (!pinned && type !== 'json-patch') pm.resourceVersion = rv;
        if (type === 'json-patch' && pm.resourceVersion === undefined) pm.resourceVersion = rv;
        if (pm.name !== name) throw badRequest(`metadata.name: Invalid value: ${JSON.stringify(pm.name)}: field is immutable`);
        (patched as KObject).apiVersion = gvString(res.group, res.version);
        (patched as KObject).kind = res.kind;
        decode?.(patched as KObject);
        return this.toInternal(res, patched as KObject);
      },
      { allowCreate: type === 'apply-patch', pinned },
    );
  }

  private async deleteOptions(ctx: ParameterizedContext, q: URLSearchParams): Promise<{ opts: DeleteOptions; dryRun: boolean }> {
    const raw = await readBody(ctx.req as IncomingMessage);
    let body: Record<string, unknown> = {};
    if (raw.length && raw.toString('utf8').trim()) {
      const fmt = bodyFormat(ctx.get('Content-Type'), false);
      const v = decodeBody(raw, fmt);
      if (!isPlainObject(v)) throw badRequest('the body of a delete request must be a DeleteOptions object');
      body = v;
      if (body.kind !== undefined && body.kind !== 'DeleteOptions')
        throw badRequest(`${String(body.kind)} in version ${JSON.stringify(body.apiVersion ?? '')} cannot be handled as a DeleteOptions`);
    }
    const opts: DeleteOptions = {};
    const grace = intParam(q, 'gracePeriodSeconds') ?? (typeof body.gracePeriodSeconds === 'number' ? body.gracePeriodSeconds : undefined);
    if (grace !== undefined) opts.gracePeriodSeconds = grace;
    const pp = (q.get('propagationPolicy') ?? body.propagationPolicy) as string | undefined;
    if (pp !== undefined && pp !== null) {
      if (!['Orphan', 'Background', 'Foreground'].includes(pp))
        throw invalidDeleteOptions(`propagationPolicy: Unsupported value: "${pp}": supported values: "Foreground", "Background", "Orphan"`);
      opts.propagationPolicy = pp as DeleteOptions['propagationPolicy'];
    }
    const orphan = boolParam(q, 'orphanDependents') ?? (typeof body.orphanDependents === 'boolean' ? body.orphanDependents : undefined);
    if (orphan !== undefined) {
      if (opts.propagationPolicy) throw invalidDeleteOptions('propagationPolicy: Invalid value: "' + opts.propagationPolicy + '": orphanDependents and deletionPropagation cannot be both set');
      opts.orphanDependents = orphan;
    }
    if (isPlainObject(body.preconditions)) opts.preconditions = body.preconditions as DeleteOptions['preconditions'];
    const dryRun = dryRunParam(q, body.dryRun);
    return { opts, dryRun };
  }

  private async delete(ctx: ParameterizedContext, res: ResourceInfo, store: Store, info: RequestInfo, rctx: RequestContext, q: URLSearchParams): Promise<void> {
    const neg = negotiate(ctx.get('Accept'), this.objectTransforms(), this.pb(res));
    const { opts, dryRun } = await this.deleteOptions(ctx, q);
    rctx.dryRun = dryRun;
    const out = await store.delete(rctx, info.namespace, info.name, opts);
    const status = !out.deleted && opts.orphanDependents === false ? 202 : 200;
    if (out.deleted && !store.strategy.returnDeletedObject) {
      const s: Status = {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name: info.name, group: res.group || undefined, kind: res.resource, uid: out.obj.metadata?.uid },
        code: 200,
      };
      if (!s.details!.group) delete s.details!.group;
      return this.send(ctx, 200, s, neg.format === 'protobuf' ? neg : undefined);
    }
    this.sendObject(ctx, status, res, store, this.toExternal(res, out.obj), neg, q);
  }

  private async deleteCollection(
    ctx: ParameterizedContext,
    res: ResourceInfo,
    store: Store,
    info: RequestInfo,
    rctx: RequestContext,
    q: URLSearchParams,
  ): Promise<void> {
    const neg = negotiate(ctx.get('Accept'), ['none'], this.pb(res));
    const { opts, dryRun } = await this.deleteOptions(ctx, q);
    rctx.dryRun = dryRun;
    const deleted = await store.deleteCollection(rctx, this.listParams(info, q, res), opts);
    const items = deleted.map((o) => this.toExternal(res, o));
    this.send(ctx, 200, { kind: res.listKind, apiVersion: gvString(res.group, res.version), metadata: {}, items }, neg);
  }

  private async handleVirtual(
    ctx: ParameterizedContext,
    info: RequestInfo,
    res: ResourceInfo,
    v: VirtualResource,
    rctx: RequestContext,
    q: URLSearchParams,
  ): Promise<void> {
    if (info.verb === 'create' && v.create) {
      const neg = negotiate(ctx.get('Accept'), ['none']);
      rctx.dryRun = dryRunParam(q);
      const obj = await this.decodeObject(ctx, res, { group: res.group, version: res.version, kind: res.kind });
      if (res.namespaced) {
        const m = meta(obj);
        if (m.namespace && m.namespace !== info.namespace)
          throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
        m.namespace = info.namespace;
      }
      const out = await v.create(rctx, obj, res);
      out.apiVersion = gvString(res.group, res.version);
      out.kind = out.kind ?? res.kind;
      return this.send(ctx, 201, out, neg);
    }
    if (info.verb === 'get' && v.get) {
      const neg = negotiate(ctx.get('Accept'), this.objectTransforms());
      const obj = this.toExternal(res, await v.get(rctx, info.name, res));
      return this.sendObject(ctx, 200, res, undefined, obj, neg, q);
    }
    if (info.verb === 'list' && v.list) {
      const neg = negotiate(ctx.get('Accept'), this.listTransforms());
      const items = (await v.list(rctx, res)).map((o) => this.toExternal(res, o));
      if (neg.transform === 'Table') return this.send(ctx, 200, this.tableOf(res, v.table, items, this.includeObject(q)), neg);
      return this.send(ctx, 200, { kind: res.listKind, apiVersion: gvString(res.group, res.version), metadata: {}, items }, neg);
    }
    throw methodNotAllowed(ctx.method, { group: res.group, resource: res.resource });
  }
}

/** Add Warning headers (RFC 7234 code 299, as upstream). */
export function addWarnings(ctx: ParameterizedContext, warnings: string[]): void {
  if (!warnings.length) return;
  const existing = ctx.response.get('Warning');
  const list = Array.isArray(existing) ? existing : existing ? [existing] : [];
  // a write retried inside the server decodes its body again: say each warning once
  for (const w of warnings) {
    const h = `299 - ${JSON.stringify(w)}`;
    if (!list.includes(h)) list.push(h);
  }
  ctx.set('Warning', list);
}

/** one JSON watch event line of a stored-version object (made once per fan-out, see sharedPayload) */
function jsonWatchEvent(type: string, obj: KObject): string {
  return `{"type":"${type}","object":${JSON.stringify(obj)}}\n`;
}

function invalidDeleteOptions(msg: string): ApiError {
  return new ApiError(422, 'Invalid', `DeleteOptions.meta.k8s.io "" is invalid: ${msg}`);
}

export function notFound404(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** The body must be an object of the expected kind and version (missing ones default to them). */
export function checkKind(body: unknown, expect: { group: string; version: string; kind: string }): KObject {
  if (!isPlainObject(body)) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(body)}'`);
  const obj = body as KObject;
  const gv = gvString(expect.group, expect.version);
  if (obj.apiVersion !== undefined && typeof obj.apiVersion !== 'string') throw badRequest(`couldn't get version/kind; json parse error: apiVersion must be a string`);
  if (obj.kind !== undefined && typeof obj.kind !== 'string') throw badRequest(`couldn't get version/kind; json parse error: kind must be a string`);
  if (!obj.kind || !obj.apiVersion) {
    // defaulted from the request, and first, as upstream serializes them
    const { kind, apiVersion, ...rest } = obj;
    for (const k of Object.keys(obj)) delete obj[k];
    Object.assign(obj, { kind: kind || expect.kind, apiVersion: apiVersion || gv }, rest);
  }
  if (obj.apiVersion !== gv) {
    throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${gv})`);
  }
  if (obj.kind !== expect.kind) {
    throw badRequest(`${obj.kind} in version "${expect.version}" cannot be handled as a ${expect.kind}: no kind "${obj.kind}" is registered for version "${gv}" in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"`);
  }
  if (obj.metadata !== undefined && obj.metadata !== null && !isPlainObject(obj.metadata))
    throw badRequest(`${expect.kind} in version "${expect.version}" cannot be handled as a ${expect.kind}: json: cannot unmarshal ${Array.isArray(obj.metadata) ? 'array' : typeof obj.metadata} into Go struct field ${expect.kind}.metadata of type v1.ObjectMeta`);
  if (obj.metadata === null) obj.metadata = {};
  return obj;
}

function stripApplyMeta(o: KObject): KObject {
  const c = deepClone(o);
  if (c.metadata) {
    delete c.metadata.resourceVersion;
    delete c.metadata.managedFields;
  }
  return c;
}
