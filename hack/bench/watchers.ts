// The benchmark's watchers, on a worker thread of their own.
//
// The watch phase writes on the main thread and receives on this one, so the
// writer's send and response stamps are not held back while 100 streams are
// read, and the arrival stamps are not held back by the writer. Both threads
// stamp with monoMs() (CLOCK_MONOTONIC, shared by every thread and process).
//
// Each watch is a plain TLS connection that speaks the little HTTP/1.1 a watch
// needs (one GET, a chunked answer), and every event line is stamped with the
// arrival time of the bytes that completed it. The counting reads only what it
// needs from a line (type, name, the two benchmark annotations) with byte
// searches; a line of another shape is parsed as JSON, so nothing is
// miscounted. This keeps the measuring client's own CPU small: it shares the
// machine's two cores with the server and etcd.
import tls from 'node:tls';
import { parentPort, workerData } from 'node:worker_threads';

export const monoMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export interface WatcherConfig {
  port: number;
  ca: string;
  cert: string;
  key: string;
  path: string;
  watchers: number;
  updates: number;
  seqKey: string;
  sentKey: string;
  /** names of the objects the benchmark writes (other events are not counted) */
  namePattern: string;
}

/** main thread -> worker */
export type ToWatchers = { kind: 'collect'; waitMs: number };

/** worker -> main thread */
export type FromWatchers =
  | { kind: 'established' }
  | { kind: 'failed'; error: string }
  | {
      kind: 'result';
      counts: Uint16Array;
      /** per received event: its sequence number, arrival (monoMs) and the send stamp it carried */
      recvSeq: Int32Array;
      recvAt: Float64Array;
      sentAt: Float64Array;
      delivered: number;
      unexpected: number;
      per: { events: number; bytes: number; lastSeq: number; closed: boolean; lastDataAt: number }[];
      error?: string;
    };

interface LineInfo {
  type: string;
  name: string;
  seq?: number;
  sent?: number;
  error?: boolean;
}

const MODIFIED = Buffer.from('{"type":"MODIFIED","object":{');
const NAME = Buffer.from('"metadata":{"name":"');
const QUOTE = 0x22;

/**
 * Reads type, name and the benchmark annotations from one event line. The
 * common case (a MODIFIED event whose metadata starts with its name) is read
 * with byte searches; anything else is parsed as JSON.
 */
export function readLine(line: Buffer, seqKey: Buffer, sentKey: Buffer): LineInfo {
  if (line.subarray(0, MODIFIED.length).equals(MODIFIED)) {
    const n = line.indexOf(NAME);
    const seq = annotation(line, seqKey);
    const sent = annotation(line, sentKey);
    // one of our updates carries both annotations, once each
    if (n >= 0 && seq !== undefined && sent !== undefined) {
      const from = n + NAME.length;
      const to = line.indexOf(QUOTE, from);
      return { type: 'MODIFIED', name: line.toString('latin1', from, to), seq: Number(seq), sent: Number(sent) };
    }
  }
  const ev = JSON.parse(line.toString('utf8')) as { type: string; object?: { metadata?: { name?: string; annotations?: Record<string, string> } } };
  const ann = ev.object?.metadata?.annotations ?? {};
  const key = (k: Buffer) => ann[k.toString('utf8').slice(1, -3)];
  return {
    type: ev.type,
    name: ev.object?.metadata?.name ?? '',
    seq: key(seqKey) === undefined ? undefined : Number(key(seqKey)),
    sent: key(sentKey) === undefined ? undefined : Number(key(sentKey)),
    error: ev.type === 'ERROR',
  };
}

/** `"key":"` as bytes: the marker that precedes an annotation's value */
export function marker(key: string): Buffer {
  return Buffer.from(`"${key}":"`);
}

function annotation(line: Buffer, mark: Buffer): string | undefined {
  const at = line.indexOf(mark);
  if (at < 0 || line.indexOf(mark, at + 1) >= 0) return undefined;
  const end = line.indexOf(QUOTE, at + mark.length);
  return end < 0 ? undefined : line.toString('latin1', at + mark.length, end);
}

/**
 * One watch over its own TLS connection, read without Node's HTTP client:
 * the status line and headers, then the chunked body, split into lines.
 * `onLine` gets each event line with the time its bytes arrived.
 */
class WatchStream {
  private pending: Buffer = Buffer.alloc(0);
  private headerDone = false;
  /** bytes left in the current chunk, -1 between chunks */
  private chunkLeft = -1;
  private line: Buffer[] = [];
  bytes = 0;
  lastDataAt = 0;
  closed = false;

  constructor(
    readonly socket: tls.TLSSocket,
    path: string,
    private readonly onHeaders: (status: number, head: string) => void,
    private readonly onLine: (line: Buffer, at: number) => void,
    private readonly onEnd: (why: string) => void,
  ) {
    socket.on('secureConnect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n`));
    socket.on('data', (d: Buffer) => this.data(d));
    socket.on('end', () => onEnd('the server ended the stream'));
    socket.on('close', () => {
      this.closed = true;
      onEnd('the connection closed');
    });
  }

  private data(d: Buffer): void {
    const at = monoMs();
    this.bytes += d.length;
    this.lastDataAt = at;
    let buf = this.pending.length ? Buffer.concat([this.pending, d]) : d;
    if (!this.headerDone) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        this.pending = buf;
        return;
      }
      const head = buf.toString('latin1', 0, end);
      this.headerDone = true;
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      this.onHeaders(status, head);
      if (status !== 200 || !/\r\ntransfer-encoding: *chunked/i.test(head)) {
        this.onEnd(`HTTP ${status}: ${buf.toString('utf8', 0, Math.min(buf.length, 2000))}`);
        this.socket.destroy();
        return;
      }
      buf = buf.subarray(end + 4);
    }
    let p = 0;
    while (p < buf.length) {
      if (this.chunkLeft < 0) {
        const eol = buf.indexOf('\r\n', p);
        if (eol < 0) break;
        this.chunkLeft = parseInt(buf.toString('latin1', p, eol), 16);
        p = eol + 2;
        if (this.chunkLeft === 0) {
          this.onEnd('the server ended the stream');
          return;
        }
        continue;
      }
      if (this.chunkLeft > 0) {
        const take = Math.min(this.chunkLeft, buf.length - p);
        this.body(buf.subarray(p, p + take), at);
        p += take;
        this.chunkLeft -= take;
        continue;
      }
      // the CRLF after a chunk's data
      if (buf.length - p < 2) break;
      p += 2;
      this.chunkLeft = -1;
    }
    this.pending = p < buf.length ? Buffer.from(buf.subarray(p)) : Buffer.alloc(0);
  }

  private body(part: Buffer, at: number): void {
    let p = 0;
    for (;;) {
      const nl = part.indexOf(0x0a, p);
      if (nl < 0) {
        if (p < part.length) this.line.push(Buffer.from(part.subarray(p)));
        return;
      }
      const piece = part.subarray(p, nl);
      const line = this.line.length ? Buffer.concat([...this.line, piece]) : piece;
      this.line = [];
      if (line.length) this.onLine(line, at);
      p = nl + 1;
    }
  }
}

function run(cfg: WatcherConfig): void {
  const port = parentPort!;
  const nW = cfg.watchers;
  const nU = cfg.updates;
  const benchName = new RegExp(cfg.namePattern);
  const seqMark = marker(cfg.seqKey);
  const sentMark = marker(cfg.sentKey);
  const counts = new Uint16Array(nW * nU);
  const cap = nW * nU * 2;
  const recvSeq = new Int32Array(cap);
  const recvAt = new Float64Array(cap);
  const sentAt = new Float64Array(cap);
  let delivered = 0;
  let recorded = 0;
  let unexpected = 0;
  let streamError: string | undefined;
  let destroying = false;
  const per = Array.from({ length: nW }, () => ({ events: 0, lastSeq: -1 }));
  // one secure context (CA and client certificate) for every connection
  const secureContext = tls.createSecureContext({ ca: cfg.ca, cert: cfg.cert, key: cfg.key });
  const streams: WatchStream[] = [];
  let established = 0;
  let failed = false;
  const fail = (e: string) => {
    streamError ??= e;
    if (!failed && established < nW) {
      failed = true;
      port.postMessage({ kind: 'failed', error: e } satisfies FromWatchers);
    }
  };

  for (let w = 0; w < nW; w++) {
    const socket = tls.connect({ host: '127.0.0.1', port: cfg.port, secureContext, servername: 'localhost' });
    socket.on('error', (e) => fail(`watch ${w}: ${String(e)}`));
    const stream = new WatchStream(
      socket,
      cfg.path,
      (status) => {
        if (status === 200 && ++established === nW) port.postMessage({ kind: 'established' } satisfies FromWatchers);
      },
      (line, at) => {
        const ev = readLine(line, seqMark, sentMark);
        if (ev.error) {
          streamError ??= `watch ${w}: ERROR event ${line.toString('utf8', 0, 1000)}`;
          return;
        }
        if (ev.type !== 'MODIFIED' || ev.seq === undefined) {
          // events on objects the benchmark did not write (kube-root-ca.crt...) are not counted
          if (ev.type !== 'BOOKMARK' && benchName.test(ev.name)) unexpected++;
          return;
        }
        const seq = ev.seq;
        if (seq >= 0 && seq < nU) counts[w * nU + seq]++;
        per[w].events++;
        per[w].lastSeq = seq;
        delivered++;
        if (recorded < cap) {
          recvSeq[recorded] = seq;
          recvAt[recorded] = at;
          sentAt[recorded] = ev.sent ?? NaN;
          recorded++;
        }
      },
      (why) => {
        if (!destroying) fail(`watch ${w}: ${why}`);
      },
    );
    streams.push(stream);
  }

  port.on('message', async (m: ToWatchers) => {
    if (m.kind !== 'collect') return;
    // the stragglers: wait until every event arrived or waitMs passed
    const deadline = monoMs() + m.waitMs;
    while (delivered < nW * nU && monoMs() < deadline) await new Promise((r) => setTimeout(r, 10));
    destroying = true;
    for (const st of streams) st.socket.destroy();
    const out: FromWatchers = {
      kind: 'result',
      counts,
      recvSeq: recvSeq.slice(0, recorded),
      recvAt: recvAt.slice(0, recorded),
      sentAt: sentAt.slice(0, recorded),
      delivered,
      unexpected,
      per: streams.map((st, w) => ({ events: per[w].events, bytes: st.bytes, lastSeq: per[w].lastSeq, closed: st.closed, lastDataAt: st.lastDataAt })),
      error: streamError,
    };
    port.postMessage(out);
  });
}

if (parentPort && workerData?.watcherConfig) run(workerData.watcherConfig as WatcherConfig);
