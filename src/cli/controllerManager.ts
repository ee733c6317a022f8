// `tskube controller-manager --kubeconfig FILE`: the controllers as their own
// process (several may run; leader election picks the active one).
import { pino } from 'pino';
import { ControllerManager } from '../controllers/ControllerManager.js';
import { loadKubeconfig } from '../controllers/runtime/client.js';

export async function runControllerManager(o: { kubeconfig: string; leaderElect: boolean; logLevel: string }): Promise<void> {
  const log = pino({ level: o.logLevel, base: { component: 'controller-manager' } });
  const cm = new ControllerManager({ client: loadKubeconfig(o.kubeconfig), log, leaderElect: o.leaderElect });
  cm.start();
  const stop = () => {
    const hard = setTimeout(() => process.exit(0), 4800);
    hard.unref();
    void cm.stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
