// Prometheus metrics, named after kube-apiserver's where a counterpart exists.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Storage, ListOptions, WatchCallbacks } from '../storage/interface.js';

export class Metrics {
  readonly registry = new Registry();
  readonly requests: Counter<string>;
  readonly latency: Histogram<string>;
  readonly watchers: Gauge<string>;
  readonly watchEvents: Counter<string>;
  readonly storageLatency: Histogram<string>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'apiserver_request_total',
      help: 'Requests by verb, group, version, resource, subresource, scope and HTTP code.',
      labelNames: ['verb', 'group', 'version', 'resource', 'subresource', 'scope', 'code'],
      registers: [this.registry],
    });
    this.latency = new Histogram({
      name: 'apiserver_request_duration_seconds',
      help: 'Response latency by verb, group, version, resource, subresource and scope.',
      labelNames: ['verb', 'group', 'version', 'resource', 'subresource', 'scope'],
      buckets: [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60],
      registers: [this.registry],
    });
    this.watchers = new Gauge({
      name: 'apiserver_longrunning_requests',
      help: 'Open long-running requests (watches) by group, resource and scope.',
      labelNames: ['verb', 'group', 'resource', 'scope'],
      registers: [this.registry],
    });
    this.watchEvents = new Counter({
      name: 'apiserver_watch_events_total',
      help: 'Watch events sent to clients, by group, version and kind.',
      labelNames: ['group', 'version', 'kind'],
      registers: [this.registry],
    });
    this.storageLatency = new Histogram({
      name: 'tskube_storage_request_duration_seconds',
      help: 'Storage operation latency by operation and backend.',
      labelNames: ['operation', 'backend'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
  }
}

/** Wraps a Storage to record the latency of every call. */
export function meteredStorage(s: Storage, m: Metrics): Storage {
  const time = async <T>(op: string, f: () => Promise<T>): Promise<T> => {
    const end = m.storageLatency.startTimer({ operation: op, backend: s.name });
    try {
      return await f();
    } finally {
      end();
    }
  };
  return {
    name: s.name,
    get: (k: string) => time('get', () => s.get(k)),
    list: (p: string, o?: ListOptions) => time('list', () => s.list(p, o)),
    create: (k: string, v: string) => time('create', () => s.create(k, v)),
    update: (k: string, v: string, r: number) => time('update', () => s.update(k, v, r)),
    delete: (k: string, r?: number) => time('delete', () => s.delete(k, r)),
    watch: (p: string, r: number, cb: WatchCallbacks) => s.watch(p, r, cb),
    currentRevision: () => s.currentRevision(),
    compact: (r: number) => time('compact', () => s.compact(r)),
    compactedRevision: () => s.compactedRevision(),
    close: () => s.close(),
  };
}
