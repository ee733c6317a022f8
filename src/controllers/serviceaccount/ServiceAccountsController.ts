// Makes sure every active namespace has the "default" ServiceAccount
// (upstream: pkg/controller/serviceaccount/serviceaccounts_controller.go).
import { Controller } from '../runtime/Controller.js';
import { ApiRequestError } from '../runtime/client.js';
import type { Informer } from '../runtime/Informer.js';

export class ServiceAccountsController extends Controller {
  readonly name = 'serviceaccount';
  private namespaces!: Informer;
  private serviceAccounts!: Informer;
  private readonly accounts = ['default'];

  setup(): void {
    this.namespaces = this.ctx.informers.get('/api/v1/namespaces');
    this.serviceAccounts = this.ctx.informers.get('/api/v1/serviceaccounts');
    this.namespaces.on({
      add: (ns) => this.queue.add(ns.metadata!.name!),
      update: (ns) => this.queue.add(ns.metadata!.name!),
    });
    this.serviceAccounts.on({
      delete: (sa) => {
        if (this.accounts.includes(sa.metadata?.name ?? '')) this.queue.add(sa.metadata!.namespace!);
      },
    });
  }

  protected async reconcile(ns: string): Promise<void> {
    const namespace = this.namespaces.get(ns);
    if (!namespace || namespace.metadata?.deletionTimestamp || (namespace.status as { phase?: string } | undefined)?.phase === 'Terminating') return;
    for (const name of this.accounts) {
      if (this.serviceAccounts.get(`${ns}/${name}`)) continue;
      try {
        await this.ctx.client.create(`/api/v1/namespaces/${ns}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } });
      } catch (e) {
        // already there (our cache is behind), or the namespace is going away
        if (e instanceof ApiRequestError && (e.status === 409 || e.status === 404 || e.status === 403)) continue;
        throw e;
      }
    }
  }
}
