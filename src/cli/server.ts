// `tskube server` and `tskube apiserver`: certificates, storage, the API
// server, bootstrap objects, the admin kubeconfig, and a graceful SIGTERM.
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pino, type Logger } from 'pino';
import { ensurePki, readClient } from '../auth/pki.js';
import { ensurePkiOnWorker } from '../auth/pkiThread.js';
import { RequestAuthenticator } from '../auth/authenticator.js';
import { AuthenticatedAuthorizer, PrivilegedGroupAuthorizer, UnionAuthorizer } from '../auth/authorizer.js';
import { ApiServer } from '../server/ApiServer.js';
import { bootstrap } from '../server/bootstrap.js';
import type { Storage } from '../storage/interface.js';
import { SqliteStorage } from '../storage/embedded/SqliteStorage.js';
import { strategies } from '../registry/strategies.js';
import { tableConvertors } from '../registry/tables.js';
import { virtualResources } from '../registry/virtual.js';
import { parseCidr, nthIp } from '../machinery/net.js';
import { kubeconfig } from './kubeconfig.js';
import { clientHostFor, defaultAdvertiseAddress, pkiOptionsFor } from './pkiOptions.js';
import { serviceAllocatorHooks } from '../registry/core/service/allocator.js';
import { ServiceAccountTokens } from '../auth/serviceaccount.js';
import { defaultAdmission } from '../admission/plugins.js';
import type { ControllerManager } from '../controllers/ControllerManager.js';

/** the user the in-process controllers call the API as */
const controllerManagerUser = 'system:kube-controller-manager';

export interface ServerFlags {
  mode: 'server' | 'apiserver';
  dataDir: string;
  port: number;
  bindAddress: string;
  advertiseAddress?: string;
  etcdServers?: string[];
  etcdPrefix: string;
  serviceClusterIPRange: string;
  logLevel: string;
  watchCacheSize?: number;
  maxRequestsInflight?: number;
  maxMutatingRequestsInflight?: number;
  /** how often storage history is compacted; 0 = never */
  compactionIntervalMs?: number;
  /** revisions of history compaction keeps */
  compactionHistory?: number;
}

export interface RunningServer {
  api: ApiServer;
  storage: Storage;
  kubeconfigPath: string;
  stop(): Promise<void>;
}

function writeAtomic(path: string, data: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data, { mode: 0o600 });
  renameSync(tmp, path);
}

/** Start everything; resolves once the server is serving and bootstrapped. */
export async function startServer(flags: ServerFlags, logger?: Logger): Promise<RunningServer> {
  const startedAt = Date.now();
  const log = logger ?? pino({ level: flags.logLevel, base: { component: 'tskube' } });
  const dataDir = resolve(flags.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const cidr = parseCidr(flags.serviceClusterIPRange);
  const serviceIP = nthIp(cidr, 1n);
  const clientHost = clientHostFor(flags.bindAddress);
  const advertise = flags.advertiseAddress ?? defaultAdvertiseAddress(flags.bindAddress);
  const pki = await ensurePki(pkiOptionsFor(flags));

  let storage: Storage;
  if (flags.etcdServers && flags.etcdServers.length) {
    const prefix = flags.etcdPrefix.replace(/\/+$/, '');
    // interface keys start with /registry/; map them under the configured prefix
    // the etcd client (gRPC) is loaded only when etcd is used
    const { EtcdStorage } = await import('../storage/etcd/EtcdStorage.js');
    storage = await EtcdStorage.open({ endpoints: flags.etcdServers, prefix: prefix === '/registry' ? '' : prefix, logger: log });
  } else {
    storage = SqliteStorage.open({
      path: join(dataDir, 'state.db'),
      logger: log,
      compactIntervalMs: flags.compactionIntervalMs ?? 300_000,
      historyWindow: flags.compactionHistory ?? 0,
    });
  }

  let api: ApiServer | undefined;
  const issuer = 'https://kubernetes.default.svc.cluster.local';
  const saTokens = new ServiceAccountTokens({
    issuer,
    apiAudiences: [issuer],
    privateKey: pki.serviceAccountKey.privateKey,
    publicKey: pki.serviceAccountKey.publicKey,
    lookup: (group, resource, namespace, name) => api?.registry.storeByKey(group, resource)?.cached(namespace, name),
  });
  const authenticator = new RequestAuthenticator([saTokens]);
  const authorizer = new UnionAuthorizer([new PrivilegedGroupAuthorizer(), new AuthenticatedAuthorizer()]);
  const virtual = virtualResources({
    authorizer,
    tokenAuthenticators: () => [saTokens],
    podStore: () => api?.registry.storeByKey('', 'pods'),
  });
  let bootstrapped = false;
  api = new ApiServer({
    storage,
    logger: log,
    bindAddress: flags.bindAddress,
    port: flags.port,
    tls: { cert: pki.serving.cert, key: pki.serving.key, ca: pki.ca.cert },
    authenticator,
    authorizer,
    parts: {
      strategies,
      tables: tableConvertors,
      virtual,
      hooks: (registry) => ({ services: serviceAllocatorHooks(registry, { serviceCidr: cidr, nodePortRange: [30000, 32767] }) }),
      admission: (registry) => defaultAdmission(registry),
    },
    readyChecks: { 'poststarthook/bootstrap': () => bootstrapped },
    tokenIssuer: saTokens,
    oidc: { issuer, jwks: () => saTokens.jwks() },
    watchCacheSize: flags.watchCacheSize,
    maxRequestsInflight: flags.maxRequestsInflight,
    maxMutatingRequestsInflight: flags.maxMutatingRequestsInflight,
  });
  await api.start();
  await bootstrap(api.registry, { advertiseAddress: advertise, port: api.port, serviceIP, serviceCidr: flags.serviceClusterIPRange }, log);
  bootstrapped = true;

  const kubeconfigPath = join(dataDir, 'admin.kubeconfig');
  writeAtomic(
    kubeconfigPath,
    kubeconfig({
      server: `https://${clientHost.includes(':') ? `[${clientHost}]` : clientHost}:${api.port}`,
      caPem: pki.ca.cert,
      certPem: pki.admin.cert,
      keyPem: pki.admin.key,
      user: 'admin',
    }),
  );
  log.info({ kubeconfig: kubeconfigPath, readyMs: Date.now() - startedAt }, 'ready');

  // the all-in-one server runs the controllers in-process, talking to the API over loopback HTTPS
  let controllers: ControllerManager | undefined;
  if (flags.mode === 'server') {
    // their client certificate is made (once) on a worker: loading the certificate
    // library here would stall the API just as it turned ready
    const cmPki = { ...pkiOptionsFor(flags), clients: [controllerManagerUser] };
    let cm = readClient(cmPki.dir, controllerManagerUser);
    if (!cm) {
      await ensurePkiOnWorker(cmPki);
      cm = readClient(cmPki.dir, controllerManagerUser) ?? (await ensurePki(cmPki)).clients[controllerManagerUser];
    }
    // loaded once the API serves: the controllers are not on the path to /readyz
    const { ControllerManager } = await import('../controllers/ControllerManager.js');
    controllers = new ControllerManager({
      client: { server: `https://127.0.0.1:${api.port}`, ca: pki.ca.cert, cert: cm.cert, key: cm.key },
      log: log.child({ component: 'controller-manager' }),
      caPem: pki.ca.cert,
    });
    controllers.start();
  }

  // etcd keeps every revision until told otherwise: compact it on a timer, keeping a window
  // of history (the embedded store compacts itself with the same settings)
  let compactor: NodeJS.Timeout | undefined;
  if (flags.etcdServers?.length && (flags.compactionIntervalMs ?? 300_000) > 0) {
    const keep = flags.compactionHistory ?? 0;
    // each tick compacts to the revision the previous tick saw, as kube-apiserver does
    let previous: number | undefined;
    compactor = setInterval(() => {
      void (async () => {
        const rev = await storage.currentRevision();
        const last = previous;
        previous = rev;
        if (last === undefined) return;
        const target = Math.min(last, rev - keep);
        if (target > (await storage.compactedRevision())) await storage.compact(target);
      })().catch((e: unknown) => log.warn({ err: String(e) }, 'etcd compaction failed'));
    }, flags.compactionIntervalMs ?? 300_000);
    compactor.unref();
  }

  return {
    api,
    storage,
    kubeconfigPath,
    async stop() {
      if (compactor) clearInterval(compactor);
      await controllers?.stop();
      await api!.stop();
      await storage.close();
    },
  };
}

export async function runServer(flags: ServerFlags): Promise<void> {
  const log = pino({ level: flags.logLevel, base: { component: 'tskube' } });
  // signals are handled from the start: one that arrives while the server is still
  // starting (or starting its controllers) stops it as soon as there is something to stop
  let running: RunningServer | undefined;
  let stopping = false;
  const stop = () => {
    running!
      .stop()
      .catch((e: unknown) => log.error({ err: String(e) }, 'error during shutdown'))
      .finally(() => {
        log.flush?.();
        process.exit(0);
      });
  };
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const hard = setTimeout(() => process.exit(0), 4800);
    hard.unref();
    if (running) stop();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  running = await startServer(flags, log);
  if (stopping) return stop();
  process.stdout.write(`\ntskube is serving at https://${flags.bindAddress}:${running.api.port}\nadmin kubeconfig: ${running.kubeconfigPath}\n  export KUBECONFIG=${running.kubeconfigPath}\n\n`);
}
