// tskube command line: server | apiserver (later: scheduler, controller-manager).
import { parseArgs } from 'node:util';
import { runServer, type ServerFlags } from './server.js';

const usage = `usage: tskube <command> [flags]

commands:
  server       the all-in-one control plane (API server and, as they land, controllers and scheduler)
  apiserver    the API server alone

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
`;

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
      },
      strict: true,
      allowPositionals: false,
    });
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
    };
    await runServer(flags);
    return;
  }
  process.stderr.write(`tskube: unknown command "${cmd}"\n\n${usage}`);
  process.exit(2);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`tskube: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
