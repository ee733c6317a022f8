// `make bench`: an end-to-end benchmark of the API server on this machine.
//
//   node dist/hack/bench/bench.js [--backend embedded|etcd|both] [--quick] [--out FILE] [--cpu-prof]
//        [--watch-updates N] [--server-node-arg ARG]... [--server-log FILE]
//
// For each backend (the embedded SQLite store, then a single-member etcd with
// fsync on, started here) it spawns fresh `bin/tskube server` processes and
// measures, over HTTPS with the admin client certificate (node:https, keep-alive
// agents):
//   1. spawn -> first 200 from /readyz (polled every 10 ms): 3 cold starts on
//      fresh data dirs, 3 restarts on an existing one (and, extra, 3 restarts
//      with the 10k ConfigMaps stored)
//   2. VmRSS of the server at idle after start, and with 10k ConfigMaps after 5 s idle
//   3. creates of 1 KiB ConfigMaps, 32 concurrent clients
//   4. gets of those, 32 concurrent clients, ~10 s
//   5. LIST of the 10k: resourceVersion=0, no resourceVersion, limit=500 paging
//   6. watch delivery latency: 100 watchers (on a worker thread, watchers.ts),
//      200 warm-up then 500 measured merge patches at 100/s, each carrying its
//      send time (CLOCK_MONOTONIC, shared by both threads) in an annotation
// The benchmark client runs on the same machine (and cores) as the server;
// client CPU is reported next to server CPU for that reason, and so is the CPU
// everything else on the machine used meanwhile (other users' load disturbs
// the figures; the run says so instead of hiding it).
//
// Results: a table on stdout and JSON (default dist/bench-results.json).
// --quick divides sizes by 10 for a smoke run. --cpu-prof runs the measured
// server under `node --cpu-prof` (profiles in dist/bench-cpuprof/<backend>/) and
// prints where its time went per phase; profiling slows the server, so take the
// figures from a run without it.
// --watch-updates N measures N updates instead of 500 (at most 9800); the
// target still applies to the p99 of all of them, and each block of 500 is also
// reported on its own, so one long run shows how often a 500-update run would
// miss it. --server-node-arg passes a flag to the measured server's node
// (repeatable), to try V8 settings without changing the code; --server-log
// appends the measured server's output (with --trace-gc, say) to a file.
// Exit status 1 when a backend or a step failed (the other figures are still
// reported) or a watcher missed or duplicated events; missed performance
// targets are reported as FAIL but do not change the exit status.
// Every process started here is stopped by PID, every temp dir removed, also on failure.

import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, fdatasyncSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import https from 'node:https';
import { cpus, tmpdir, totalmem, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { startEtcd, type EtcdCluster } from '../../test/support/etcd.js';
import { freePort } from '../../test/support/tskube.js';
import { monoMs, type FromWatchers, type ToWatchers, type WatcherConfig } from './watchers.js';
import { formatProfileSummary, summarizeProfile, type ProfileSummary, type Window } from './cpuprofile.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const tskubeBin = join(repoRoot, 'bin', 'tskube');

// ---------------------------------------------------------------- options

const { values: argv } = parseArgs({
  options: {
    backend: { type: 'string', default: 'both' },
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    'watch-updates': { type: 'string' },
    'server-node-arg': { type: 'string', multiple: true, default: [] },
    'server-log': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (argv.help) {
  process.stdout.write(
    'usage: node dist/hack/bench/bench.js [--backend embedded|etcd|both] [--quick] [--out FILE] [--cpu-prof] [--watch-updates N] [--server-node-arg ARG]... [--server-log FILE]\n',
  );
  process.exit(0);
}
if (!['embedded', 'etcd', 'both'].includes(argv.backend!)) {
  process.stderr.write(`bench: --backend must be embedded, etcd or both, not ${argv.backend}\n`);
  process.exit(2);
}
const backends = (argv.backend === 'both' ? ['embedded', 'etcd'] : [argv.backend]) as ('embedded' | 'etcd')[];
const quick = argv.quick!;
const outFile = resolve(argv.out ?? join(repoRoot, 'dist', 'bench-results.json'));
const cpuProf = argv['cpu-prof']!;
const div = quick ? 10 : 1;
const watchUpdates = argv['watch-updates'] === undefined ? 500 / div : Number(argv['watch-updates']);
if (!Number.isInteger(watchUpdates) || watchUpdates < 1 || watchUpdates + 200 / div > 10_000 / div) {
  process.stderr.write(`bench: --watch-updates must be an integer from 1 to ${10_000 / div - 200 / div}\n`);
  process.exit(2);
}
const serverNodeArgs = argv['server-node-arg']!;
const serverLog = argv['server-log'] === undefined ? undefined : resolve(argv['server-log']);
const cfg = {
  startRuns: 3,
  readyPollMs: 10,
  idleMs: quick ? 1000 : 5000,
  configMaps: 10_000 / div,
  valueBytes: 1024,
  clients: 32,
  getSeconds: 10 / div,
  listRuns: 20,
  pageSize: 500,
  watchers: 100 / div,
  watchUpdates,
  /** the target's run length: measured updates are also reported in blocks of this many */
  watchWindow: 500 / div,
  /** updates at the same rate before the measured ones (reported apart, see watchPhase) */
  watchWarmupUpdates: 200 / div,
  watchRatePerSec: 100,
  namespace: 'bench',
};

// ---------------------------------------------------------------- cleanup

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
const etcds = new Set<EtcdCluster>();

function killChildrenSync(): void {
  for (const c of children) {
    try {
      if (c.pid && c.exitCode === null && c.signalCode === null) process.kill(c.pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}
function removeTempDirsSync(): void {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
}
process.on('exit', () => {
  killChildrenSync();
  removeTempDirsSync();
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    process.stderr.write(`\nbench: ${sig}, cleaning up\n`);
    killChildrenSync();
    void Promise.allSettled([...etcds].map((e) => e.stop())).finally(() => {
      removeTempDirsSync();
      process.exit(130);
    });
  });
}

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(d);
  return d;
}
function dropTempDir(d: string): void {
  rmSync(d, { recursive: true, force: true });
  tempDirs.delete(d);
}

// ---------------------------------------------------------------- small utilities

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

export interface Stats {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/** nearest-rank percentiles */
function stats(values: ArrayLike<number>): Stats {
  const a = Float64Array.from(values).sort();
  const n = a.length;
  if (!n) return { n: 0, p50: NaN, p99: NaN, max: NaN, mean: NaN };
  const pct = (p: number) => a[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))];
  let sum = 0;
  for (const v of a) sum += v;
  return { n, p50: round(pct(50)), p99: round(pct(99)), max: round(a[n - 1]), mean: round(sum / n) };
}
function median(values: number[]): number {
  return stats(values).p50;
}
function round(v: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

function procStatus(pid: number): { rssMB: number; hwmMB: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    if (!m) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(m[1]);
  };
  return { rssMB: round(kb('VmRSS') / 1024, 1), hwmMB: round(kb('VmHWM') / 1024, 1) };
}

const clkTck = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** user+system CPU seconds of a process */
function procCpuSec(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is state (field 3); utime is field 14, stime field 15
  return (Number(fields[11]) + Number(fields[12])) / clkTck;
}

/** busy CPU seconds of the whole machine (all cores) */
function machineBusySec(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  const idle = f[3] + (f[4] ?? 0);
  return (total - idle) / clkTck;
}

/** etcd processes started by this process (children with comm "etcd") */
function childPidsNamed(name: string): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const text = readFileSync(`/proc/${d}/stat`, 'utf8');
      const comm = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
      const ppid = Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]);
      if (comm === name && ppid === process.pid) pids.push(Number(d));
    } catch {
      // raced with an exit
    }
  }
  return pids;
}

// ---------------------------------------------------------------- HTTP

interface Resp {
  status: number;
  body: Buffer;
}

interface Creds {
  ca: string;
  cert: string;
  key: string;
}

function readKubeconfig(path: string): Creds & { server: string } {
  const text = readFileSync(path, 'utf8');
  const field = (f: string) => {
    const m = new RegExp(`${f}: (\\S+)`).exec(text);
    if (!m) throw new Error(`${path} has no ${f}`);
    return m[1];
  };
  const b64 = (f: string) => Buffer.from(field(f), 'base64').toString('utf8');
  return { server: field('server'), ca: b64('certificate-authority-data'), cert: b64('client-certificate-data'), key: b64('client-key-data') };
}

function httpRequest(
  agent: https.Agent,
  port: number,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
  timeoutMs = 120_000,
): Promise<Resp> {
  return new Promise((resolvePromise, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          Accept: 'application/json',
          ...(body !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

function expectStatus(r: Resp, want: number, what: string): void {
  if (r.status !== want) throw new Error(`${what}: HTTP ${r.status} (want ${want}): ${r.body.toString('utf8').slice(0, 2000)}`);
}

// ---------------------------------------------------------------- server process

interface ServerStart {
  dataDir: string;
  etcd?: { endpoints: string[]; prefix: string };
  nodeArgs?: string[];
  /** append the server's output to this file */
  logFile?: string;
}

class ServerProc {
  readonly proc: ChildProcess;
  readonly pid: number;
  readonly spawnedAt: number;
  readonly spawnedAtUs: number;
  private out = '';
  private readonly exited: Promise<void>;
  creds?: Creds;
  agent?: https.Agent;

  private constructor(
    readonly port: number,
    readonly opts: ServerStart,
  ) {
    const args = ['server', '--data-dir', opts.dataDir, '--secure-port', String(port), '--log-level', 'warn'];
    if (opts.etcd) args.push('--etcd-servers', opts.etcd.endpoints.join(','), '--etcd-prefix', opts.etcd.prefix);
    this.spawnedAtUs = nowUs();
    this.spawnedAt = performance.now();
    this.proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), tskubeBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    if (!this.proc.pid) throw new Error('could not spawn bin/tskube');
    this.pid = this.proc.pid;
    children.add(this.proc);
    const keep = (d: Buffer) => {
      if (opts.logFile) appendFileSync(opts.logFile, d);
      this.out += d.toString('utf8');
      if (this.out.length > 200_000) this.out = this.out.slice(-100_000);
    };
    this.proc.stdout!.on('data', keep);
    this.proc.stderr!.on('data', keep);
    this.exited = new Promise((r) =>
      this.proc.once('exit', () => {
        children.delete(this.proc);
        r();
      }),
    );
  }

  static async spawn(opts: ServerStart): Promise<ServerProc> {
    return new ServerProc(await freePort(), opts);
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  logs(): string {
    return this.out.slice(-8000);
  }

  /** polls /readyz every cfg.readyPollMs; resolves with ms from spawn to the first 200 */
  async waitReady(timeoutMs = 120_000): Promise<number> {
    // the CA does not exist yet on a cold start: the probe does not verify the serving certificate
    const probe = new https.Agent({ keepAlive: true, rejectUnauthorized: false, maxSockets: 1 });
    try {
      for (;;) {
        if (!this.running) throw new Error(`tskube exited (code ${this.proc.exitCode}, signal ${this.proc.signalCode}) before /readyz:\n${this.logs()}`);
        if (performance.now() - this.spawnedAt > timeoutMs) throw new Error(`tskube not ready within ${timeoutMs} ms:\n${this.logs()}`);
        try {
          const r = await httpRequest(probe, this.port, 'GET', '/readyz', undefined, {}, 2000);
          if (r.status === 200) {
            const ms = performance.now() - this.spawnedAt;
            this.connect();
            return round(ms, 1);
          }
        } catch {
          // not listening yet
        }
        await sleep(cfg.readyPollMs);
      }
    } finally {
      probe.destroy();
    }
  }

  private connect(): void {
    const kc = join(this.opts.dataDir, 'admin.kubeconfig');
    if (!existsSync(kc)) throw new Error(`ready, but ${kc} does not exist`);
    const k = readKubeconfig(kc);
    if (Number(new URL(k.server).port) !== this.port) throw new Error(`kubeconfig names ${k.server}, expected port ${this.port}`);
    this.creds = k;
    this.agent = new https.Agent({ ca: k.ca, cert: k.cert, key: k.key, keepAlive: true, maxSockets: 64 });
  }

  /** a request as admin over the keep-alive agent; throws unless the status is `want` */
  async call(method: string, path: string, want: number, body?: string, headers?: Record<string, string>): Promise<Resp> {
    if (!this.agent) throw new Error('server not ready');
    let r: Resp;
    try {
      r = await httpRequest(this.agent, this.port, method, path, body, headers);
    } catch (e) {
      if (!this.running) throw new Error(`${method} ${path}: ${String(e)}; tskube exited:\n${this.logs()}`);
      throw e;
    }
    expectStatus(r, want, `${method} ${path}`);
    return r;
  }

  status() {
    return procStatus(this.pid);
  }
  cpuSec() {
    return procCpuSec(this.pid);
  }

  /** SIGTERM by PID, SIGKILL after 10 s */
  async stop(): Promise<void> {
    this.agent?.destroy();
    if (this.running) {
      process.kill(this.pid, 'SIGTERM');
      const t = setTimeout(() => {
        if (this.running) process.kill(this.pid, 'SIGKILL');
      }, 10_000);
      await this.exited;
      clearTimeout(t);
    }
  }
}

// ---------------------------------------------------------------- phases

/** CPU used by the server, etcd and this process during fn; also wall time */
interface CpuUse {
  wallSec: number;
  /** CPU seconds / wall seconds, in % of one core */
  serverPct: number;
  etcdPct?: number;
  clientPct: number;
  /** CPU used by everything else on the machine meanwhile (other users' processes): noise */
  otherPct: number;
}

async function measureCpu<T>(s: ServerProc, etcdPid: number | undefined, fn: () => Promise<T>): Promise<{ value: T; cpu: CpuUse }> {
  const w0 = performance.now();
  const s0 = s.cpuSec();
  const e0 = etcdPid ? procCpuSec(etcdPid) : 0;
  const c0 = process.cpuUsage();
  const m0 = machineBusySec();
  const value = await fn();
  const wall = (performance.now() - w0) / 1000;
  const c = process.cpuUsage(c0);
  const server = s.cpuSec() - s0;
  const etcdSec = etcdPid ? procCpuSec(etcdPid) - e0 : 0;
  const client = (c.user + c.system) / 1e6;
  const other = Math.max(0, machineBusySec() - m0 - server - etcdSec - client);
  return {
    value,
    cpu: {
      wallSec: round(wall),
      serverPct: Math.round((100 * server) / wall),
      etcdPct: etcdPid ? Math.round((100 * etcdSec) / wall) : undefined,
      clientPct: Math.round((100 * client) / wall),
      otherPct: Math.round((100 * other) / wall),
    },
  };
}

function payload(bytes: number): string {
  // deterministic, not trivially compressible
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let x = 0x2545f491;
  let s = '';
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    s += alphabet[(x >>> 0) % alphabet.length];
  }
  return s;
}

const cmName = (i: number) => `cm-${String(i).padStart(5, '0')}`;
const cmPath = (ns: string, name?: string) => `/api/v1/namespaces/${ns}/configmaps${name ? `/${name}` : ''}`;

interface ThroughputResult {
  count: number;
  seconds: number;
  perSec: number;
  latencyMs: Stats;
  cpu: CpuUse;
}

async function createPhase(s: ServerProc, etcdPid?: number): Promise<ThroughputResult> {
  const ns = cfg.namespace;
  const pad = payload(cfg.valueBytes);
  const lat = new Float64Array(cfg.configMaps);
  let next = 0;
  const { value: seconds, cpu } = await measureCpu(s, etcdPid, async () => {
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: cfg.clients }, async () => {
        for (let i = next++; i < cfg.configMaps; i = next++) {
          const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: cmName(i), namespace: ns }, data: { payload: pad } });
          const start = performance.now();
          await s.call('POST', cmPath(ns), 201, body);
          lat[i] = performance.now() - start;
        }
      }),
    );
    return (performance.now() - t0) / 1000;
  });
  return { count: cfg.configMaps, seconds: round(seconds), perSec: Math.round(cfg.configMaps / seconds), latencyMs: stats(lat), cpu };
}

async function getPhase(s: ServerProc, etcdPid?: number): Promise<ThroughputResult> {
  const ns = cfg.namespace;
  const lat: number[] = [];
  const { value: seconds, cpu } = await measureCpu(s, etcdPid, async () => {
    const t0 = performance.now();
    const stopAt = t0 + cfg.getSeconds * 1000;
    await Promise.all(
      Array.from({ length: cfg.clients }, async (_, w) => {
        let x = (w + 1) * 2654435761;
        while (performance.now() < stopAt) {
          x = (Math.imul(x, 1103515245) + 12345) >>> 0;
          const name = cmName(x % cfg.configMaps);
          const start = performance.now();
          const r = await s.call('GET', cmPath(ns, name), 200);
          lat.push(performance.now() - start);
          if (r.body.length < cfg.valueBytes) throw new Error(`GET ${name}: short body (${r.body.length} bytes)`);
        }
      }),
    );
    return (performance.now() - t0) / 1000;
  });
  return { count: lat.length, seconds: round(seconds), perSec: Math.round(lat.length / seconds), latencyMs: stats(lat), cpu };
}

interface ListResult {
  rv0: Stats;
  consistent: Stats;
  paginated: Stats;
  pages: number;
  /** items in one full LIST: the benchmark's ConfigMaps plus any the server keeps there (kube-root-ca.crt) */
  itemsPerList: number;
  responseMB: number;
  cpu: CpuUse;
}

const benchName = /^cm-\d{5}$/;

function countItems(body: Buffer, what: string): { items: number; names: string[]; cont: string; rv: string } {
  const o = JSON.parse(body.toString('utf8')) as {
    kind?: string;
    items?: { metadata?: { name?: string } }[];
    metadata?: { continue?: string; resourceVersion?: string };
  };
  if (o.kind !== 'ConfigMapList' || !Array.isArray(o.items)) throw new Error(`${what}: not a ConfigMapList`);
  const names = o.items.map((i) => i.metadata?.name ?? '').filter((n) => benchName.test(n));
  return { items: o.items.length, names, cont: o.metadata?.continue ?? '', rv: o.metadata?.resourceVersion ?? '' };
}

async function listPhase(s: ServerProc, etcdPid?: number): Promise<ListResult> {
  const ns = cfg.namespace;
  const base = cmPath(ns);
  const want = cfg.configMaps;
  let itemsPerList = 0;
  // every benchmark ConfigMap exactly once; others (kube-root-ca.crt from a controller) are allowed
  const checkNames = (names: string[], items: number, what: string) => {
    const uniq = new Set(names).size;
    if (uniq !== want || names.length !== want) throw new Error(`${what}: ${names.length} benchmark ConfigMaps (${uniq} distinct) of ${items} items, want ${want}`);
    if (items - want > 100) throw new Error(`${what}: ${items} items, ${items - want} more than the benchmark created`);
    itemsPerList = items;
  };
  const check = (body: Buffer, what: string) => {
    const c = countItems(body, what);
    checkNames(c.names, c.items, what);
  };
  const timed = async (path: string): Promise<{ ms: number; body: Buffer }> => {
    const t = performance.now();
    const r = await s.call('GET', path, 200);
    return { ms: performance.now() - t, body: r.body };
  };
  let responseMB = 0;
  let pages = 0;
  const { value, cpu } = await measureCpu(s, etcdPid, async () => {
    // the client's JSON.parse of the answer is not timed: the figures are time to the last byte
    const rv0: number[] = [];
    const consistent: number[] = [];
    const paginated: number[] = [];
    for (let run = -1; run < cfg.listRuns; run++) {
      // run -1 is a warm-up, not recorded
      const a = await timed(`${base}?resourceVersion=0`);
      check(a.body, 'LIST resourceVersion=0');
      responseMB = round(a.body.length / 1048576, 1);
      const b = await timed(base);
      check(b.body, 'LIST (consistent)');
      if (run >= 0) {
        rv0.push(a.ms);
        consistent.push(b.ms);
      }
    }
    for (let run = -1; run < cfg.listRuns; run++) {
      const bodies: Buffer[] = [];
      const t = performance.now();
      let cont = '';
      do {
        const r = await s.call('GET', `${base}?limit=${cfg.pageSize}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`, 200);
        bodies.push(r.body);
        // the list metadata precedes the items; a full parse (untimed) below confirms the token
        const head = r.body.subarray(0, 4096).toString('utf8');
        const m = /"continue":"([^"]*)"/.exec(head.slice(0, head.indexOf('"items"') >= 0 ? head.indexOf('"items"') : head.length));
        cont = m ? m[1] : (countItems(r.body, 'LIST page').cont ?? '');
        if (bodies.length > (want + 100) / cfg.pageSize + 2) throw new Error('LIST pagination does not end');
      } while (cont);
      const ms = performance.now() - t;
      let total = 0;
      const names: string[] = [];
      for (let i = 0; i < bodies.length; i++) {
        const c = countItems(bodies[i], `LIST page ${i + 1}`);
        total += c.items;
        names.push(...c.names);
        if (c.items > cfg.pageSize) throw new Error(`LIST page ${i + 1}: ${c.items} items, limit was ${cfg.pageSize}`);
        if ((i < bodies.length - 1) !== Boolean(c.cont)) throw new Error(`LIST page ${i + 1}: unexpected continue token ${JSON.stringify(c.cont)}`);
      }
      checkNames(names, total, `LIST limit=${cfg.pageSize} (${bodies.length} pages)`);
      pages = bodies.length;
      if (run >= 0) paginated.push(ms);
    }
    return { rv0: stats(rv0), consistent: stats(consistent), paginated: stats(paginated) };
  });
  return { ...value, pages, itemsPerList, responseMB, cpu };
}

interface WatchResult {
  watchers: number;
  updates: number;
  ratePerSec: number;
  deliveries: number;
  /** receive time - the send time carried in the annotation (request start of the write) */
  fromSendMs: Stats;
  /** p99 of delivery from send of each block of watchWindow measured updates (in send order) */
  windowP99Ms: number[];
  /** the same for the warm-up updates that precede the measured ones */
  warmup: { updates: number; fromSendMs: Stats; writeLatencyMs: Stats };
  /** receive time - arrival of the write's response (negative: event before response) */
  fromResponseMs: Stats;
  writeLatencyMs: Stats;
  missed: number;
  duplicated: number;
  unexpected: number;
  /** watchers that missed events (first 10): what they did receive */
  shortWatchers: {
    watcher: number;
    events: number;
    bytes: number;
    lastSeq: number;
    closed: boolean;
    msSinceLastData: number;
    /** the first 20 sequence numbers this watcher never received */
    missingSeqs: number[];
  }[];
  /** watchers that missed at least one event */
  shortWatcherCount: number;
  /** a watch stream that failed during the phase (ERROR event, closed by the server, connection error) */
  error?: string;
  cpu: CpuUse;
  /** what happened meanwhile, from the /metrics of the server and of etcd (see pauses()) */
  pauses?: Pauses;
}

/**
 * Collections in the server and slow disk syncs in etcd, counted from their
 * /metrics taken shortly before the measured updates and after them: the usual
 * suspects when a latency tail appears.
 */
interface Pauses {
  majorGcs: number;
  majorGcMs: number;
  minorGcs: number;
  minorGcMs: number;
  etcdWalFsyncs?: number;
  etcdWalFsyncsOver8ms?: number;
  etcdBackendCommitsOver8ms?: number;
}

type Counters = Map<string, number>;

async function counters(s: ServerProc, etcdUrl?: string): Promise<Counters> {
  const out: Counters = new Map();
  const read = (text: string, keep: RegExp) => {
    for (const line of text.split('\n')) {
      const m = /^(\S+) (\S+)$/.exec(line);
      if (m && keep.test(m[1])) out.set(m[1], Number(m[2]));
    }
  };
  read((await s.call('GET', '/metrics', 200)).body.toString('utf8'), /^nodejs_gc_duration_seconds_(count|sum)\{kind="(major|minor)"\}$/);
  if (etcdUrl) {
    const res = await fetch(`${etcdUrl}/metrics`, { signal: AbortSignal.timeout(5000) });
    read(await res.text(), /^etcd_disk_(wal_fsync|backend_commit)_duration_seconds_(count|bucket\{le="0\.008"\})$/);
  }
  return out;
}

function pauses(before: Counters, after: Counters, etcd: boolean): Pauses {
  const d = (k: string) => (after.get(k) ?? 0) - (before.get(k) ?? 0);
  const gc = (kind: string) => [d(`nodejs_gc_duration_seconds_count{kind="${kind}"}`), round(1000 * d(`nodejs_gc_duration_seconds_sum{kind="${kind}"}`), 1)];
  const [majorGcs, majorGcMs] = gc('major');
  const [minorGcs, minorGcMs] = gc('minor');
  const p: Pauses = { majorGcs, majorGcMs, minorGcs, minorGcMs };
  if (etcd) {
    const f = 'etcd_disk_wal_fsync_duration_seconds';
    const b = 'etcd_disk_backend_commit_duration_seconds';
    p.etcdWalFsyncs = d(`${f}_count`);
    p.etcdWalFsyncsOver8ms = d(`${f}_count`) - d(`${f}_bucket{le="0.008"}`);
    p.etcdBackendCommitsOver8ms = d(`${b}_count`) - d(`${b}_bucket{le="0.008"}`);
  }
  return p;
}

async function watchPhase(s: ServerProc, etcdPid?: number, etcdUrl?: string): Promise<WatchResult> {
  const ns = cfg.namespace;
  const nW = cfg.watchers;
  // The first updates a fresh server fans out run its watch and patch code
  // before V8 has optimized it: they are slower for about the first second.
  // They are sent at the same rate and checked like the others (every watcher
  // gets each exactly once), and reported apart; the target figures are those
  // of the updates that follow, a server in its steady state.
  const nWarm = cfg.watchWarmupUpdates;
  const nU = nWarm + cfg.watchUpdates;
  if (nU > cfg.configMaps) throw new Error('more updates than ConfigMaps');
  const seqKey = 'bench.tskube.dev/seq';
  const sentKey = 'bench.tskube.dev/sent';
  const rv = countItems((await s.call('GET', `${cmPath(ns)}?limit=1`, 200)).body, 'LIST limit=1').rv;
  if (!rv) throw new Error('no resourceVersion to watch from');

  // the watchers run on a worker thread (see watchers.ts)
  const watcherConfig: WatcherConfig = {
    port: s.port,
    ...s.creds!,
    path: `${cmPath(ns)}?watch=1&resourceVersion=${rv}&timeoutSeconds=3600`,
    watchers: nW,
    updates: nU,
    seqKey,
    sentKey,
    namePattern: benchName.source,
  };
  const worker = new Worker(new URL('./watchers.js', import.meta.url), { workerData: { watcherConfig } });
  const messages: FromWatchers[] = [];
  let wake: (() => void) | undefined;
  let workerError: Error | undefined;
  worker.on('message', (m: FromWatchers) => {
    messages.push(m);
    wake?.();
  });
  worker.on('error', (e) => {
    workerError = e;
    wake?.();
  });
  const next = async (): Promise<FromWatchers> => {
    while (!messages.length) {
      if (workerError) throw workerError;
      await new Promise<void>((r) => (wake = r));
    }
    return messages.shift()!;
  };
  try {
    const first = await next();
    if (first.kind === 'failed') throw new Error(first.error);
    await sleep(500);

    const writeLat = new Float64Array(nU);
    const responseAt = new Float64Array(nU);
    let before: Promise<Counters> | undefined;
    let measuredPauses: Pauses | undefined;
    const { value: result, cpu } = await measureCpu(s, etcdPid, async () => {
      const interval = 1000 / cfg.watchRatePerSec;
      const t0 = monoMs() + 20;
      const inflight: Promise<void>[] = [];
      for (let i = 0; i < nU; i++) {
        const wait = t0 + i * interval - monoMs();
        if (wait > 0) await sleep(wait);
        // the counters are read 20 updates before the measured ones, so the scrape is not in the window
        if (i === Math.max(0, nWarm - 20)) {
          before = counters(s, etcdUrl);
          before.catch(() => undefined); // awaited (and so reported) after the updates
        }
        const sent = monoMs();
        const patch = JSON.stringify({ metadata: { annotations: { [seqKey]: String(i), [sentKey]: sent.toFixed(3) } } });
        inflight.push(
          s.call('PATCH', cmPath(ns, cmName(i)), 200, patch, { 'Content-Type': 'application/merge-patch+json' }).then(() => {
            responseAt[i] = monoMs();
            writeLat[i] = responseAt[i] - sent;
          }),
        );
      }
      await Promise.all(inflight);
      const after = counters(s, etcdUrl);
      measuredPauses = pauses(await before!, await after, etcdUrl !== undefined);
      // the stragglers: at most 15 s
      worker.postMessage({ kind: 'collect', waitMs: 15_000 } satisfies ToWatchers);
      let m = await next();
      while (m.kind !== 'result') m = await next();
      return m;
    });
    let missed = 0;
    let duplicated = 0;
    for (const c of result.counts) {
      if (c === 0) missed++;
      else if (c > 1) duplicated += c - 1;
    }
    const fromSend: number[] = [];
    const fromResp: number[] = [];
    const warmFromSend: number[] = [];
    const windows: number[][] = Array.from({ length: Math.ceil(cfg.watchUpdates / cfg.watchWindow) }, () => []);
    for (let i = 0; i < result.recvAt.length; i++) {
      const d = result.recvAt[i] - result.sentAt[i];
      if (result.recvSeq[i] < nWarm) {
        warmFromSend.push(d);
        continue;
      }
      fromSend.push(d);
      windows[Math.floor((result.recvSeq[i] - nWarm) / cfg.watchWindow)].push(d);
      fromResp.push(result.recvAt[i] - responseAt[result.recvSeq[i]]);
    }
    const now = monoMs();
    const missingOf = (w: number) => {
      const out: number[] = [];
      for (let q = 0; q < nU && out.length < 20; q++) if (result.counts[w * nU + q] === 0) out.push(q);
      return out;
    };
    const short = result.per.map((p, watcher) => ({ watcher, p })).filter(({ watcher }) => missingOf(watcher).length > 0);
    const shortWatchers = short.slice(0, 10).map(({ watcher, p }) => ({
      watcher,
      events: p.events,
      bytes: p.bytes,
      lastSeq: p.lastSeq,
      closed: p.closed,
      msSinceLastData: p.lastDataAt ? Math.round(now - p.lastDataAt) : -1,
      missingSeqs: missingOf(watcher),
    }));
    return {
      watchers: nW,
      updates: cfg.watchUpdates,
      ratePerSec: cfg.watchRatePerSec,
      deliveries: fromSend.length,
      fromSendMs: stats(fromSend),
      windowP99Ms: windows.filter((w) => w.length).map((w) => stats(w).p99),
      warmup: { updates: nWarm, fromSendMs: stats(warmFromSend), writeLatencyMs: stats(writeLat.subarray(0, nWarm)) },
      fromResponseMs: stats(fromResp),
      writeLatencyMs: stats(writeLat.subarray(nWarm)),
      missed,
      duplicated,
      unexpected: result.unexpected,
      shortWatchers,
      shortWatcherCount: short.length,
      error: result.error,
      cpu,
      pauses: measuredPauses,
    };
  } finally {
    await worker.terminate();
  }
}

// ---------------------------------------------------------------- one backend

interface BackendResult {
  backend: string;
  readyz: {
    coldMs: number[];
    restartMs: number[];
    restartWith10kMs: number[];
    coldMedianMs: number;
    restartMedianMs: number;
    restartWith10kMedianMs: number;
    restartWith10kError?: string;
  };
  rssMB: { atReady: number; idleAfterStart: number; with10kIdle: number; end: number; peak: number };
  etcdRssMB?: { idleAfterStart: number; with10kIdle: number; end: number };
  create: ThroughputResult;
  get: ThroughputResult;
  list: ListResult;
  watch: WatchResult;
  phases: Window[];
  profile?: ProfileSummary;
}

async function timedStart(opts: ServerStart): Promise<{ ms: number; rssAtReady: number }> {
  const s = await ServerProc.spawn(opts);
  try {
    const ms = await s.waitReady();
    return { ms, rssAtReady: s.status().rssMB };
  } finally {
    await s.stop();
  }
}

function log(msg: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

async function runBackend(backend: 'embedded' | 'etcd'): Promise<BackendResult> {
  let etcd: EtcdCluster | undefined;
  let etcdPid: number | undefined;
  let main: ServerProc | undefined;
  const dirs: string[] = [];
  const newDir = () => {
    const d = tempDir(`tskube-bench-${backend}-`);
    dirs.push(d);
    return d;
  };
  try {
    if (backend === 'etcd') {
      log('starting etcd (1 member, fsync on)');
      etcd = await startEtcd({ members: 1 });
      etcds.add(etcd);
      const pids = childPidsNamed('etcd');
      etcdPid = pids.length === 1 ? pids[0] : undefined;
    }
    const etcdOpt = (prefix: string) => (etcd ? { endpoints: etcd.endpoints, prefix } : undefined);

    // 1. start-up: cold starts on fresh data dirs (and fresh etcd prefixes), then restarts on the last one
    const coldMs: number[] = [];
    let lastDir = '';
    for (let i = 0; i < cfg.startRuns; i++) {
      lastDir = newDir();
      const r = await timedStart({ dataDir: lastDir, etcd: etcdOpt(`/bench-cold-${i}`) });
      coldMs.push(r.ms);
      log(`${backend}: cold start ${i + 1}: ${r.ms} ms to /readyz, RSS ${r.rssAtReady} MB`);
    }
    const restartMs: number[] = [];
    for (let i = 0; i < cfg.startRuns; i++) {
      const r = await timedStart({ dataDir: lastDir, etcd: etcdOpt(`/bench-cold-${cfg.startRuns - 1}`) });
      restartMs.push(r.ms);
      log(`${backend}: restart ${i + 1}: ${r.ms} ms to /readyz`);
    }

    // the measured server: fresh data dir, default prefix
    const mainDir = newDir();
    const profDir = cpuProf ? join(repoRoot, 'dist', 'bench-cpuprof', backend) : undefined;
    if (profDir) {
      rmSync(profDir, { recursive: true, force: true });
      mkdirSync(profDir, { recursive: true });
    }
    const mainOpts: ServerStart = {
      dataDir: mainDir,
      etcd: etcdOpt('/registry'),
      nodeArgs: [...serverNodeArgs, ...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [])],
      logFile: serverLog,
    };
    main = await ServerProc.spawn(mainOpts);
    const phases: Window[] = [];
    const phase = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
      const startUs = nowUs();
      log(`${backend}: ${name}`);
      try {
        return await fn();
      } finally {
        phases.push({ name, startUs, endUs: nowUs() });
      }
    };
    const s = main;
    await phase('start', () => s.waitReady());
    const atReady = s.status().rssMB;
    await phase('idle after start', () => sleep(cfg.idleMs));
    const idleAfterStart = s.status().rssMB;
    const etcdIdle = etcdPid ? procStatus(etcdPid).rssMB : undefined;

    await s.call('POST', '/api/v1/namespaces', 201, JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: cfg.namespace } }));
    const create = await phase(`create ${cfg.configMaps}`, () => createPhase(s, etcdPid));
    log(`${backend}: ${create.perSec} creates/s, p50 ${create.latencyMs.p50} ms, p99 ${create.latencyMs.p99} ms`);
    await phase('idle with 10k', () => sleep(cfg.idleMs));
    const with10kIdle = s.status().rssMB;
    const etcd10k = etcdPid ? procStatus(etcdPid).rssMB : undefined;

    const get = await phase('get', () => getPhase(s, etcdPid));
    log(`${backend}: ${get.perSec} gets/s, p50 ${get.latencyMs.p50} ms, p99 ${get.latencyMs.p99} ms`);
    const list = await phase('list', () => listPhase(s, etcdPid));
    log(`${backend}: LIST rv=0 p50 ${list.rv0.p50} ms, consistent p50 ${list.consistent.p50} ms, paginated p50 ${list.paginated.p50} ms`);
    const watch = await phase('watch', () => watchPhase(s, etcdPid, etcd?.endpoints[0]));
    log(`${backend}: watch p50 ${watch.fromSendMs.p50} ms, p99 ${watch.fromSendMs.p99} ms, missed ${watch.missed}, duplicated ${watch.duplicated}`);
    const end = s.status();
    const etcdEnd = etcdPid ? procStatus(etcdPid).rssMB : undefined;
    await main.stop();
    main = undefined;

    let profile: ProfileSummary | undefined;
    if (profDir) {
      // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread (a new data
      // dir also profiles the worker that makes its certificates)
      const files = readdirSync(profDir).filter((f) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(f));
      if (files.length !== 1) log(`${backend}: expected one main-thread .cpuprofile in ${profDir}, found ${files.length}`);
      else profile = summarizeProfile(join(profDir, files[0]), phases, repoRoot);
    }

    // extra: restarts with the 10k ConfigMaps stored (the watch caches prime from them)
    // (a failure here is recorded and reported, without losing the figures above)
    const restartWith10kMs: number[] = [];
    let restartWith10kError: string | undefined;
    try {
      for (let i = 0; i < cfg.startRuns; i++) {
        const r = await timedStart({ dataDir: mainDir, etcd: etcdOpt('/registry') });
        restartWith10kMs.push(r.ms);
        log(`${backend}: restart with ${cfg.configMaps} ConfigMaps ${i + 1}: ${r.ms} ms to /readyz`);
      }
    } catch (e) {
      restartWith10kError = e instanceof Error ? e.message : String(e);
      log(`${backend}: restart with ${cfg.configMaps} ConfigMaps FAILED: ${restartWith10kError}`);
    }

    return {
      backend,
      readyz: {
        coldMs,
        restartMs,
        restartWith10kMs,
        coldMedianMs: median(coldMs),
        restartMedianMs: median(restartMs),
        restartWith10kMedianMs: median(restartWith10kMs),
        restartWith10kError,
      },
      rssMB: { atReady, idleAfterStart, with10kIdle, end: end.rssMB, peak: end.hwmMB },
      etcdRssMB: etcdPid ? { idleAfterStart: etcdIdle!, with10kIdle: etcd10k!, end: etcdEnd! } : undefined,
      create,
      get,
      list,
      watch,
      phases,
      profile,
    };
  } catch (e) {
    if (main) process.stderr.write(`--- tskube output (tail)\n${main.logs()}\n`);
    throw e;
  } finally {
    if (main) await main.stop();
    if (etcd) {
      await etcd.stop();
      etcds.delete(etcd);
    }
    for (const d of dirs) dropTempDir(d);
  }
}

// ---------------------------------------------------------------- environment and report

function environment() {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', ['--no-optional-locks', ...args], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  let commit = git('rev-parse', 'HEAD');
  let treeState = commit ? (git('status', '--porcelain', '--untracked-files=no') ? 'dirty' : 'clean') : 'unknown';
  if (!commit) {
    // not a git checkout (e.g. an exported tree): what the build recorded
    try {
      const info = JSON.parse(readFileSync(join(repoRoot, 'dist', 'build-info.json'), 'utf8')) as { gitCommit?: string; gitTreeState?: string };
      commit = info.gitCommit ?? '';
      treeState = info.gitTreeState ?? 'unknown';
    } catch {
      // no build info
    }
  }
  const cpuModel = (() => {
    try {
      const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
      return m ? m[1].trim() : cpus()[0]?.model ?? 'unknown';
    } catch {
      return cpus()[0]?.model ?? 'unknown';
    }
  })();
  // the disk under the data dirs (os.tmpdir()): both backends fsync every commit
  const fsync = (() => {
    const dir = tempDir('tskube-bench-fsync-');
    try {
      const fd = openSync(join(dir, 'probe'), 'w');
      const block = Buffer.alloc(4096, 1);
      const lat: number[] = [];
      for (let i = 0; i < 200; i++) {
        const t = performance.now();
        writeSync(fd, block, 0, block.length, 0);
        fdatasyncSync(fd);
        lat.push(performance.now() - t);
      }
      closeSync(fd);
      const st = stats(lat);
      return { p50Ms: st.p50, p99Ms: st.p99 };
    } finally {
      dropTempDir(dir);
    }
  })();
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpuModel,
    cpus: cpus().length,
    memoryGB: round(totalmem() / 2 ** 30, 1),
    kernel: release(),
    commit: commit || 'unknown',
    treeState,
    tmpdir: tmpdir(),
    fdatasync4KiB: fsync,
    /** CPU the machine used over 3 s before the benchmark started (% of one core) */
    machineBusyBeforePct: undefined as number | undefined,
  };
}

interface Check {
  what: string;
  backend: string;
  value: number;
  limit: number;
  unit: string;
  pass: boolean;
}

function checks(results: BackendResult[]): Check[] {
  const out: Check[] = [];
  const add = (r: BackendResult, what: string, value: number, limit: number, unit: string) =>
    out.push({ what, backend: r.backend, value, limit, unit, pass: value < limit });
  for (const r of results) {
    if (r.backend === 'embedded') add(r, '/readyz cold start (median)', r.readyz.coldMedianMs, 1000, 'ms');
    add(r, 'idle RSS after start', r.rssMB.idleAfterStart, 150, 'MB');
    add(r, 'watch delivery p99', r.watch.fromSendMs.p99, 50, 'ms');
    add(r, `LIST ${cfg.configMaps} resourceVersion=0 p99`, r.list.rv0.p99, 250, 'ms');
    add(r, `LIST ${cfg.configMaps} resourceVersion=0 p50`, r.list.rv0.p50, 250, 'ms');
  }
  return out;
}

function table(env: ReturnType<typeof environment>, results: BackendResult[], durationSec: number): string {
  const k = cfg.configMaps >= 1000 ? `${cfg.configMaps / 1000}k` : String(cfg.configMaps);
  const rows: [string, ...string[]][] = [];
  const head: [string, ...string[]] = ['', ...results.map((r) => r.backend), 'target'];
  const row = (label: string, f: (r: BackendResult) => string, target = '') => rows.push([label, ...results.map(f), target]);
  const sep = () => rows.push(['']);
  const pp = (s: Stats) => `${fmt(s.p50)} / ${fmt(s.p99)}`;
  const cpu = (c: CpuUse) => `${c.serverPct}%${c.etcdPct !== undefined ? ` +${c.etcdPct}%` : ''} / ${c.clientPct}% / ${c.otherPct}%`;
  row('/readyz cold start, median of 3 (ms)', (r) => fmt(r.readyz.coldMedianMs), '< 1000 (embedded)');
  row('  runs', (r) => r.readyz.coldMs.map(fmt).join(' '));
  row('/readyz restart, median of 3 (ms)', (r) => fmt(r.readyz.restartMedianMs));
  row('  runs', (r) => r.readyz.restartMs.map(fmt).join(' '));
  row(`/readyz restart with ${k} ConfigMaps, median (ms)`, (r) => (r.readyz.restartWith10kError ? 'FAILED (below)' : fmt(r.readyz.restartWith10kMedianMs)));
  sep();
  row('RSS at first 200 /readyz (MB)', (r) => fmt(r.rssMB.atReady));
  row(`RSS idle ${cfg.idleMs / 1000} s after start (MB)`, (r) => fmt(r.rssMB.idleAfterStart), '< 150');
  row(`RSS with ${k} ConfigMaps, idle ${cfg.idleMs / 1000} s (MB)`, (r) => fmt(r.rssMB.with10kIdle));
  row('RSS at end / peak VmHWM (MB)', (r) => `${fmt(r.rssMB.end)} / ${fmt(r.rssMB.peak)}`);
  if (results.some((r) => r.etcdRssMB)) row('etcd RSS idle / with ConfigMaps / end (MB)', (r) => (r.etcdRssMB ? `${r.etcdRssMB.idleAfterStart} / ${r.etcdRssMB.with10kIdle} / ${r.etcdRssMB.end}` : '-'));
  sep();
  row(`create ${k} x 1 KiB ConfigMaps, ${cfg.clients} clients (/s)`, (r) => fmt(r.create.perSec));
  row('  latency p50 / p99 (ms)', (r) => pp(r.create.latencyMs));
  row('  CPU server[+etcd] / bench / other', (r) => cpu(r.create.cpu));
  row(`get (no resourceVersion), ${cfg.clients} clients, ${cfg.getSeconds} s (/s)`, (r) => fmt(r.get.perSec));
  row('  latency p50 / p99 (ms)', (r) => pp(r.get.latencyMs));
  row('  CPU server[+etcd] / bench / other', (r) => cpu(r.get.cpu));
  sep();
  row(`LIST ${k}, resourceVersion=0, p50 / p99 of ${cfg.listRuns} (ms)`, (r) => pp(r.list.rv0), '< 250');
  row(`LIST ${k}, no resourceVersion, p50 / p99 (ms)`, (r) => pp(r.list.consistent));
  row(`LIST ${k}, limit=${cfg.pageSize}, all pages, p50 / p99 (ms)`, (r) => `${pp(r.list.paginated)} (${r.list.pages} pages)`);
  row('  items per LIST / response size (MB)', (r) => `${r.list.itemsPerList} / ${fmt(r.list.responseMB)}`);
  row('  CPU server[+etcd] / bench / other', (r) => cpu(r.list.cpu));
  sep();
  row(`watch: ${cfg.watchers} watchers x ${cfg.watchUpdates} updates at ${cfg.watchRatePerSec}/s`, () => '');
  row(`  warm-up first (${cfg.watchWarmupUpdates} updates): delivery p50 / p99, write p99 (ms)`, (r) => `${pp(r.watch.warmup.fromSendMs)}, ${fmt(r.watch.warmup.writeLatencyMs.p99)}`);
  row('  delivery from send, p50 / p99 (ms)', (r) => pp(r.watch.fromSendMs), 'p99 < 50');
  row('  delivery from send, max (ms)', (r) => fmt(r.watch.fromSendMs.max));
  if (cfg.watchUpdates > cfg.watchWindow) {
    row(`  blocks of ${cfg.watchWindow} with p99 >= 50 ms / blocks`, (r) => `${r.watch.windowP99Ms.filter((p) => p >= 50).length} / ${r.watch.windowP99Ms.length}`);
    row(`  p99 of each block of ${cfg.watchWindow} (ms)`, (r) => r.watch.windowP99Ms.map((p) => fmt(p)).join(' '));
  }
  row('  delivery after write response, p50 / p99 (ms)', (r) => pp(r.watch.fromResponseMs));
  row('  write (PATCH) latency p50 / p99 (ms)', (r) => pp(r.watch.writeLatencyMs));
  row('  delivered / missed / duplicated', (r) => `${r.watch.deliveries} / ${r.watch.missed} / ${r.watch.duplicated}`, 'missed = dup = 0');
  if (results.some((r) => r.watch.shortWatcherCount))
    row('  watchers that missed events / first one misses seq', (r) => {
      const w = r.watch.shortWatchers[0];
      if (!w) return '0';
      const seqs = w.missingSeqs.slice(0, 6).join(',') + (w.missingSeqs.length > 6 ? ',..' : '');
      return `${r.watch.shortWatcherCount} / ${seqs}`;
    });
  row('  CPU server[+etcd] / bench / other', (r) => cpu(r.watch.cpu));
  row('  server GCs meanwhile: major n (ms) / minor n (ms)', (r) =>
    r.watch.pauses ? `${r.watch.pauses.majorGcs} (${fmt(r.watch.pauses.majorGcMs)}) / ${r.watch.pauses.minorGcs} (${fmt(r.watch.pauses.minorGcMs)})` : '-',
  );
  row('  etcd WAL fsyncs / over 8 ms; backend commits over 8 ms', (r) =>
    r.watch.pauses?.etcdWalFsyncs !== undefined ? `${r.watch.pauses.etcdWalFsyncs} / ${r.watch.pauses.etcdWalFsyncsOver8ms}; ${r.watch.pauses.etcdBackendCommitsOver8ms}` : '-',
  );

  const widths = [head, ...rows].reduce((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), [] as number[]);
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[0]) : c.padStart(widths[i])))
      .join('   ')
      .trimEnd();
  const out: string[] = [];
  out.push(`tskube API server benchmark${quick ? ' (--quick: sizes / 10)' : ''}`);
  out.push(`date ${env.date}   node ${env.node}   ${env.cpuModel} x ${env.cpus} CPUs, ${env.memoryGB} GiB   linux ${env.kernel}`);
  out.push(`commit ${env.commit} (${env.treeState} tree)   run took ${Math.round(durationSec)} s`);
  out.push(`machine busy before start: ${env.machineBusyBeforePct ?? '?'}% of one core (other users' processes)`);
  out.push(`4 KiB write+fdatasync in ${env.tmpdir} (where the data dirs live): p50 ${env.fdatasync4KiB.p50Ms} ms, p99 ${env.fdatasync4KiB.p99Ms} ms`);
  out.push('');
  out.push(line(head));
  for (const r of rows) out.push(r.length === 1 ? '' : line(r));
  out.push('');
  out.push('CPU: % of one core over the phase: server process [+ etcd] / this benchmark process / everything else on the');
  out.push('machine (other users; anything above a few % means the figures of that phase are disturbed).');
  out.push('Latencies are client-side, to the last byte of the answer; p99 of 20 runs is the 20th value (the max).');
  return out.join('\n');
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return String(Math.round(v));
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = performance.now();
  if (!existsSync(join(repoRoot, 'dist', 'src', 'cli', 'main.js'))) throw new Error('dist/src/cli/main.js missing: run `make build` first');
  const env = environment();
  // how busy the machine is without us: other users' load distorts every figure
  const b0 = machineBusySec();
  await sleep(3000);
  const busyBeforePct = Math.round(((machineBusySec() - b0) / 3) * 100);
  env.machineBusyBeforePct = busyBeforePct;
  if (busyBeforePct > 10) log(`WARNING: the machine is already ${busyBeforePct}% busy (of one core) before the benchmark starts`);
  log(`benchmark: backends ${backends.join(', ')}${quick ? ' (quick)' : ''}, results to ${outFile}`);
  const results: BackendResult[] = [];
  const failures: { backend: string; error: string }[] = [];
  for (const b of backends) {
    try {
      results.push(await runBackend(b));
    } catch (e) {
      // reported at the end; the other backend still runs
      const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
      log(`${b}: FAILED: ${error}`);
      failures.push({ backend: b, error });
    }
  }
  for (const r of results) if (r.watch.error) failures.push({ backend: r.backend, error: `watch: ${r.watch.error}` });
  for (const r of results) if (r.readyz.restartWith10kError) failures.push({ backend: r.backend, error: `restart with ${cfg.configMaps} ConfigMaps: ${r.readyz.restartWith10kError}` });
  const durationSec = (performance.now() - started) / 1000;
  const cks = checks(results);
  const text = results.length ? table(env, results, durationSec) : 'no backend completed';
  process.stdout.write(`\n${text}\n\ntargets:\n`);
  for (const c of cks) process.stdout.write(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.backend.padEnd(8)} ${c.what}: ${c.value} ${c.unit} (target < ${c.limit} ${c.unit})\n`);
  for (const r of results) if (r.profile) process.stdout.write(`\n[${r.backend}] ${formatProfileSummary(r.profile)}\n`);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify({ environment: env, config: { ...cfg, quick, serverNodeArgs }, durationSec: round(durationSec, 1), results, failures, targets: cks }, null, 2) + '\n');
  if (failures.length) {
    process.stdout.write('\nFAILURES:\n');
    for (const f of failures) process.stdout.write(`  ${f.backend}: ${f.error.split('\n').slice(0, 6).join('\n    ')}\n`);
    process.exitCode = 1;
  }
  process.stdout.write(`\nresults written to ${outFile}\n`);
  const broken = results.filter((r) => r.watch.missed || r.watch.duplicated || r.watch.unexpected);
  if (broken.length) {
    process.stderr.write(`bench: watch correctness failed on ${broken.map((r) => r.backend).join(', ')} (missed/duplicated/unexpected events)\n`);
    process.exitCode = 1;
  }
}

main().catch(async (e: unknown) => {
  process.stderr.write(`bench: FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  killChildrenSync();
  await Promise.allSettled([...etcds].map((c) => c.stop()));
  removeTempDirsSync();
  process.exit(1);
});
