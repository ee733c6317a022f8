// Resources served without storage: access and token reviews, the
// current-user review, component statuses and the legacy bindings resource.
import type { VirtualResource } from './Registry.js';
import type { Authorizer } from '../auth/authorizer.js';
import type { TokenAuthenticator } from '../auth/authenticator.js';
import type { Store } from './generic/Store.js';
import { bindPod } from '../server/handlers/subresources.js';
import { badRequest, invalid, notFound } from '../machinery/errors.js';
import { isPlainObject, type KObject } from '../machinery/objects.js';
import type { UserInfo } from '../auth/user.js';
import { column, nameColumn } from './generic/table.js';

export interface VirtualDeps {
  authorizer: Authorizer;
  tokenAuthenticators: () => TokenAuthenticator[];
  podStore: () => Store | undefined;
}

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

async function review(deps: VirtualDeps, user: UserInfo, spec: Record<string, unknown>, kind: string): Promise<Record<string, unknown>> {
  const ra = spec.resourceAttributes as ResourceAttributes | undefined;
  const nra = spec.nonResourceAttributes as { path?: string; verb?: string } | undefined;
  if (!ra && !nra)
    throw invalid(kind, 'authorization.k8s.io', '', [
      { type: 'FieldValueRequired', field: 'spec.resourceAttributes', detail: 'exactly one of nonResourceAttributes or resourceAttributes must be specified' },
    ]);
  if (ra && nra)
    throw invalid(kind, 'authorization.k8s.io', '', [
      { type: 'FieldValueInvalid', field: 'spec.nonResourceAttributes', value: nra, detail: 'cannot be specified in combination with resourceAttributes' },
    ]);
  const d = await deps.authorizer.authorize({
    user,
    verb: (ra?.verb ?? nra?.verb ?? '') as string,
    isResourceRequest: Boolean(ra),
    path: nra?.path ?? '',
    group: ra?.group ?? '',
    version: ra?.version ?? '',
    resource: ra?.resource ?? '',
    subresource: ra?.subresource ?? '',
    namespace: ra?.namespace ?? '',
    name: ra?.name ?? '',
  });
  const status: Record<string, unknown> = { allowed: d.decision === 'allow' };
  if (d.decision === 'deny') status.denied = true;
  if (d.reason) status.reason = d.reason;
  return status;
}

function userFromSpec(spec: Record<string, unknown>): UserInfo {
  return {
    name: String(spec.user ?? ''),
    uid: spec.uid ? String(spec.uid) : undefined,
    groups: Array.isArray(spec.groups) ? (spec.groups as string[]) : [],
    extra: isPlainObject(spec.extra) ? (spec.extra as Record<string, string[]>) : undefined,
  };
}

function specOf(obj: KObject): Record<string, unknown> {
  const s = obj.spec;
  return isPlainObject(s) ? s : {};
}

function userInfoObject(u: UserInfo): Record<string, unknown> {
  const o: Record<string, unknown> = { username: u.name, groups: u.groups };
  if (u.uid) o.uid = u.uid;
  if (u.extra && Object.keys(u.extra).length) o.extra = u.extra;
  return o;
}

export function virtualResources(deps: VirtualDeps): Record<string, VirtualResource> {
  return {
    'authorization.k8s.io/selfsubjectaccessreviews': {
      create: async (ctx, obj) => ({ ...obj, metadata: { ...(obj.metadata ?? {}), creationTimestamp: null }, status: await review(deps, ctx.user, specOf(obj), 'SelfSubjectAccessReview') }),
    },
    'authorization.k8s.io/subjectaccessreviews': {
      create: async (_ctx, obj) => {
        const spec = specOf(obj);
        if (!spec.user && !(Array.isArray(spec.groups) && spec.groups.length))
          throw invalid('SubjectAccessReview', 'authorization.k8s.io', '', [{ type: 'FieldValueInvalid', field: 'spec.user', value: '', detail: 'at least one of user or group must be specified' }]);
        return { ...obj, metadata: { ...(obj.metadata ?? {}), creationTimestamp: null }, status: await review(deps, userFromSpec(spec), spec, 'SubjectAccessReview') };
      },
    },
    'authorization.k8s.io/localsubjectaccessreviews': {
      create: async (ctx, obj) => {
        const spec = specOf(obj);
        const ra = spec.resourceAttributes as ResourceAttributes | undefined;
        if (ra && ra.namespace !== ctx.namespace)
          throw invalid('LocalSubjectAccessReview', 'authorization.k8s.io', '', [
            { type: 'FieldValueInvalid', field: 'spec.resourceAttributes.namespace', value: ra.namespace ?? '', detail: 'must match metadata.namespace' },
          ]);
        return { ...obj, status: await review(deps, userFromSpec(spec), spec, 'LocalSubjectAccessReview') };
      },
    },
    'authorization.k8s.io/selfsubjectrulesreviews': {
      create: async (_ctx, obj) => ({
        ...obj,
        metadata: { ...(obj.metadata ?? {}), creationTimestamp: null },
        status: {
          resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
          nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
          incomplete: false,
        },
      }),
    },
    'authentication.k8s.io/selfsubjectreviews': {
      create: async (ctx, obj) => ({ ...obj, metadata: { ...(obj.metadata ?? {}), creationTimestamp: null }, status: { userInfo: userInfoObject(ctx.user) } }),
    },
    'authentication.k8s.io/tokenreviews': {
      create: async (_ctx, obj) => {
        const token = specOf(obj).token;
        if (typeof token !== 'string' || !token)
          throw invalid('TokenReview', 'authentication.k8s.io', '', [{ type: 'FieldValueRequired', field: 'spec.token', detail: 'token must be set' }]);
        for (const t of deps.tokenAuthenticators()) {
          const u = await t.authenticateToken(token);
          if (u) {
            const withAuth = u.groups.includes('system:authenticated') ? u : { ...u, groups: [...u.groups, 'system:authenticated'] };
            return { ...obj, metadata: { ...(obj.metadata ?? {}), creationTimestamp: null }, status: { authenticated: true, user: userInfoObject(withAuth), audiences: specOf(obj).audiences ?? [] } };
          }
        }
        return { ...obj, metadata: { ...(obj.metadata ?? {}), creationTimestamp: null }, status: { user: {} , error: '[invalid bearer token, token lookup failed]' } };
      },
    },
    componentstatuses: {
      get: async (_ctx, name) => componentStatus(name),
      list: async () => ['controller-manager', 'etcd-0', 'scheduler'].map(componentStatus),
      table: {
        columns: [
          nameColumn,
          column('Status', 'string', 'io.k8s.api.core.v1.ComponentCondition', 'status'),
          column('Message', 'string', 'io.k8s.api.core.v1.ComponentCondition', 'message'),
          column('Error', 'string', 'io.k8s.api.core.v1.ComponentCondition', 'error'),
        ],
        cells: (o) => {
          const c = ((o.conditions as Record<string, string>[] | undefined) ?? [])[0] ?? {};
          return [o.metadata?.name ?? '', c.status === 'True' ? 'Healthy' : 'Unhealthy', c.message ?? '', c.error ?? ''];
        },
      },
    },
    bindings: {
      create: async (ctx, obj) => {
        const store = deps.podStore();
        if (!store) throw badRequest('pods are not served');
        const name = obj.metadata?.name;
        if (!name) throw invalid('Binding', '', '', [{ type: 'FieldValueRequired', field: 'metadata.name' }]);
        await bindPod(store, ctx, ctx.namespace, name, obj);
        return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } as KObject;
      },
    },
  };
}

function componentStatus(name: string): KObject {
  if (!['controller-manager', 'etcd-0', 'scheduler'].includes(name)) {
    throw notFound({ group: '', resource: 'componentstatuses' }, name);
  }
  return {
    kind: 'ComponentStatus',
    apiVersion: 'v1',
    metadata: { name, creationTimestamp: null },
    conditions: [{ type: 'Healthy', status: 'True', message: 'ok', error: '' }],
  } as KObject;
}

