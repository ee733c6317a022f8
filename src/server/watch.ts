// Streams a watch to an HTTP client: a chunked response of JSON watch
// events, one per line. Backpressure: events wait in the socket's buffer;
// a client whose unsent output exceeds maxBufferedBytes is disconnected
// (it will re-list and re-watch), so a slow reader never costs unbounded memory.
//
// Fan-out cost: one event goes to every watcher of its resource, so its bytes
// are made once per fan-out. The encoder memoizes the event's payload
// (sharedPayload), and the writer frames a payload as an HTTP chunk once
// (frameOf) and hands the same Buffer to every socket, instead of Node
// re-encoding a string and writing chunk header, data and trailer for each.
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
  /** one event: a JSON line (with its newline) or a binary protobuf frame */
  encode(type: string, obj: KObject): Buffer;
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
  /** the response's chunks are framed here (shared Buffers) rather than by Node, see frameOf */
  let selfFramed = false;
  /** the connection to write framed chunks to directly, see below */
  let direct: ServerResponse['socket'] = null;

  /**
   * Queue one event on the response. Returns false only when the stream is
   * over: a full socket buffer is normal backpressure (the event is buffered
   * and sent later); a client that lets more than maxBufferedBytes pile up is
   * disconnected, and it re-lists.
   */
  const write = (payload: Buffer): boolean => {
    if (closed) return false;
    if (direct) direct.write(frameOf(payload));
    else res.write(selfFramed ? frameOf(payload) : payload);
    if (res.writableLength > o.limits.maxBufferedBytes) {
      finish();
      return false;
    }
    return true;
  };

  const rvOf = (obj: KObject): number => Number(obj.metadata?.resourceVersion ?? 0);

  const sink = {
    deliver(events: readonly OutEvent[]) {
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
  // a chunked response (any HTTP/1.1 client): Node would frame every write
  // itself, so the writer frames shared payloads once and ends the stream
  if (res.chunkedEncoding) {
    res.chunkedEncoding = false;
    selfFramed = true;
    // Once its headers are out on a connection of its own (a response queued
    // behind another on a pipelined connection has no socket yet), the
    // stream's framed chunks go straight to the connection, in order: a write
    // through the response would also cork the socket and uncork it on the
    // next tick, two more allocations and a writev per event and watcher.
    // The closing chunk goes through res.end, after everything written here.
    direct = res.socket;
  }

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
    if (!res.writableEnded) {
      if (selfFramed) res.end(lastChunk);
      else res.end();
    }
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

/** the zero-length chunk that ends a chunked body */
const lastChunk = Buffer.from('0\r\n\r\n', 'latin1');

// The memos below last for one synchronous fan-out only: the cache hands an
// event to all its watchers in one go, so the first watcher encodes and frames
// it and the others reuse the bytes. Afterwards nothing is kept: the bytes
// would live as long as the event's object (seconds, in the cache's history)
// and push the heap towards its next full collection. A watcher that replays
// an older event encodes it again.
let memo: { payloads: Map<KObject, Map<string, Buffer>>; frames: Map<Buffer, Buffer> } | undefined;
const forgetMemo = (): void => {
  memo = undefined;
};
function fanOutMemo(): NonNullable<typeof memo> {
  if (!memo) {
    memo = { payloads: new Map(), frames: new Map() };
    queueMicrotask(forgetMemo);
  }
  return memo;
}

/** a payload as one HTTP/1.1 chunk (size line, data, CRLF); the same Buffer for the same payload during a fan-out */
export function frameOf(payload: Buffer): Buffer {
  const { frames } = fanOutMemo();
  let f = frames.get(payload);
  if (!f) {
    const head = `${payload.length.toString(16)}\r\n`;
    f = Buffer.allocUnsafe(head.length + payload.length + 2);
    f.write(head, 0, 'latin1');
    payload.copy(f, head.length);
    f.write('\r\n', head.length + payload.length, 'latin1');
    frames.set(payload, f);
  }
  return f;
}

/** the memo keys, per format and event type: constant strings, nothing built per call */
const payloadKeys = new Map<string, Map<string, string>>();

/**
 * The encoded form of a never-mutated object as a watch event of `type` in
 * `format`: `make(type, obj)` runs for the first watcher of a fan-out, the
 * others get the same Buffer.
 */
export function sharedPayload(obj: KObject, format: string, type: string, make: (type: string, obj: KObject) => string | Buffer): Buffer {
  let keys = payloadKeys.get(format);
  if (!keys) payloadKeys.set(format, (keys = new Map()));
  let key = keys.get(type);
  if (key === undefined) keys.set(type, (key = `${format}:${type}`));
  const { payloads } = fanOutMemo();
  let m = payloads.get(obj);
  if (!m) {
    m = new Map();
    payloads.set(obj, m);
  }
  let b = m.get(key);
  if (!b) {
    const v = make(type, obj);
    b = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
    m.set(key, b);
  }
  return b;
}
