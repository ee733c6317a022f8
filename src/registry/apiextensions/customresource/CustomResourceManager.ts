// Serving custom resources: the API server's side of CustomResourceDefinitions.
//
// One reconcile loop over every stored CRD, run whenever a CRD changes:
//   - names: spec.names are accepted unless another CRD of the group already
//     uses them (NamesAccepted, status.acceptedNames), after upstream's naming
//     controller; a CRD whose names are accepted becomes Established;
//   - serving: every served version of an Established CRD is put in the
//     catalogue (discovery, routing) with one Store per CRD, keyed
//     /registry/<group>/<plural>, objects kept in the storage version;
//   - deletion: a deleted CRD carries the customresourcecleanup finalizer; its
//     instances are deleted, then the finalizer is removed and the CRD goes.
// OpenAPI documents for the served versions come from the schema layer.
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { generatedPath } from '../../../api/paths.js';
import type { ResourceInfo, SubresourceInfo } from '../../../api/catalogue.js';
import { ApiError } from '../../../machinery/errors.js';
import type { KObject } from '../../../machinery/objects.js';
import { everythingFields, everythingLabels } from '../../../machinery/selectors.js';
import type { Registry } from '../../Registry.js';
import type { Store } from '../../generic/Store.js';
import type { RequestContext } from '../../generic/strategy.js';
import { type O, isObj } from '../../shared/field.js';
import { CustomResourceStrategy, type CRD, type CustomResourceSchemas, type PublishedOpenApi, permissiveSchemas } from './strategy.js';
import { compareKubeVersions } from './versions.js';
import type { OpenApiProvider } from '../../../server/handlers/openapi.js';

export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

const system: RequestContext = {
  user: { name: 'system:apiserver', groups: ['system:masters', 'system:authenticated'] },
  namespace: '',
  dryRun: false,
  subresource: '',
};

const CR_VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

function conditions(crd: CRD): Condition[] {
  return Array.isArray(crd.status?.conditions) ? (crd.status!.conditions as Condition[]) : [];
}

export function crdCondition(crd: CRD, type: string): Condition | undefined {
  return conditions(crd).find((c) => c.type === type);
}

/** set a condition; lastTransitionTime moves only when the status changes */
export function setCondition(status: O, c: Condition): void {
  const list: Condition[] = Array.isArray(status.conditions) ? status.conditions : (status.conditions = []);
  const i = list.findIndex((x) => x.type === c.type);
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  if (i < 0) list.push({ ...c, lastTransitionTime: c.lastTransitionTime ?? now });
  else {
    const keep = list[i].status === c.status ? list[i].lastTransitionTime : now;
    list[i] = { ...c, lastTransitionTime: keep ?? now };
  }
}

function namesOf(n: O | undefined): { plural: string; singular: string; shortNames: string[]; kind: string; listKind: string; categories: string[] } {
  return {
    plural: String(n?.plural ?? ''),
    singular: String(n?.singular ?? ''),
    shortNames: Array.isArray(n?.shortNames) ? (n!.shortNames as string[]) : [],
    kind: String(n?.kind ?? ''),
    listKind: String(n?.listKind ?? ''),
    categories: Array.isArray(n?.categories) ? (n!.categories as string[]) : [],
  };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class CustomResourceManager implements OpenApiProvider {
  private crdStore!: Store;
  /** by CRD name */
  private served = new Map<string, { strategy: CustomResourceStrategy; storageId: string }>();
  private timer?: NodeJS.Timeout;
  private running = false;
  private again = false;
  private stopped = false;
  private cleaning = new Set<string>();
  private gen = 0;
  private signature = '';
  private retryTimer?: NodeJS.Timeout;
  private watchStop?: () => void;

  constructor(
    private readonly registry: Registry,
    private readonly log: Logger,
    private readonly schemas: CustomResourceSchemas = permissiveSchemas,
  ) {}

  /** bumped whenever the served custom resources change (OpenAPI providers rebuild) */
  generation(): number {
    return this.gen;
  }

  async start(): Promise<void> {
    const store = this.registry.storeByKey('apiextensions.k8s.io', 'customresourcedefinitions');
    if (!store) throw new Error('no store for customresourcedefinitions');
    this.crdStore = store;
    const session = await store.watch(
      { namespace: '', labelSelector: everythingLabels, fieldSelector: everythingFields, allowWatchBookmarks: false },
      { deliver: () => this.schedule(), closed: () => this.restartWatch() },
    );
    this.watchStop = () => session.watcher.stop();
    await this.reconcile();
  }

  private restartWatch(): void {
    if (this.stopped) return;
    setTimeout(() => {
      if (this.stopped) return;
      this.start().catch((e: unknown) => this.log.warn({ err: String(e) }, 'custom resources: watch restart failed'));
    }, 1000).unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.watchStop?.();
  }

  /** the strategy serving a CRD, if it is served (tests, subresources) */
  strategyFor(crdName: string): CustomResourceStrategy | undefined {
    return this.served.get(crdName)?.strategy;
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.reconcile();
    }, 5);
  }

  async reconcile(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        await this.reconcileOnce();
      } while (this.again && !this.stopped);
    } catch (e) {
      this.log.warn({ err: String(e) }, 'custom resources: reconcile failed');
      setTimeout(() => this.schedule(), 500).unref();
    } finally {
      this.running = false;
    }
  }

  private async reconcileOnce(): Promise<void> {
    const crds = this.crdStore.cachedList() as CRD[];
    if (crds.length) await this.schemas.ready?.();
    // 1. names and conditions (status writes come back through the watch);
    // one CRD that cannot be handled must not hold up the others
    for (const crd of crds) {
      try {
        await this.updateNames(crd, crds);
      } catch (e) {
        this.log.warn({ crd: crd.metadata?.name, err: String(e) }, 'custom resources: names and conditions not updated');
        this.retryLater();
      }
    }
    const current = this.crdStore.cachedList() as CRD[];
    // 2. serving
    const resources: ResourceInfo[] = [];
    const keep = new Set<string>();
    for (const crd of current) {
      if (crdCondition(crd, 'Established')?.status !== 'True') continue;
      const name = crd.metadata!.name!;
      keep.add(name);
      try {
        resources.push(...(await this.serve(crd, name)));
      } catch (e) {
        this.log.warn({ crd: name, err: String(e) }, 'custom resources: not served');
        this.retryLater();
      }
    }
    for (const [name, entry] of this.served) {
      if (keep.has(name)) continue;
      this.registry.removeStore(entry.storageId);
      this.forgetSchemas(entry.strategy.definition);
      this.served.delete(name);
    }
    // the catalogue (discovery) and the OpenAPI documents change only when a served CRD does
    const signature = JSON.stringify([...this.served].map(([n, e]) => [n, e.strategy.definition.metadata?.resourceVersion]));
    if (signature !== this.signature) {
      this.signature = signature;
      this.registry.catalogue.setCustomResources(resources, (group) =>
        [...new Set(resources.filter((r) => r.group === group).map((r) => r.version))].sort(compareKubeVersions),
      );
      this.gen++;
    }
    // 3. deletion
    for (const crd of current) {
      if (crd.metadata?.deletionTimestamp && (crd.metadata.finalizers ?? []).includes(CLEANUP_FINALIZER)) this.startCleanup(crd);
    }
  }

  /** give one Established CRD a store (rebuilt when its schema changes); returns its served versions */
  private async serve(crd: CRD, name: string): Promise<ResourceInfo[]> {
    const infos = this.resourceInfos(crd);
    const storageInfo = infos.find((i) => `${i.group}/${i.version}` === i.storageVersion) ?? infos[0];
    let entry = this.served.get(name);
    // a new schema (generation) rebuilds the store: cached objects are read again with its defaults
    if (entry && (entry.storageId !== storageInfo?.storageId || entry.strategy.definition.metadata?.generation !== crd.metadata?.generation)) {
      this.registry.removeStore(entry.storageId);
      this.forgetSchemas(entry.strategy.definition);
      this.served.delete(name);
      entry = undefined;
    }
    if (!entry) {
      const strategy = new CustomResourceStrategy(crd, this.schemas);
      if (storageInfo) await this.registry.addStore(storageInfo, strategy.strategy);
      entry = { strategy, storageId: storageInfo?.storageId ?? '' };
      this.served.set(name, entry);
    } else if (entry.strategy.definition.metadata?.resourceVersion !== crd.metadata?.resourceVersion) {
      entry.strategy.update(crd);
    }
    this.registerSchemas(crd);
    return infos;
  }

  private retryLater(): void {
    if (this.retryTimer || this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.schedule();
    }, 1000);
    this.retryTimer.unref();
  }


  /** list and map types of every served version, for merges and managedFields */
  private registerSchemas(crd: CRD): void {
    if (!this.schemas.patchSchema) return;
    const kind = String((crd.status?.acceptedNames as O | undefined)?.kind ?? (crd.spec.names as O).kind);
    for (const v of (crd.spec.versions ?? []) as O[]) {
      if (!v.served) continue;
      const key = `${String(crd.spec.group)}/${String(v.name)}/${kind}`;
      try {
        this.registry.customSchemas.set(key, this.schemas.patchSchema(crd, String(v.name)));
      } catch (e) {
        this.log.warn({ crd: crd.metadata?.name, err: String(e) }, 'custom resources: no merge schema');
      }
    }
  }

  private forgetSchemas(crd: CRD): void {
    const kind = String((crd.status?.acceptedNames as O | undefined)?.kind ?? (crd.spec.names as O).kind);
    for (const v of (crd.spec.versions ?? []) as O[]) this.registry.customSchemas.delete(`${String(crd.spec.group)}/${String(v.name)}/${kind}`);
  }

  // ---- OpenAPI ---------------------------------------------------------------

  private published(): { crd: CRD; version: string; doc: PublishedOpenApi }[] {
    const out = [];
    if (!this.schemas.openapi) return [];
    for (const { strategy } of this.served.values()) {
      const crd = strategy.definition;
      for (const v of (crd.spec.versions ?? []) as O[]) {
        if (!v.served) continue;
        try {
          out.push({ crd, version: String(v.name), doc: this.schemas.openapi(crd, String(v.name)) });
        } catch (e) {
          this.log.warn({ crd: crd.metadata?.name, version: v.name, err: String(e) }, 'custom resources: OpenAPI publishing failed');
        }
      }
    }
    return out;
  }

  /** the REST paths of one served version, with the operations kubectl explain and clients look for */
  private paths(crd: CRD, version: string, p: PublishedOpenApi, v2: boolean): Record<string, unknown> {
    const info = this.resourceInfos(crd).find((r) => r.version === version);
    if (!info) return {};
    const gvk = { group: info.group, version, kind: info.kind };
    const ref = (name: string) => (v2 ? { $ref: `#/definitions/${name}` } : { $ref: `#/components/schemas/${name}` });
    const ok = (name: string) =>
      v2 ? { '200': { description: 'OK', schema: ref(name) } } : { '200': { description: 'OK', content: { 'application/json': { schema: ref(name) } } } };
    const op = (action: string, verb: string, name: string) => ({
      operationId: `${verb}${info.namespaced && action !== 'list-all' ? 'Namespaced' : ''}${info.kind}`,
      tags: [`${info.group.replace(/\./g, '_')}_${version}`],
      responses: ok(name),
      'x-kubernetes-action': action === 'list-all' ? 'list' : action,
      'x-kubernetes-group-version-kind': gvk,
    });
    const base = `/apis/${info.group}/${version}`;
    const coll = info.namespaced ? `${base}/namespaces/{namespace}/${info.resource}` : `${base}/${info.resource}`;
    const out: Record<string, unknown> = {
      [coll]: { get: op('list', 'list', p.listName), post: op('post', 'create', p.kindName), delete: op('deletecollection', 'deletecollection', p.kindName) },
      [`${coll}/{name}`]: {
        get: op('get', 'read', p.kindName),
        put: op('put', 'replace', p.kindName),
        patch: op('patch', 'patch', p.kindName),
        delete: op('delete', 'delete', p.kindName),
      },
    };
    if (info.namespaced) out[`${base}/${info.resource}`] = { get: op('list-all', 'list', p.listName) };
    for (const sub of info.subresources) {
      if (sub.name !== 'status') continue;
      out[`${coll}/{name}/status`] = { get: op('get', 'read', p.kindName), put: op('put', 'replace', p.kindName), patch: op('patch', 'patch', p.kindName) };
    }
    return out;
  }

  /** built-in component schemas (ObjectMeta and what it references), from the core/v1 document */
  private builtinV3?: Record<string, unknown>;

  /** the built-in schemas a CRD document references, with everything they reference in turn */
  private referencedBuiltins(schemas: Record<string, unknown>): Record<string, unknown> {
    this.builtinV3 ??= (JSON.parse(readFileSync(generatedPath('openapi-v3', 'api__v1.json'), 'utf8')) as { components: { schemas: Record<string, unknown> } }).components.schemas;
    const out: Record<string, unknown> = {};
    const queue: unknown[] = Object.values(schemas);
    while (queue.length) {
      const v = queue.pop();
      if (Array.isArray(v)) queue.push(...v);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref' && typeof x === 'string' && x.startsWith('#/components/schemas/')) {
            const name = x.slice('#/components/schemas/'.length);
            if (!(name in out) && !(name in schemas) && this.builtinV3[name]) {
              out[name] = this.builtinV3[name];
              queue.push(this.builtinV3[name]);
            }
          } else queue.push(x);
        }
      }
    }
    return out;
  }

  v3Documents(): Map<string, unknown> {
    const docs = new Map<string, { openapi: string; info: unknown; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } }>();
    for (const p of this.published()) {
      const key = `apis/${String(p.crd.spec.group)}/${p.version}`;
      let d = docs.get(key);
      if (!d) docs.set(key, (d = { openapi: '3.0.0', info: { title: 'Kubernetes CRD Swagger', version: 'v0.1.0' }, paths: {}, components: { schemas: {} } }));
      Object.assign(d.paths, this.paths(p.crd, p.version, p.doc, false));
      Object.assign(d.components.schemas, p.doc.v3Schemas);
    }
    for (const d of docs.values()) Object.assign(d.components.schemas, this.referencedBuiltins(d.components.schemas));
    return docs;
  }

  v2Additions(): { paths: Record<string, unknown>; definitions: Record<string, unknown> } {
    const definitions: Record<string, unknown> = {};
    const paths: Record<string, unknown> = {};
    for (const p of this.published()) {
      Object.assign(definitions, p.doc.v2Definitions);
      Object.assign(paths, this.paths(p.crd, p.version, p.doc, true));
    }
    return { paths, definitions };
  }

  /** one ResourceInfo per served version, with the accepted names */
  resourceInfos(crd: CRD): ResourceInfo[] {
    const spec = crd.spec;
    const group = String(spec.group ?? '');
    const names = namesOf(isObj(crd.status?.acceptedNames) ? (crd.status!.acceptedNames as O) : (spec.names as O));
    const versions = ((spec.versions ?? []) as O[]).filter((v) => v.served);
    const storage = ((spec.versions ?? []) as O[]).find((v) => v.storage)?.name ?? versions[0]?.name;
    const storageId = `crd:${group}/${names.plural}`;
    return versions.map((v) => {
      const subresources: SubresourceInfo[] = [];
      const sub = (v.subresources ?? {}) as O;
      if (isObj(sub.status)) subresources.push({ name: 'status', verbs: ['get', 'patch', 'update'], group, version: v.name, kind: names.kind });
      if (isObj(sub.scale)) subresources.push({ name: 'scale', verbs: ['get', 'patch', 'update'], group: 'autoscaling', version: 'v1', kind: 'Scale' });
      return {
        group,
        version: String(v.name),
        resource: names.plural,
        kind: names.kind,
        listKind: names.listKind || `${names.kind}List`,
        singular: names.singular || names.kind.toLowerCase(),
        namespaced: spec.scope === 'Namespaced',
        verbs: CR_VERBS,
        shortNames: names.shortNames,
        categories: names.categories,
        subresources,
        storageId,
        storagePrefix: `/registry/${group}/${names.plural}`,
        storageVersion: `${group}/${storage}`,
        custom: true,
      };
    });
  }

  /** names already accepted by the other CRDs of a group */
  private usedNames(crd: CRD, all: CRD[]): { resources: Set<string>; kinds: Set<string> } {
    const resources = new Set<string>();
    const kinds = new Set<string>();
    for (const other of all) {
      if (other.metadata?.name === crd.metadata?.name || other.spec.group !== crd.spec.group) continue;
      const a = namesOf(other.status?.acceptedNames as O | undefined);
      for (const n of [a.plural, a.singular, ...a.shortNames]) if (n) resources.add(n);
      for (const n of [a.kind, a.listKind]) if (n) kinds.add(n);
    }
    return { resources, kinds };
  }

  private async updateNames(crd: CRD, all: CRD[]): Promise<void> {
    const wanted = namesOf(crd.spec.names as O);
    const accepted = namesOf(crd.status?.acceptedNames as O | undefined);
    const established = crdCondition(crd, 'Established');
    const namesCond = crdCondition(crd, 'NamesAccepted');
    if (sameJson(crd.spec.names, crd.status?.acceptedNames) && established?.status === 'True' && namesCond?.status === 'True') return;
    const used = this.usedNames(crd, all);
    const next: O = { ...(isObj(crd.status?.acceptedNames) ? (crd.status!.acceptedNames as O) : {}) };
    let conflict: { reason: string; message: string } | undefined;
    const check = (req: string, acc: string, set: Set<string>, reason: string, field: string) => {
      if (req === acc || !set.has(req)) {
        if (req) next[field] = req;
        return;
      }
      conflict = { reason, message: `"${req}" is already in use` };
    };
    check(wanted.plural, accepted.plural, used.resources, 'PluralConflict', 'plural');
    check(wanted.singular, accepted.singular, used.resources, 'SingularConflict', 'singular');
    const shortConflicts = wanted.shortNames.filter((s) => !accepted.shortNames.includes(s) && used.resources.has(s));
    if (shortConflicts.length) conflict = { reason: 'ShortNamesConflict', message: shortConflicts.map((s) => `"${s}" is already in use`).join(', ') };
    else if (wanted.shortNames.length || next.shortNames) next.shortNames = wanted.shortNames.length ? wanted.shortNames : undefined;
    check(wanted.kind, accepted.kind, used.kinds, 'KindConflict', 'kind');
    check(wanted.listKind, accepted.listKind, used.kinds, 'ListKindConflict', 'listKind');
    if (wanted.categories.length) next.categories = wanted.categories;
    else delete next.categories;
    if (next.shortNames === undefined) delete next.shortNames;

    const names: Condition = conflict
      ? { type: 'NamesAccepted', status: 'False', ...conflict }
      : { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' };
    let est: Condition = established ?? { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' };
    // the API server establishes the names itself once they are accepted (upstream: naming, then establishing controller)
    if (names.status === 'True' && est.status !== 'True')
      est = { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' };
    if (sameJson(next, crd.status?.acceptedNames ?? {}) && sameJson(stripTime(names), stripTime(namesCond)) && sameJson(stripTime(est), stripTime(established))) return;
    try {
      await this.crdStore.guaranteedUpdate({ ...system, subresource: 'status' }, '', crd.metadata!.name!, (cur) => {
        if (!cur || cur.metadata?.uid !== crd.metadata?.uid) throw new ApiError(409, 'Conflict', 'changed');
        const status = (isObj(cur.status) ? cur.status : (cur.status = {})) as O;
        status.acceptedNames = next;
        setCondition(status, names);
        setCondition(status, est);
        return cur;
      });
    } catch (e) {
      if (e instanceof ApiError && (e.code === 404 || e.code === 409)) return;
      throw e;
    }
  }

  private startCleanup(crd: CRD): void {
    const name = crd.metadata!.name!;
    if (this.cleaning.has(name)) return;
    this.cleaning.add(name);
    void this.cleanup(crd)
      .catch((e: unknown) => {
        this.log.warn({ crd: name, err: String(e) }, 'custom resources: cleanup failed');
        setTimeout(() => this.schedule(), 1000).unref();
      })
      .finally(() => this.cleaning.delete(name));
  }

  private async setTerminating(name: string, reason: string, message: string): Promise<void> {
    await this.crdStore
      .guaranteedUpdate({ ...system, subresource: 'status' }, '', name, (cur) => {
        if (!cur) throw new ApiError(404, 'NotFound', 'gone');
        setCondition((isObj(cur.status) ? cur.status : (cur.status = {})) as O, { type: 'Terminating', status: 'True', reason, message });
        return cur;
      })
      .catch((e: unknown) => {
        if (!(e instanceof ApiError)) throw e;
      });
  }

  /** delete every instance, then release the CRD */
  private async cleanup(crd: CRD): Promise<void> {
    const name = crd.metadata!.name!;
    const store = this.served.get(name) ? this.registry.storeFor({ storageId: this.served.get(name)!.storageId } as ResourceInfo) : undefined;
    if (store) {
      await this.setTerminating(name, 'InstanceDeletionInProgress', 'CustomResource deletion is in progress');
      const listed = await store.list({ namespace: '', labelSelector: everythingLabels, fieldSelector: everythingFields });
      for (const o of listed.items) {
        const m = o.metadata!;
        if (m.deletionTimestamp) continue;
        await store.delete({ ...system, namespace: m.namespace ?? '' }, m.namespace ?? '', m.name!, {}).catch((e: unknown) => {
          if (!(e instanceof ApiError && e.code === 404)) throw e;
        });
      }
      // instances with finalizers of their own keep the CRD until they are gone
      for (let i = 0; ; i++) {
        const left = (await store.list({ namespace: '', labelSelector: everythingLabels, fieldSelector: everythingFields })).items.length;
        if (left === 0) break;
        if (i % 50 === 49) {
          await this.setTerminating(name, 'InstanceDeletionCheck', `could not confirm zero CustomResources remaining: ${left} remaining`);
        }
        if (this.stopped) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      await this.setTerminating(name, 'InstanceDeletionCompleted', 'removed all instances');
    }
    await this.crdStore
      .guaranteedUpdate({ ...system }, '', name, (cur) => {
        if (!cur) throw new ApiError(404, 'NotFound', 'gone');
        cur.metadata!.finalizers = (cur.metadata!.finalizers ?? []).filter((f) => f !== CLEANUP_FINALIZER);
        if (!cur.metadata!.finalizers.length) delete cur.metadata!.finalizers;
        return cur;
      })
      .catch((e: unknown) => {
        if (!(e instanceof ApiError && e.code === 404)) throw e;
      });
  }
}

function stripTime(c: Condition | undefined): Omit<Condition, 'lastTransitionTime'> | undefined {
  if (!c) return undefined;
  const { lastTransitionTime: _t, ...rest } = c;
  return rest;
}

export type { KObject };
