// What a resource contributes to the generic Store: defaults, validation,
// how updates treat spec and status, field selectors, deletion rules and
// table columns. Everything is optional; the generic behaviour applies when
// a hook is absent (see DefaultStrategy).
import type { FieldError } from '../../machinery/errors.js';
import type { KObject } from '../../machinery/objects.js';
import type { NameRule } from '../../machinery/validation.js';
import type { TableColumnDefinition } from './table.js';
import type { UserInfo } from '../../auth/user.js';

export interface RequestContext {
  user: UserInfo;
  /** namespace from the URL ('' for cluster-scoped requests) */
  namespace: string;
  dryRun: boolean;
  fieldManager?: string;
  /** the client's User-Agent (the default field manager is derived from it) */
  userAgent?: string;
  /** managedFields are already maintained for this write (server-side apply did it) */
  managedFieldsDone?: boolean;
  /** subresource the request targets ('' for the main resource) */
  subresource: string;
  /** group/version of the request ("v1", "events.k8s.io/v1"); absent for internal writes */
  groupVersion?: string;
  /** warnings for the client (Warning headers) collected while handling the request */
  warnings?: string[];
}

export interface TableConvertor {
  columns: TableColumnDefinition[];
  /** one row's cells, in column order */
  cells(obj: KObject, now: Date): unknown[];
}

export interface ScalePaths {
  /** JSON path of the desired replicas, e.g. .spec.replicas */
  specReplicasPath: string;
  /** JSON path of the observed replicas, e.g. .status.replicas */
  statusReplicasPath: string;
  /** JSON path of the label selector in string form, e.g. .status.selector */
  labelSelectorPath?: string;
}

export interface Strategy {
  /** how metadata.name is validated */
  nameRule?: NameRule;
  /** metadata.generation is set to 1 on create and bumped on every change outside metadata and status */
  generation?: boolean;
  /** the resource has a status subresource: updates to the main resource keep the stored status */
  hasStatus?: boolean;
  /** a status update keeps the stored metadata whole (upstream ResetObjectMetaForStatus) */
  statusResetsMetadata?: boolean;
  /** PUT may create the object */
  allowCreateOnUpdate?: boolean;
  /** PUT without metadata.resourceVersion is allowed (last writer wins) */
  allowUnconditionalUpdate?: boolean;
  /** DELETE answers with the deleted object instead of a Status */
  returnDeletedObject?: boolean;

  /** fill defaulted fields (every write path) */
  defaults?(obj: KObject): void;
  /** adjust an object read from storage (custom resources: schema defaults) */
  fromStorage?(obj: KObject): void;
  /** adjust an object before it is created (clear status, set initial state) */
  prepareForCreate?(obj: KObject, ctx: RequestContext): void;
  /** resource-specific validation on create (ObjectMeta is checked generically) */
  validate?(obj: KObject, ctx: RequestContext): FieldError[];
  /** adjust an update of the main resource (old is the stored object) */
  prepareForUpdate?(obj: KObject, old: KObject, ctx: RequestContext): void;
  /** resource-specific validation on update (immutable fields, transitions) */
  validateUpdate?(obj: KObject, old: KObject, ctx: RequestContext): FieldError[];
  /** adjust an update through the status subresource */
  prepareForStatusUpdate?(obj: KObject, old: KObject, ctx: RequestContext): void;
  validateStatusUpdate?(obj: KObject, old: KObject, ctx: RequestContext): FieldError[];

  /** field-selector attributes beyond metadata.name and metadata.namespace */
  selectableFields?(obj: KObject): Record<string, string>;

  /**
   * Graceful deletion: seconds the object lingers (deletionTimestamp set)
   * before it is removed; 0 or undefined removes it at once.
   */
  gracefulDeletionSeconds?(obj: KObject, requested: number | undefined): number;

  /**
   * Finalizers the resource keeps outside metadata.finalizers (a namespace's
   * spec.finalizers): while any is left, deletion only marks the object.
   */
  deletionBlockers?(obj: KObject): string[];
  /** adjust an object whose deletion starts (a namespace turns Terminating) */
  beginDeletion?(obj: KObject): void;

  /** columns for `Accept: application/json;as=Table` */
  table?: TableConvertor;
  /**
   * Where the scale subresource reads and writes, for resources whose paths are
   * not .spec.replicas / .status.replicas / .spec.selector (custom resources).
   */
  scalePaths?(groupVersion: string): ScalePaths | undefined;
  /** columns for one served group version, where they differ by version (custom resources) */
  tableFor?(groupVersion: string): TableConvertor | undefined;
  /**
   * Decoding of a request body for kinds without a built-in schema (custom
   * resources): drop the fields the schema does not declare and name them
   * (for fieldValidation Warn/Strict).
   */
  pruneUnknown?(obj: KObject, groupVersion: string): string[];

  /** warnings to return in the Warning header */
  warnings?(obj: KObject, old: KObject | undefined): string[];
}

/**
 * Hooks around the storage write of one resource, for work that touches
 * other objects (allocating Service IPs, releasing them on delete). Unlike
 * a Strategy, hooks are built with access to the registry.
 */
export interface ResourceHooks {
  /** after validation, before the object is stored; may allocate, throws to refuse */
  beforeCreate?(obj: KObject, ctx: RequestContext): Promise<void>;
  /** the create did not happen (storage failure, dry run): release what beforeCreate took */
  rollbackCreate?(obj: KObject, ctx: RequestContext): Promise<void>;
  /** after validation of an update, before it is stored */
  beforeUpdate?(obj: KObject, old: KObject, ctx: RequestContext): Promise<void>;
  /** the object is gone from storage */
  afterDelete?(obj: KObject, ctx: RequestContext): Promise<void>;
}
