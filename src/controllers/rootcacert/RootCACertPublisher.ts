// Publishes the cluster CA bundle into every namespace as the ConfigMap
// kube-root-ca.crt (key ca.crt), and puts it back when it is changed or
// deleted (upstream: pkg/controller/certificates/rootcacertpublisher).
import { Controller } from '../runtime/Controller.js';
import { ApiRequestError } from '../runtime/client.js';
import type { Informer } from '../runtime/Informer.js';

export const rootCAConfigMapName = 'kube-root-ca.crt';

export class RootCACertPublisher extends Controller {
  readonly name = 'root-ca-cert-publisher';
  private namespaces!: Informer;
  private configMaps!: Informer;

  setup(): void {
    this.namespaces = this.ctx.informers.get('/api/v1/namespaces');
    this.configMaps = this.ctx.informers.get('/api/v1/configmaps', { fieldSelector: `metadata.name=${rootCAConfigMapName}` });
    this.namespaces.on({
      add: (ns) => this.queue.add(ns.metadata!.name!),
      update: (ns) => this.queue.add(ns.metadata!.name!),
    });
    const requeue = (cm: { metadata?: { namespace?: string } }) => this.queue.add(cm.metadata!.namespace!);
    this.configMaps.on({ update: requeue, delete: requeue });
  }

  protected async reconcile(ns: string): Promise<void> {
    const namespace = this.namespaces.get(ns);
    if (!namespace || namespace.metadata?.deletionTimestamp || (namespace.status as { phase?: string } | undefined)?.phase === 'Terminating') return;
    const want = { 'ca.crt': this.ctx.caPem };
    const cur = this.configMaps.get(`${ns}/${rootCAConfigMapName}`);
    try {
      if (!cur) {
        await this.ctx.client.create(`/api/v1/namespaces/${ns}/configmaps`, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: rootCAConfigMapName },
          data: want,
        });
        return;
      }
      const data = (cur.data ?? {}) as Record<string, string>;
      if (data['ca.crt'] === this.ctx.caPem && Object.keys(data).length === 1) return;
      await this.ctx.client.update(`/api/v1/namespaces/${ns}/configmaps/${rootCAConfigMapName}`, { ...cur, data: want });
    } catch (e) {
      if (e instanceof ApiRequestError && (e.status === 409 || e.status === 404 || e.status === 403)) {
        // a conflict means our cache is behind: look again shortly
        if (e.status === 409) this.queue.addAfter(ns, 200);
        return;
      }
      throw e;
    }
  }
}
