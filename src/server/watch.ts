// Streams a watch to an HTTP client: a chunked response of JSON watch
// events, one per line. Backpressure: events wait in the socket's buffer;
// a client whose unsent output exceeds maxBufferedBytes is disconnected
// (it will re-list and re-watch), so a slow reader never costs unbounded memory.
import type { ParameterizedContext } from 'koa';
import type { ServerResponse } from 'node:http';
import type { Store, WatchParams } from '../registry/generic/Store.js';
import type { OutEvent } from '../storage/cacher/CacheHub.js';
import type { KObject } from '../machinery/objects.js';

export interface WatchOptions {
  store: Store;
  params: WatchParams;
  exactName?: string;
  timeoutSeconds?: number;
  contentType: string;
  /** one event: a JSON line (without the newline) or a binary protobuf frame */
  encode(type: string, obj: KObject): string | Buffer;
  bookmarkObject(rv: string): KObject;
  limits: { minTimeoutSeconds: number; bookmarkIntervalMs: number; maxBufferedBytes: number };
  track: (res: ServerResponse, stop: () => void) => () => void;
}

export async function serveWatch(ctx: ParameterizedContext, o: WatchOptions): Promise<void> {
  const res = ctx.res;
  let closed = false;
  let lastRv = 0;
  const pending: OutEvent[] = [];
  let started = false;

  /**
   * Queue one event on the response. Returns false only when the stream is
   * over: a full socket buffer is normal backpressure (the event is buffered
   * and sent later); a client that lets more than maxBufferedBytes pile up is
   * disconnected, and it re-lists.
   */
  const write = (line: string | Buffer): boolean => {
    if (closed) return false;
    res.write(typeof line === 'string' ? line + '\n' : line);
    if (res.writableLength > o.limits.maxBufferedBytes) {
      finish();
      return false;
    }
    return true;
  };

  const rvOf = (obj: KObject): number => Number(obj.metadata?.resourceVersion ?? 0);

  const sink = {
    deliver(events: OutEvent[]) {
      if (!started) {
        pending.push(...events);
        return;
      }
      for (const e of events) {
        lastRv = Math.max(lastRv, rvOf(e.object));
        if (!write(o.encode(e.type, e.object))) return;
      }
    },
    closed() {
      finish();
    },
  };

  // may throw an ApiError (410 Gone, 400...) before anything is written: the caller answers with a Status
  const session = await o.store.watch(o.params, sink, o.exactName);

  ctx.respond = false;
  res.statusCode = 200;
  res.setHeader('Content-Type', o.contentType);
  res.setHeader('Cache-Control', 'no-cache, private');
  res.setHeader('Transfer-Encoding', 'chunked');
  res.flushHeaders();

  let timer: NodeJS.Timeout | undefined;
  let bookmarkTimer: NodeJS.Timeout | undefined;
  let untrack: () => void = () => undefined;

  function finish(): void {
    if (closed) return;
    closed = true;
    session.watcher.stop();
    if (timer) clearTimeout(timer);
    if (bookmarkTimer) clearInterval(bookmarkTimer);
    untrack();
    if (!res.writableEnded) res.end();
  }

  untrack = o.track(res, finish);
  res.on('close', finish);
  ctx.req.on('close', () => {
    if (!res.writableEnded) finish();
  });

  // initial events, then anything that arrived meanwhile
  lastRv = session.rv;
  for (const e of session.initial) {
    if (!write(o.encode(e.type, e.object))) return;
  }
  if (o.params.sendInitialEvents) {
    const bm = o.bookmarkObject(String(session.rv));
    bm.metadata = { ...(bm.metadata ?? {}), annotations: { 'k8s.io/initial-events-end': 'true' } };
    write(o.encode('BOOKMARK', bm));
  }
  started = true;
  const queued = pending.splice(0);
  for (const e of queued) {
    lastRv = Math.max(lastRv, rvOf(e.object));
    if (!write(o.encode(e.type, e.object))) return;
  }

  // the server ends a watch after timeoutSeconds (or a randomized default)
  const min = o.limits.minTimeoutSeconds;
  const seconds = o.timeoutSeconds !== undefined && o.timeoutSeconds > 0 ? o.timeoutSeconds : Math.floor(min * (1 + Math.random()));
  timer = setTimeout(() => {
    if (o.params.allowWatchBookmarks && !closed) write(o.encode('BOOKMARK', o.bookmarkObject(String(Math.max(lastRv, o.store.hub.rv)))));
    finish();
  }, seconds * 1000);

  if (o.params.allowWatchBookmarks) {
    bookmarkTimer = setInterval(() => {
      const rv = Math.max(lastRv, o.store.hub.rv);
      lastRv = rv;
      write(o.encode('BOOKMARK', o.bookmarkObject(String(rv))));
    }, o.limits.bookmarkIntervalMs);
  }
}
