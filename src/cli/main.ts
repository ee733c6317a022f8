// tskube command line: server | apiserver (later: scheduler, controller-manager).
import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerFlags } from './server.js';
import { pkiOptionsFor } from './pkiOptions.js';
import { ensurePkiOnWorker } from '../auth/pkiThread.js';

/**
 * On a fresh data directory, make the certificates on a second thread while this
 * one loads the server's modules (both take a few hundred milliseconds). Any
 * failure is left to the server, which makes whatever is still missing.
 */
function prepareCertificates(flags: ServerFlags): Promise<void> {
  const opts = pkiOptionsFor(flags);
  if (existsSync(join(opts.dir, 'ca.crt'))) return Promise.resolve();
  return ensurePkiOnWorker(opts);
}

const usage = `usage: tskube <command> [flags]

commands:
  server       the all-in-one control plane (API server and, as they land, controllers and scheduler)
  apiserver    the API server alone
  controller-manager --kubeconfig FILE [--leader-elect=true|false]
               the controllers as a separate process

flags (server, apiserver):
  --data-dir DIR              state directory (default .tskube)
  --secure-port PORT          HTTPS port (default 6443)
  --bind-address ADDR         listen address (default 127.0.0.1)
  --advertise-address ADDR    address published in the kubernetes Endpoints (default: bind address, or 127.0.0.1)
  --etcd-servers URL[,URL]    use etcd instead of the embedded store
  --etcd-prefix PREFIX        key prefix in etcd (default /registry)
  --service-cluster-ip-range  CIDR of Service IPs (default 10.96.0.0/12)
  --log-level LEVEL           trace|debug|info|warn|error (default info)
  --default-watch-cache-size N  events of history kept per resource for watches (default 1000)
  --max-requests-inflight N   concurrent read-only requests before 429 (default 400, 0 = no limit)
  --max-mutating-requests-inflight N  concurrent writes before 429 (default 200, 0 = no limit)
  --compaction-interval D     how often storage history is compacted (default 5m; 0 = never)
  --compaction-history N      revisions of history compaction keeps at least (default 0: one interval)
  --heap-growing-percent N    how far the JavaScript heap may grow past its live size before the next
                              full garbage collection (default 100, like Go's GOGC; 0 = V8's own choice)
`;

/** "90s", "5m", "1h", "250ms" or plain seconds */
function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(s.trim());
  if (!m) throw new Error(`invalid duration: ${s}`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return Math.round(n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit]!);
}

/**
 * V8 sizes the next full collection's trigger from the live heap, by a factor
 * it adapts between 1.1 and 4. Under a steady write load with a large watch
 * cache it settles near the bottom: a full collection every few seconds, each
 * stalling writes and watch delivery for tens of milliseconds, while during
 * bulk loads it lets the heap grow fourfold. A fixed factor (2 by default)
 * makes full collections rare under steady load and bounds the heap in bursts;
 * see docs/performance.md. V8 reads the flag each time it sets the trigger.
 * Returns the V8 flag to set, or undefined for V8's own choice (0).
 */
function heapGrowthFlag(value: string): string | undefined {
  const percent = Number(value);
  if (!Number.isInteger(percent) || percent < 0 || percent > 1000) throw new Error(`--heap-growing-percent: want an integer from 0 to 1000, not ${value}`);
  return percent > 0 ? `--heap-growing-percent=${percent}` : undefined;
}

async function main(argv: string[]): Promise<void> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '-h' || cmd === '--help' || cmd === 'help') {
    process.stdout.write(usage);
    return;
  }
  if (cmd === 'version' || cmd === '--version') {
    const { versionInfo } = await import('../server/version.js');
    process.stdout.write(`${versionInfo().gitVersion}\n`);
    return;
  }
  if (cmd === 'server' || cmd === 'apiserver') {
    const { values } = parseArgs({
      args: rest,
      options: {
        'data-dir': { type: 'string', default: '.tskube' },
        'secure-port': { type: 'string', default: '6443' },
        'bind-address': { type: 'string', default: '127.0.0.1' },
        'advertise-address': { type: 'string' },
        'etcd-servers': { type: 'string' },
        'etcd-prefix': { type: 'string', default: '/registry' },
        'service-cluster-ip-range': { type: 'string', default: '10.96.0.0/12' },
        'log-level': { type: 'string', default: 'info' },
        'default-watch-cache-size': { type: 'string', default: '1000' },
        'max-requests-inflight': { type: 'string', default: '400' },
        'max-mutating-requests-inflight': { type: 'string', default: '200' },
        'compaction-interval': { type: 'string', default: '5m' },
        'compaction-history': { type: 'string', default: '0' },
        'heap-growing-percent': { type: 'string', default: '100' },
      },
      strict: true,
      allowPositionals: false,
    });
    const heapGrowth = heapGrowthFlag(values['heap-growing-percent']!);
    const port = Number(values['secure-port']);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--secure-port: invalid port ${values['secure-port']}`);
    const flags: ServerFlags = {
      mode: cmd,
      dataDir: values['data-dir']!,
      port,
      bindAddress: values['bind-address']!,
      advertiseAddress: values['advertise-address'],
      etcdServers: values['etcd-servers'] ? values['etcd-servers'].split(',').map((s) => s.trim()).filter(Boolean) : undefined,
      etcdPrefix: values['etcd-prefix']!,
      serviceClusterIPRange: values['service-cluster-ip-range']!,
      logLevel: values['log-level']!,
      watchCacheSize: Number(values['default-watch-cache-size']),
      maxRequestsInflight: Number(values['max-requests-inflight']),
      maxMutatingRequestsInflight: Number(values['max-mutating-requests-inflight']),
      compactionIntervalMs: parseDuration(values['compaction-interval']!),
      compactionHistory: Number(values['compaction-history']),
    };
    const certificates = prepareCertificates(flags);
    const { runServer } = await import('./server.js');
    await certificates;
    await runServer(flags);
    // set once serving: a changed V8 flag makes V8 refuse the code cache Node's
    // own modules are compiled from, so doing it at start-up cost ~50 ms of cold start
    if (heapGrowth) (await import('node:v8')).setFlagsFromString(heapGrowth);
    return;
  }
  if (cmd === 'controller-manager') {
    const { values } = parseArgs({
      args: rest,
      options: {
        kubeconfig: { type: 'string' },
        'leader-elect': { type: 'string', default: 'true' },
        'log-level': { type: 'string', default: 'info' },
      },
      strict: true,
    });
    if (!values.kubeconfig) throw new Error('--kubeconfig is required');
    const { runControllerManager } = await import('./controllerManager.js');
    await runControllerManager({ kubeconfig: values.kubeconfig, leaderElect: values['leader-elect'] !== 'false', logLevel: values['log-level']! });
    return;
  }
  process.stderr.write(`tskube: unknown command "${cmd}"\n\n${usage}`);
  process.exit(2);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`tskube: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
