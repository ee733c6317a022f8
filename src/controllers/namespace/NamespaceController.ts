// Empties a namespace that is being deleted, then removes the "kubernetes"
// finalizer through namespaces/finalize so the API server can drop it
// (upstream: pkg/controller/namespace).
import { Controller } from '../runtime/Controller.js';
import { ApiRequestError } from '../runtime/client.js';
import type { Informer } from '../runtime/Informer.js';
import type { KObject } from '../../machinery/objects.js';

interface ApiResource {
  name: string;
  namespaced: boolean;
  verbs: string[];
}

interface DeletableResource {
  /** collection path prefix up to the namespace segment: /api/v1 or /apis/g/v */
  base: string;
  resource: string;
  deleteCollection: boolean;
}

const FINALIZER = 'kubernetes';
const DISCOVERY_TTL_MS = 30_000;

export class NamespaceController extends Controller {
  readonly name = 'namespace';
  private namespaces!: Informer;
  private discovered?: { at: number; resources: DeletableResource[] };

  setup(): void {
    this.namespaces = this.ctx.informers.get('/api/v1/namespaces');
    const enqueue = (ns: KObject) => {
      if (ns.metadata?.deletionTimestamp) this.queue.add(ns.metadata.name!);
    };
    this.namespaces.on({ add: enqueue, update: enqueue });
  }

  /** every namespaced resource that can be listed and deleted, from discovery */
  private async resources(): Promise<DeletableResource[]> {
    if (this.discovered && Date.now() - this.discovered.at < DISCOVERY_TTL_MS) return this.discovered.resources;
    const c = this.ctx.client;
    const bases = ['/api/v1'];
    const groups = await c.get<{ groups: { preferredVersion: { groupVersion: string } }[] }>('/apis');
    for (const g of groups.groups) bases.push(`/apis/${g.preferredVersion.groupVersion}`);
    const out: DeletableResource[] = [];
    for (const base of bases) {
      const list = await c.get<{ resources: ApiResource[] }>(base);
      for (const r of list.resources) {
        if (!r.namespaced || r.name.includes('/')) continue;
        if (!r.verbs.includes('list') || !(r.verbs.includes('delete') || r.verbs.includes('deletecollection'))) continue;
        out.push({ base, resource: r.name, deleteCollection: r.verbs.includes('deletecollection') });
      }
    }
    this.discovered = { at: Date.now(), resources: out };
    return out;
  }

  /** delete everything of one resource in the namespace; returns how many objects are left */
  private async empty(ns: string, r: DeletableResource): Promise<number> {
    const c = this.ctx.client;
    const path = `${r.base}/namespaces/${ns}/${r.resource}`;
    try {
      if (r.deleteCollection) await c.delete(path);
      const left = await c.list(path);
      if (!r.deleteCollection) {
        for (const o of left.items) {
          await c.delete(`${path}/${o.metadata!.name}`).catch((e: unknown) => {
            if (!(e instanceof ApiRequestError && e.status === 404)) throw e;
          });
        }
        return (await c.list(path)).items.length;
      }
      return left.items.length;
    } catch (e) {
      // a resource that went away (custom resource definition deleted) or that cannot be listed here
      if (e instanceof ApiRequestError && (e.status === 404 || e.status === 405)) return 0;
      throw e;
    }
  }

  protected async reconcile(name: string): Promise<void> {
    const c = this.ctx.client;
    let ns: KObject;
    try {
      ns = await c.get(`/api/v1/namespaces/${name}`);
    } catch (e) {
      if (e instanceof ApiRequestError && e.status === 404) return;
      throw e;
    }
    if (!ns.metadata?.deletionTimestamp) return;
    const finalizers = ((ns.spec as { finalizers?: string[] } | undefined)?.finalizers ?? []).slice();
    if (!finalizers.includes(FINALIZER)) return;
    let remaining = 0;
    for (const r of await this.resources()) remaining += await this.empty(name, r);
    if (remaining > 0) {
      // objects still terminating (graceful deletion, finalizers): look again soon
      this.queue.addAfter(name, 1000);
      return;
    }
    ns.spec = { ...(ns.spec as object), finalizers: finalizers.filter((f) => f !== FINALIZER) };
    try {
      await c.update(`/api/v1/namespaces/${name}/finalize`, ns);
    } catch (e) {
      if (e instanceof ApiRequestError && (e.status === 404 || e.status === 409)) {
        if (e.status === 409) this.queue.addAfter(name, 100);
        return;
      }
      throw e;
    }
  }
}
