// Starts `bin/tskube server` as a child process for end-to-end tests, on a
// free port and a fresh data directory, and stops it (by PID) afterwards.
import { spawn, type ChildProcess, execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import https from 'node:https';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const tskubeBin = join(repoRoot, 'bin', 'tskube');

export interface TskubeOptions {
  etcdServers?: string[];
  dataDir?: string;
  args?: string[];
  /** keep the data directory when stopping (for restart tests) */
  keepData?: boolean;
  /** fixed port (default: any free port) */
  port?: number;
  /** `apiserver` runs the API server without the in-process controllers */
  mode?: 'server' | 'apiserver';
}

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as import('node:net').AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface TskubeServer {
  dataDir: string;
  kubeconfig: string;
  url: string;
  port: number;
  proc: ChildProcess;
  logs: () => string;
  /** SIGTERM and wait for exit; returns the exit code */
  stop(): Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** an https agent authenticating as the admin */
  agent(): https.Agent;
  ca(): string;
}

function kubeconfigField(text: string, field: string): string {
  const m = new RegExp(`${field}: (\\S+)`).exec(text);
  if (!m) throw new Error(`kubeconfig has no ${field}`);
  return m[1];
}

export async function startTskube(opts: TskubeOptions = {}): Promise<TskubeServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'tskube-e2e-'));
  const kubeconfig = join(dataDir, 'admin.kubeconfig');
  rmSync(kubeconfig, { force: true });
  const args = [opts.mode ?? 'server', '--data-dir', dataDir, '--secure-port', String(opts.port ?? 0), '--log-level', 'warn', ...(opts.args ?? [])];
  if (opts.etcdServers) args.push('--etcd-servers', opts.etcdServers.join(','));
  const proc = spawn(process.execPath, [tskubeBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!existsSync(kubeconfig)) {
    if (proc.exitCode !== null) throw new Error(`tskube exited with ${proc.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`tskube did not start within 60s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const text = readFileSync(kubeconfig, 'utf8');
  const url = kubeconfigField(text, 'server');
  const port = Number(new URL(url).port);
  const caPem = Buffer.from(kubeconfigField(text, 'certificate-authority-data'), 'base64').toString();
  const cert = Buffer.from(kubeconfigField(text, 'client-certificate-data'), 'base64').toString();
  const key = Buffer.from(kubeconfigField(text, 'client-key-data'), 'base64').toString();
  let agent: https.Agent | undefined;
  const server: TskubeServer = {
    dataDir,
    kubeconfig,
    url,
    port,
    proc,
    logs: () => out,
    ca: () => caPem,
    agent: () => (agent ??= new https.Agent({ ca: caPem, cert, key, keepAlive: true })),
    async stop() {
      agent?.destroy();
      if (proc.exitCode === null) proc.kill('SIGTERM');
      const code = await exited;
      if (!opts.keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      agent?.destroy();
      if (proc.exitCode === null) proc.kill(signal);
      await exited;
    },
  };
  return server;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

/** One HTTPS request to the server as admin (or with the given headers / no client cert). */
export function request(
  s: TskubeServer,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  opts: { anonymous?: boolean } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    const req = https.request(
      {
        host: '127.0.0.1',
        port: s.port,
        method,
        path,
        agent: opts.anonymous ? new https.Agent({ ca: s.ca() }) : s.agent(),
        headers: {
          Accept: 'application/json',
          ...(data !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(data)) } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let settled = false;
        const done = () => {
          if (settled) return;
          settled = true;
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json: <T>() => JSON.parse(text) as T });
        };
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', done);
        // a stream cut short (server shutdown, destroyed socket) still settles
        res.on('close', done);
        res.on('error', done);
      },
    );
    req.on('error', reject);
    if (data !== undefined) req.write(data);
    req.end();
  });
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** kubectl on the PATH, or kubectl.<version> from the folder its link points to */
export function kubectlPath(version?: string): string {
  if (!version) return 'kubectl';
  const onPath = execFileSync('bash', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
  const real = execFileSync('readlink', ['-f', onPath], { encoding: 'utf8' }).trim();
  return join(dirname(real), `kubectl.${version}`);
}

/** Run kubectl against the server; resolves with its exit code and output (never rejects on a non-zero exit). */
export function kubectl(
  s: TskubeServer,
  args: string[],
  opts: { input?: string; env?: Record<string, string>; bin?: string; timeoutMs?: number } = {},
): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const child = execFile(
      opts.bin ?? 'kubectl',
      args,
      {
        env: { ...process.env, KUBECONFIG: s.kubeconfig, HOME: s.dataDir, ...(opts.env ?? {}) },
        timeout: opts.timeoutMs ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code as number) : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (opts.input !== undefined) {
      child.stdin!.write(opts.input);
      child.stdin!.end();
    }
  });
}

/** stderr lines other than the version-skew warning */
export function unexpectedStderr(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/version difference|exceeds the supported minor version skew|WARNING: version/.test(l));
}
