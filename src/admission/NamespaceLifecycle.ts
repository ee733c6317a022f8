// NamespaceLifecycle: no new objects in a namespace that does not exist or is
// being deleted, and the system namespaces cannot be deleted
// (upstream: plugin/pkg/admission/namespace/lifecycle).
import { ApiError, notFound } from '../machinery/errors.js';
import type { KObject } from '../machinery/objects.js';
import type { AdmissionAttributes, AdmissionPlugin } from './types.js';

const immortal = new Set(['default', 'kube-system', 'kube-public']);

/** resources whose objects may be created whatever the namespace's state (they are not stored) */
const exempt = new Set(['authorization.k8s.io/localsubjectaccessreviews']);

export class NamespaceLifecycle implements AdmissionPlugin {
  readonly name = 'NamespaceLifecycle';

  /** lookupNamespace: the namespace as stored now (a consistent read), or undefined */
  constructor(private readonly lookupNamespace: (name: string) => Promise<KObject | undefined>) {}

  async admit(a: AdmissionAttributes): Promise<void> {
    const r = a.resource;
    if (a.operation === 'DELETE' && !r.group && r.resource === 'namespaces' && immortal.has(a.name)) {
      throw new ApiError(403, 'Forbidden', `namespaces "${a.name}" is forbidden: this namespace may not be deleted`, { name: a.name, kind: 'namespaces' });
    }
    if (a.operation !== 'CREATE' || !r.namespaced || !a.namespace) return;
    if (exempt.has(`${r.group}/${r.resource}`)) return;
    const ns = await this.lookupNamespace(a.namespace);
    if (!ns) throw notFound({ group: '', resource: 'namespaces' }, a.namespace);
    if (ns.metadata?.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating') {
      const qualified = r.group ? `${r.resource}.${r.group}` : r.resource;
      throw new ApiError(
        403,
        'Forbidden',
        `${qualified} "${a.name}" is forbidden: unable to create new content in namespace ${a.namespace} because it is being terminated`,
        {
          name: a.name,
          group: r.group || undefined,
          kind: r.resource,
          causes: [{ reason: 'NamespaceTerminating', message: `namespace ${a.namespace} is being terminated`, field: 'metadata.namespace' }],
        },
      );
    }
  }
}
