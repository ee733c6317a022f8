// Admission: checks (and, for mutating plugins, changes) a write after the
// resource's own validation and before it is stored. The chain is a list of
// plugins applied in order (see chain.ts).
import type { ResourceInfo } from '../api/catalogue.js';
import type { RequestContext } from '../registry/generic/strategy.js';
import type { KObject } from '../machinery/objects.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionAttributes {
  operation: Operation;
  resource: ResourceInfo;
  namespace: string;
  name: string;
  /** the object to be stored (CREATE, UPDATE) */
  obj?: KObject;
  /** the stored object (UPDATE, DELETE) */
  old?: KObject;
  ctx: RequestContext;
}

export interface AdmissionPlugin {
  readonly name: string;
  /** throw an ApiError to refuse */
  admit(a: AdmissionAttributes): Promise<void> | void;
}
