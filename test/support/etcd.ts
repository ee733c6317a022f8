// Test helper: run a throw-away etcd (1 or 3 members) on 127.0.0.1.
//
// The binary comes from hack/etcd/build.sh (built on first use, cached in
// ${TSKUBE_CACHE:-~/.cache/tskube}); TSKUBE_ETCD_BIN overrides it. Data dirs
// live in a fresh temp dir that stop() removes. Only the processes started
// here are ever signalled, by PID.

import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface EtcdCluster {
  /** client URLs, one per member */
  endpoints: string[];
  /**
   * stop member i; the others keep running. SIGTERM (default) waits up to 5 s
   * for a graceful exit, then kills; SIGKILL simulates a crash.
   */
  stopMember(i: number, signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** start a stopped member i again on its data dir and ports; resolves when it is healthy */
  startMember(i: number): Promise<void>;
  /** stop every member still running and remove the data */
  stop(): Promise<void>;
}

export interface StartEtcdOptions {
  members?: 1 | 3;
  /** pass --unsafe-no-fsync (faster, for tests that do not measure anything) */
  noFsync?: boolean;
  /** how long to wait for the cluster to become healthy (default 60 s) */
  readyTimeoutMs?: number;
}

/** PIDs started by this module and still running: killed if the test process exits */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) {
      try {
        if (child.pid) process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'hack', 'etcd', 'build.sh'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find hack/etcd/build.sh above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

let binaryPromise: Promise<string> | undefined;

/** path of the etcd binary, building it when missing (can take minutes the first time) */
export function etcdBinary(): Promise<string> {
  const override = process.env.TSKUBE_ETCD_BIN;
  if (override) return Promise.resolve(resolve(override));
  binaryPromise ??= new Promise<string>((ok, fail) => {
    const script = join(repoRoot(), 'hack', 'etcd', 'build.sh');
    execFile('bash', [script], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        binaryPromise = undefined;
        fail(new Error(`hack/etcd/build.sh failed: ${err.message}\n${stderr}`));
        return;
      }
      const lines = stdout.trim().split('\n');
      ok(lines[lines.length - 1]);
    });
  });
  return binaryPromise;
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

async function healthy(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
    if (!res.ok) return false;
    const body = (await res.json()) as { health?: string };
    return body.health === 'true';
  } catch {
    return false;
  }
}

function waitExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((ok) => {
    const t = setTimeout(() => ok(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(t);
      ok(true);
    });
  });
}

async function stopChild(child: ChildProcess | undefined, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  if (!child || !child.pid) return;
  if (child.exitCode === null && child.signalCode === null) {
    process.kill(child.pid, signal);
    if (!(await waitExit(child, 5000))) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // exited meanwhile
      }
      await waitExit(child, 5000);
    }
  }
  running.delete(child);
}

export async function startEtcd(opts: StartEtcdOptions = {}): Promise<EtcdCluster> {
  const members = opts.members ?? 1;
  const bin = await etcdBinary();
  installExitHook();
  const dir = mkdtempSync(join(tmpdir(), 'tskube-etcd-'));
  const ports: { client: number; peer: number }[] = [];
  const taken = new Set<number>();
  while (ports.length < members) {
    const client = await freePort();
    const peer = await freePort();
    if (client === peer || taken.has(client) || taken.has(peer)) continue;
    taken.add(client).add(peer);
    ports.push({ client, peer });
  }
  const names = ports.map((_, i) => `m${i}`);
  const cluster = ports.map((p, i) => `${names[i]}=http://127.0.0.1:${p.peer}`).join(',');
  const endpoints = ports.map((p) => `http://127.0.0.1:${p.client}`);
  const token = `tskube-test-${process.pid}-${Date.now()}`;
  const children: (ChildProcess | undefined)[] = [];
  const logs = names.map((n) => join(dir, `${n}.log`));

  const launch = (i: number) => {
    const fd = openSync(logs[i], 'a');
    const args = [
      `--name=${names[i]}`,
      `--data-dir=${join(dir, names[i])}`,
      `--listen-client-urls=${endpoints[i]}`,
      `--advertise-client-urls=${endpoints[i]}`,
      `--listen-peer-urls=http://127.0.0.1:${ports[i].peer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${ports[i].peer}`,
      `--initial-cluster=${cluster}`,
      '--initial-cluster-state=new',
      `--initial-cluster-token=${token}`,
      // faster failure detection than the 100 ms / 1 s defaults: loopback only
      '--heartbeat-interval=50',
      '--election-timeout=500',
      '--log-level=warn',
    ];
    if (opts.noFsync) args.push('--unsafe-no-fsync');
    const child = spawn(bin, args, { stdio: ['ignore', fd, fd] });
    closeSync(fd);
    running.add(child);
    child.once('exit', () => running.delete(child));
    children[i] = child;
  };

  const waitHealthy = async (which: number[], timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const dead = which.find((i) => {
        const c = children[i];
        return !c || c.exitCode !== null || c.signalCode !== null;
      });
      if (dead !== undefined || Date.now() > deadline) {
        const tail = which.map((i) => `--- ${names[i]}\n${readTail(logs[i])}`).join('\n');
        throw new Error(
          dead !== undefined ? `etcd member ${names[dead]} exited during start-up\n${tail}` : `etcd not healthy in time\n${tail}`,
        );
      }
      const ok = await Promise.all(which.map((i) => healthy(endpoints[i])));
      if (ok.every(Boolean)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  for (let i = 0; i < members; i++) launch(i);

  let stopped = false;
  const handle: EtcdCluster = {
    endpoints,
    async stopMember(i: number, signal?: 'SIGTERM' | 'SIGKILL') {
      await stopChild(children[i], signal);
      children[i] = undefined;
    },
    async startMember(i: number) {
      if (stopped) throw new Error('cluster already stopped');
      if (children[i]) throw new Error(`member ${i} is running`);
      launch(i);
      await waitHealthy([i], opts.readyTimeoutMs ?? 60_000);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await Promise.all(children.map((c) => stopChild(c)));
      rmSync(dir, { recursive: true, force: true });
    },
  };

  try {
    await waitHealthy(
      names.map((_, i) => i),
      opts.readyTimeoutMs ?? 60_000,
    );
  } catch (err) {
    await handle.stop();
    throw err;
  }
  return handle;
}

/** index of the member that is the raft leader now (from its /metrics), or -1 */
export async function etcdLeader(endpoints: string[]): Promise<number> {
  for (let i = 0; i < endpoints.length; i++) {
    try {
      const res = await fetch(`${endpoints[i]}/metrics`, { signal: AbortSignal.timeout(1000) });
      const text = await res.text();
      if (/^etcd_server_is_leader 1$/m.test(text)) return i;
    } catch {
      // member down
    }
  }
  return -1;
}

function readTail(path: string): string {
  try {
    const text = readFileSync(path, 'utf8');
    return text.slice(-4000);
  } catch {
    return '(no log)';
  }
}
