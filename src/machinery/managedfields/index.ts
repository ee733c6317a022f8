// Server-side apply and managedFields.
export {
  FieldManager,
  DEFAULT_MAX_UPDATE_MANAGERS,
  LAST_APPLIED_ANNOTATION,
  buildLastApplied,
  fieldManagerErrors,
  managerFromUserAgent,
  newConflictError,
  printManager,
  validateFieldManager,
  type ApplyOptions,
  type FieldManagerOptions,
  type FieldPathSpec,
  type ManagedFieldsEntry,
  type WriteOptions,
} from './fieldmanager.js';
export { decodeManagedFields, encodeManagedFields, managerIdentifier, ManagedFieldsError, type Managed } from './entries.js';
export { FieldSet, FieldsV1Error } from './fieldset.js';
export { fieldElement, keyElement, valueElement, indexElement, pathString, type Path, type PathElement } from './pathelement.js';
export { typeOf, toFieldSet, compare, merge, removeItems, TypedError, type TypeNode, type Comparison } from './typed.js';
export { emptyObjectFor } from './emptyobject.js';
