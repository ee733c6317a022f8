// Wires the catalogue to storage: one generic Store per stored collection,
// with the resource's strategy and table columns, plus the virtual
// (unstored) resources such as reviews and bindings.
import type { ApiCatalogue, ResourceInfo } from '../api/catalogue.js';
import type { Storage } from '../storage/interface.js';
import type { CacheHub } from '../storage/cacher/CacheHub.js';
import { Store } from './generic/Store.js';
import type { Strategy, RequestContext, TableConvertor, ResourceHooks } from './generic/strategy.js';
import type { KObject } from '../machinery/objects.js';
import type { AdmissionChain } from '../admission/chain.js';
import { FieldManager } from '../machinery/managedfields/index.js';
import { schemaForKind, type PatchSchemaNode } from '../machinery/patch/index.js';

export function resourceKey(group: string, resource: string): string {
  return group ? `${group}/${resource}` : resource;
}

/** A resource served without storage (reviews, bindings, component statuses). */
export interface VirtualResource {
  create?(ctx: RequestContext, obj: KObject, info: ResourceInfo): Promise<KObject>;
  get?(ctx: RequestContext, name: string, info: ResourceInfo): Promise<KObject>;
  list?(ctx: RequestContext, info: ResourceInfo): Promise<KObject[]>;
  table?: TableConvertor;
}

export interface RegistryParts {
  strategies: Record<string, Strategy>;
  tables: Record<string, TableConvertor>;
  virtual: Record<string, VirtualResource>;
  /** hooks that need the registry (allocators), built once the registry exists */
  hooks?: (registry: Registry) => Record<string, ResourceHooks>;
  /** the admission chain, built once the registry exists */
  admission?: (registry: Registry) => AdmissionChain;
}

export class Registry {
  private stores = new Map<string, Store>();
  private readonly parts: RegistryParts;
  private hooks: Record<string, ResourceHooks> = {};
  private admission?: AdmissionChain;
  /** schemas of custom resource kinds for managedFields, by "group/version/Kind" */
  readonly customSchemas = new Map<string, PatchSchemaNode>();
  readonly fieldManager = new FieldManager({
    schemaFor: (apiVersion, kind) => {
      const [g, v] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
      return schemaForKind(g, v, kind) ?? this.customSchemas.get(`${g}/${v}/${kind}`);
    },
  });

  constructor(
    readonly catalogue: ApiCatalogue,
    readonly storage: Storage,
    readonly hub: CacheHub,
    parts: RegistryParts,
  ) {
    this.parts = parts;
  }

  strategyFor(info: ResourceInfo): Strategy {
    const key = resourceKey(info.group, info.resource);
    const s = this.parts.strategies[key] ?? {};
    const table = s.table ?? this.parts.tables[key];
    return table && !s.table ? { ...s, table } : s;
  }

  virtualFor(info: ResourceInfo): VirtualResource | undefined {
    return this.parts.virtual[resourceKey(info.group, info.resource)];
  }

  /** Create and fill the stores of every stored built-in resource. */
  async init(): Promise<void> {
    this.hooks = this.parts.hooks?.(this) ?? {};
    this.admission = this.parts.admission?.(this);
    const pending: Promise<void>[] = [];
    for (const info of this.catalogue.resources()) {
      if (this.virtualFor(info)) continue;
      if (this.stores.has(info.storageId)) continue;
      // the storage-version entry defines the store of a shared collection
      const owner = this.catalogue.resources().find((r) => r.storageId === info.storageId && `${r.group ? r.group + '/' : ''}${r.version}` === info.storageVersion) ?? info;
      const store = new Store(owner, this.storage, this.hub, this.strategyFor(owner), this.hooks[resourceKey(owner.group, owner.resource)], this.admission, this.fieldManager);
      this.stores.set(info.storageId, store);
      pending.push(store.init());
    }
    await Promise.all(pending);
  }

  /** Add the store of a resource defined at run time (custom resources). */
  async addStore(info: ResourceInfo, strategy: Strategy): Promise<Store> {
    const existing = this.stores.get(info.storageId);
    if (existing) return existing;
    const store = new Store(info, this.storage, this.hub, strategy, {}, this.admission, this.fieldManager);
    this.stores.set(info.storageId, store);
    await store.init();
    return store;
  }

  removeStore(storageId: string): void {
    const s = this.stores.get(storageId);
    if (!s) return;
    this.hub.unregister(s.prefix);
    this.stores.delete(storageId);
  }

  storeFor(info: ResourceInfo): Store | undefined {
    return this.stores.get(info.storageId);
  }

  storeByKey(group: string, resource: string): Store | undefined {
    for (const s of this.stores.values()) if (s.info.group === group && s.info.resource === resource) return s;
    return undefined;
  }
}
