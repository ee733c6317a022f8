// The schema and CEL machinery of CustomResourceDefinitions is large (its module
// graph takes about 100 ms to load), and a server without CRDs never needs it:
// it is loaded on the first request that touches CRDs or custom resources, or at
// start when CRDs exist. Callers await loadCrdModules() before using crdModules.
import { ApiError } from '../../machinery/errors.js';

type SchemaModule = typeof import('./schema/index.js');
type CelModule = typeof import('../../machinery/cel/index.js');
type SchemasModule = typeof import('./customresource/schemas.js');

interface Loaded {
  schema: SchemaModule;
  cel: CelModule;
  schemas: SchemasModule;
}

let loaded: Loaded | undefined;
let loading: Promise<Loaded> | undefined;

export function loadCrdModules(): Promise<Loaded> {
  if (loaded) return Promise.resolve(loaded);
  loading ??= Promise.all([import('./schema/index.js'), import('../../machinery/cel/index.js'), import('./customresource/schemas.js')]).then(
    ([schema, cel, schemas]) => (loaded = { schema, cel, schemas }),
  );
  return loading;
}

/** the loaded modules; a caller that did not await loadCrdModules() gets a 503 */
export function crdModules(): Loaded {
  if (!loaded) throw new ApiError(503, 'ServiceUnavailable', 'the custom resource machinery is still loading; retry');
  return loaded;
}
