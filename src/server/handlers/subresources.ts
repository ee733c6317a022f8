// Subresources other than status: each is a small adapter over the parent's
// generic store (scale, binding, eviction, finalize, approval, token), or a
// stub for the streaming ones until nodes are reachable.
import type { ParameterizedContext } from 'koa';
import type { IncomingMessage } from 'node:http';
import type { ResourceInfo, SubresourceInfo } from '../../api/catalogue.js';
import { gvString } from '../../api/catalogue.js';
import type { RequestContext, ScalePaths } from '../../registry/generic/strategy.js';
import type { RequestInfo } from '../requestInfo.js';
import type { ResourceHandler } from './resources.js';
import { checkKind, notFound404 } from './resources.js';
import { ApiError, badRequest, conflict, invalid, methodNotAllowed, serviceUnavailable } from '../../machinery/errors.js';
import { deepClone, isPlainObject, meta, nowTimestamp, type KObject } from '../../machinery/objects.js';
import { bodyFormat, decodeBody, negotiate, readBody } from '../negotiation.js';
import type { Store } from '../../registry/generic/Store.js';
import { labelSelectorFromStruct } from '../../machinery/selectors.js';
import type { PatchType } from '../../machinery/patch/index.js';

export interface SubresourceRequest {
  info: RequestInfo;
  res: ResourceInfo;
  sub: SubresourceInfo;
  rctx: RequestContext;
  q: URLSearchParams;
  handler: ResourceHandler;
}

export type SubresourceHandler = (ctx: ParameterizedContext, r: SubresourceRequest, store: Store | undefined) => Promise<void>;

export interface TokenIssuer {
  issue(sa: KObject, request: KObject, user: RequestContext['user']): Promise<KObject>;
}

function successStatus(code = 201): KObject {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code } as KObject;
}

async function bodyOf(ctx: ParameterizedContext): Promise<unknown> {
  const fmt = bodyFormat(ctx.get('Content-Type'), false);
  return decodeBody(await readBody(ctx.req as IncomingMessage), fmt);
}

/** The label selector of a scalable object, in its string form. */
function selectorString(obj: KObject): string {
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  const sel = spec.selector;
  if (!sel) return '';
  if (isPlainObject(sel) && !('matchLabels' in sel) && !('matchExpressions' in sel)) {
    // ReplicationController: a plain map
    return Object.entries(sel as Record<string, string>)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
  }
  return labelSelectorFromStruct(sel as never).string();
}

/** the value at a simple JSON path (.a.b.c) */
function atPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const seg of path.split('.').filter(Boolean)) {
    if (!isPlainObject(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const segs = path.split('.').filter(Boolean);
  let cur = obj;
  for (const seg of segs.slice(0, -1)) {
    if (!isPlainObject(cur[seg])) cur[seg] = {};
    cur = cur[seg] as Record<string, unknown>;
  }
  cur[segs[segs.length - 1]] = value;
}

function scalePathsOf(store: Store, res: ResourceInfo): ScalePaths | undefined {
  return store.strategy.scalePaths?.(res.group ? `${res.group}/${res.version}` : res.version);
}

function toScale(obj: KObject, paths?: ScalePaths): KObject {
  const m = obj.metadata ?? {};
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  const status = (obj.status ?? {}) as Record<string, unknown>;
  const replicas = paths ? atPath(obj, paths.specReplicasPath) : spec.replicas;
  const observed = paths ? atPath(obj, paths.statusReplicasPath) : status.replicas;
  const selector = paths ? (paths.labelSelectorPath ? atPath(obj, paths.labelSelectorPath) : '') : selectorString(obj);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: { replicas: typeof replicas === 'number' ? replicas : 0 },
    status: { replicas: typeof observed === 'number' ? observed : 0, selector: typeof selector === 'string' ? selector : '' },
  };
}

function setReplicas(obj: KObject, replicas: unknown, paths?: ScalePaths): void {
  if (paths) setPath(obj as Record<string, unknown>, paths.specReplicasPath, replicas);
  else ((obj.spec ?? (obj.spec = {})) as Record<string, unknown>).replicas = replicas;
}

function validateScale(scale: KObject, name: string): void {
  const spec = (scale.spec ?? {}) as Record<string, unknown>;
  const r = spec.replicas;
  if (r !== undefined && (typeof r !== 'number' || !Number.isInteger(r)))
    throw badRequest(`Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal ${typeof r} into Go struct field ScaleSpec.spec.replicas of type int32`);
  if (typeof r === 'number' && r < 0)
    throw invalid('Scale', 'autoscaling', name, [{ type: 'FieldValueInvalid', field: 'spec.replicas', value: r, detail: 'must be greater than or equal to 0' }]);
}

const scale: SubresourceHandler = async (ctx, r, store) => {
  if (!store) throw notFound404();
  const { info, res, rctx, q, handler } = r;
  const neg = negotiate(ctx.get('Accept'), ['none']);
  const paths = scalePathsOf(store, res);
  if (info.verb === 'get') {
    const obj = await store.get(info.namespace, info.name);
    return handler.send(ctx, 200, toScale(obj, paths), neg);
  }
  rctx.dryRun = q.getAll('dryRun').includes('All');
  let result: KObject;
  if (info.verb === 'update') {
    const body = checkKind(await bodyOf(ctx), { group: 'autoscaling', version: 'v1', kind: 'Scale' });
    validateScale(body, info.name);
    const wantRv = body.metadata?.resourceVersion;
    const out = await store.guaranteedUpdate(
      { ...rctx, subresource: 'scale' },
      info.namespace,
      info.name,
      (cur) => {
        if (!cur) throw notFound404();
        if (wantRv && wantRv !== cur.metadata?.resourceVersion) throw conflict({ group: res.group, resource: res.resource }, info.name, 'the object has been modified; please apply your changes to the latest version and try again');
        setReplicas(cur, (body.spec as Record<string, unknown> | undefined)?.replicas ?? 0, paths);
        return cur;
      },
      { pinned: Boolean(wantRv) },
    );
    result = out.obj;
  } else if (info.verb === 'patch') {
    const type = bodyFormat(ctx.get('Content-Type'), true);
    const patchBody = decodeBody(await readBody(ctx.req as IncomingMessage), type);
    const { applyPatch } = await import('../../machinery/patch/index.js');
    const out = await store.guaranteedUpdate({ ...rctx, subresource: 'scale' }, info.namespace, info.name, (cur) => {
      if (!cur) throw notFound404();
      const current = toScale(cur, paths);
      const patched = applyPatch(type === 'apply-patch' ? 'merge-patch' : (type as PatchType), current, patchBody, { group: 'autoscaling', version: 'v1', kind: 'Scale' });
      validateScale(patched, info.name);
      const pm = patched.metadata ?? {};
      if (pm.resourceVersion && pm.resourceVersion !== cur.metadata?.resourceVersion) throw conflict({ group: res.group, resource: res.resource }, info.name, 'the object has been modified; please apply your changes to the latest version and try again');
      setReplicas(cur, (patched.spec as Record<string, unknown> | undefined)?.replicas ?? 0, paths);
      return cur;
    });
    result = out.obj;
  } else throw methodNotAllowed(ctx.method, { group: res.group, resource: `${res.resource}/scale` });
  handler.send(ctx, 200, toScale(result, paths), neg);
};

/** pods/binding and the core "bindings" resource: assign a pod to a node. */
export async function bindPod(store: Store, rctx: RequestContext, namespace: string, podName: string, binding: KObject): Promise<void> {
  const target = (binding.target ?? {}) as Record<string, unknown>;
  const node = target.name;
  if (typeof node !== 'string' || !node)
    throw invalid('Binding', '', podName, [{ type: 'FieldValueRequired', field: 'target.name' }]);
  if (target.kind && target.kind !== 'Node')
    throw invalid('Binding', '', podName, [{ type: 'FieldValueNotSupported', field: 'target.kind', value: target.kind, detail: 'supported values: "Node"' }]);
  await store.guaranteedUpdate({ ...rctx, subresource: 'binding' }, namespace, podName, (cur) => {
    if (!cur) throw new ApiError(404, 'NotFound', `pods "${podName}" not found`, { name: podName, kind: 'pods' });
    const m = meta(cur);
    if (m.deletionTimestamp) throw conflict({ group: '', resource: 'pods' }, podName, `pod ${podName} is being deleted, cannot be assigned to a host`);
    const spec = (cur.spec ?? {}) as Record<string, unknown>;
    if (spec.nodeName) throw conflict({ group: '', resource: 'pods' }, podName, `pod ${podName} is already assigned to node "${String(spec.nodeName)}"`);
    const uidPre = binding.metadata?.uid;
    if (uidPre && uidPre !== m.uid) throw conflict({ group: '', resource: 'pods' }, podName, `Precondition failed: UID in precondition: ${uidPre}, UID in object meta: ${m.uid}`);
    spec.nodeName = node;
    cur.spec = spec;
    const ann = binding.metadata?.annotations;
    if (ann) m.annotations = { ...(m.annotations ?? {}), ...ann };
    const status = (cur.status ?? {}) as { conditions?: Record<string, unknown>[] };
    const conds = status.conditions ?? [];
    const i = conds.findIndex((c) => c.type === 'PodScheduled');
    const cond = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowTimestamp() };
    if (i >= 0) conds[i] = { ...conds[i], ...cond };
    else conds.push(cond);
    status.conditions = conds;
    cur.status = status;
    return cur;
  }, { pinned: false });
}

const binding: SubresourceHandler = async (ctx, r, store) => {
  if (!store) throw notFound404();
  const neg = negotiate(ctx.get('Accept'), ['none']);
  const body = checkKind(await bodyOf(ctx), { group: '', version: 'v1', kind: 'Binding' });
  await bindPod(store, r.rctx, r.info.namespace, r.info.name, body);
  r.handler.send(ctx, 201, successStatus(201), neg);
};

const eviction: SubresourceHandler = async (ctx, r, store) => {
  if (!store) throw notFound404();
  const neg = negotiate(ctx.get('Accept'), ['none']);
  const body = checkKind(await bodyOf(ctx), { group: 'policy', version: 'v1', kind: 'Eviction' });
  if (body.metadata?.name && body.metadata.name !== r.info.name)
    throw badRequest(`name in URL does not match name in Eviction object`);
  const opts = (body.deleteOptions ?? {}) as Record<string, unknown>;
  const dryRun = Array.isArray(opts.dryRun) && (opts.dryRun as string[]).includes('All');
  await store.delete({ ...r.rctx, dryRun, subresource: '' }, r.info.namespace, r.info.name, {
    gracePeriodSeconds: typeof opts.gracePeriodSeconds === 'number' ? opts.gracePeriodSeconds : undefined,
    preconditions: isPlainObject(opts.preconditions) ? (opts.preconditions as { uid?: string }) : undefined,
  });
  r.handler.send(ctx, 201, successStatus(201), neg);
};

/** A subresource that may change only one part of the parent (namespaces/finalize, CSR approval). */
function partialUpdate(subresource: string, apply: (cur: KObject, body: KObject) => void): SubresourceHandler {
  return async (ctx, r, store) => {
    if (!store) throw notFound404();
    const { info, res, rctx, q, handler } = r;
    const neg = negotiate(ctx.get('Accept'), ['none']);
    if (info.verb === 'get') return handler.send(ctx, 200, handler.toExternal(res, await store.get(info.namespace, info.name)), neg);
    rctx.dryRun = q.getAll('dryRun').includes('All');
    let body: KObject;
    if (info.verb === 'patch') {
      const type = bodyFormat(ctx.get('Content-Type'), true);
      const patchBody = decodeBody(await readBody(ctx.req as IncomingMessage), type);
      const out = await handler.applyPatchTo(store, res, info.namespace, info.name, { ...rctx, subresource }, type as PatchType, patchBody, {
        group: res.group,
        version: res.version,
        kind: res.kind,
      });
      return handler.send(ctx, 200, handler.toExternal(res, out.obj), neg);
    }
    body = checkKind(await bodyOf(ctx), { group: res.group, version: res.version, kind: res.kind });
    const wantRv = body.metadata?.resourceVersion;
    const out = await store.guaranteedUpdate(
      { ...rctx, subresource },
      info.namespace,
      info.name,
      (cur) => {
        if (!cur) throw notFound404();
        if (wantRv && wantRv !== cur.metadata?.resourceVersion) throw conflict({ group: res.group, resource: res.resource }, info.name, 'the object has been modified; please apply your changes to the latest version and try again');
        apply(cur, body);
        return cur;
      },
      { pinned: Boolean(wantRv) },
    );
    handler.send(ctx, 200, handler.toExternal(res, out.obj), neg);
  };
}

const finalize = partialUpdate('finalize', (cur, body) => {
  const spec = deepClone((body.spec ?? {}) as Record<string, unknown>);
  cur.spec = { ...(cur.spec as Record<string, unknown>), finalizers: spec.finalizers ?? [] };
});

const approval = partialUpdate('approval', (cur, body) => {
  const status = (body.status ?? {}) as Record<string, unknown>;
  cur.status = { ...((cur.status as Record<string, unknown>) ?? {}), conditions: status.conditions ?? [] };
});

const unreachable: SubresourceHandler = async (_ctx, r) => {
  throw serviceUnavailable(`${r.res.resource}/${r.sub.name} is not available: no node connection for this request`);
};

export class SubresourceHandlers {
  private handlers = new Map<string, SubresourceHandler>();
  constructor(
    private readonly storeOf: (res: ResourceInfo) => Store | undefined,
    tokenIssuer?: TokenIssuer,
  ) {
    this.handlers.set('scale', scale);
    this.handlers.set('binding', binding);
    this.handlers.set('eviction', eviction);
    this.handlers.set('finalize', finalize);
    this.handlers.set('approval', approval);
    for (const s of ['log', 'exec', 'attach', 'portforward', 'proxy']) this.handlers.set(s, unreachable);
    if (tokenIssuer) this.handlers.set('token', tokenHandler(tokenIssuer));
  }

  /** Replace or add the handler of a subresource name (e.g. node proxying). */
  set(name: string, h: SubresourceHandler): void {
    this.handlers.set(name, h);
  }

  async handle(ctx: ParameterizedContext, r: SubresourceRequest): Promise<void> {
    const h = this.handlers.get(`${r.res.group}/${r.res.resource}/${r.sub.name}`) ?? this.handlers.get(r.sub.name);
    if (!h) throw new ApiError(405, 'MethodNotAllowed', `the subresource ${r.sub.name} of ${r.res.resource} is not served`);
    return h(ctx, r, this.storeOf(r.res));
  }
}

function tokenHandler(issuer: TokenIssuer): SubresourceHandler {
  return async (ctx, r, store) => {
    if (!store) throw notFound404();
    const neg = negotiate(ctx.get('Accept'), ['none']);
    const body = checkKind(await bodyOf(ctx), { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' });
    const sa = await store.get(r.info.namespace, r.info.name);
    const out = await issuer.issue(sa, body, r.rctx.user);
    out.apiVersion = gvString('authentication.k8s.io', 'v1');
    out.kind = 'TokenRequest';
    r.handler.send(ctx, 201, out, neg);
  };
}
