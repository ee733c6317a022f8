// The MVCC storage contract every backend (embedded SQLite, etcd) satisfies.
//
// Keys are plain strings ("/registry/pods/default/nginx"); values are the
// serialized object (JSON text). Every successful write gets a new, strictly
// increasing revision shared by the whole store (one global counter, as in
// etcd). The API layer turns revisions into resourceVersions.

export interface KeyValue {
  key: string;
  value: string;
  /** revision at which the key was (last) created */
  createRevision: number;
  /** revision of the write that produced this value */
  modRevision: number;
}

export type StorageEventType = 'create' | 'update' | 'delete';

export interface StorageEvent {
  type: StorageEventType;
  key: string;
  /** revision of this write (for delete: the revision of the deletion) */
  revision: number;
  /** the new value; for delete: absent */
  kv?: KeyValue;
  /** the value before this write; for create: absent */
  prevKv?: KeyValue;
}

export interface ListOptions {
  /** read at this revision (snapshot); 0/undefined = newest */
  revision?: number;
  /** at most this many items; 0/undefined = all */
  limit?: number;
  /** first key to return (inclusive); must start with the prefix */
  startKey?: string;
}

export interface ListResult {
  items: KeyValue[];
  /** the revision the list was read at */
  revision: number;
  /** true when more keys follow the last returned one */
  more: boolean;
  /** number of keys in [startKey, end of prefix) at that revision, when the backend knows it cheaply */
  count?: number;
}

export interface WatchHandle {
  stop(): void;
}

export interface WatchCallbacks {
  /** events are delivered in revision order, each exactly once */
  onEvents(events: StorageEvent[]): void;
  /** the watch ended abnormally (compacted start revision, backend gone); no further events */
  onError(err: Error): void;
}

export interface WatchOptions {
  /**
   * Whether update and delete events carry prevKv (default true). A consumer
   * that keeps the current values itself (the watch cache) turns it off: on
   * etcd every previous value costs a backend read and travels the stream.
   * A backend may still include it when that costs nothing.
   */
  prevKv?: boolean;
}

export interface Storage {
  /** the backend's name for logs and metrics ("embedded", "etcd") */
  readonly name: string;

  get(key: string): Promise<KeyValue | null>;

  /** keys starting with prefix, in byte order of the key */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;

  /** fails with StorageError('KeyExists') if the key exists */
  create(key: string, value: string): Promise<KeyValue>;

  /**
   * Replace the value if the key's modRevision still equals expectedModRevision.
   * Fails with StorageError('NotFound') when the key is absent and
   * StorageError('Conflict', current) when it changed.
   */
  update(key: string, value: string, expectedModRevision: number): Promise<KeyValue>;

  /**
   * Delete the key (when expectedModRevision is given, only if unchanged).
   * Returns the deleted value and the revision of the deletion.
   */
  delete(key: string, expectedModRevision?: number): Promise<{ prev: KeyValue; revision: number }>;

  /**
   * Stream every change to keys under prefix with revision > fromRevision.
   * Fails (onError with StorageError('Compacted')) when fromRevision is older
   * than the compacted revision.
   */
  watch(prefix: string, fromRevision: number, cb: WatchCallbacks, opts?: WatchOptions): WatchHandle;

  /** newest revision of the whole store */
  currentRevision(): Promise<number>;

  /** drop history older than revision (newest value of every live key is kept) */
  compact(revision: number): Promise<void>;

  /** revision up to which history has been dropped (0 = none) */
  compactedRevision(): Promise<number>;

  close(): Promise<void>;
}

export type StorageErrorCode = 'KeyExists' | 'NotFound' | 'Conflict' | 'Compacted' | 'Unavailable';

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    /** for Conflict: the current value; for Compacted: undefined */
    readonly current?: KeyValue,
    /** for Compacted: the compacted revision */
    readonly compactedRevision?: number,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}
