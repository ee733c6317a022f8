// The default admission chain of the server, in order.
import type { Registry } from '../registry/Registry.js';
import { AdmissionChain } from './chain.js';
import { NamespaceLifecycle } from './NamespaceLifecycle.js';
import { ApiError } from '../machinery/errors.js';

export function defaultAdmission(registry: Registry): AdmissionChain {
  const namespaces = () => registry.storeByKey('', 'namespaces');
  return new AdmissionChain([
    new NamespaceLifecycle(async (name) => {
      const store = namespaces();
      if (!store) return undefined;
      // the cache first; on a miss, a consistent read (the namespace may have just been made)
      const cached = store.cached('', name);
      if (cached) return cached;
      try {
        return await store.get('', name);
      } catch (e) {
        if (e instanceof ApiError && e.code === 404) return undefined;
        throw e;
      }
    }),
  ]);
}
