// The controller manager: shared informers, the controllers, and leader
// election so that only one instance acts at a time.
import type { Logger } from 'pino';
import { ApiClient, type ClientConfig } from './runtime/client.js';
import { InformerFactory, type Controller, type ControllerContext } from './runtime/Controller.js';
import { LeaderElector } from './runtime/LeaderElector.js';
import { ServiceAccountsController } from './serviceaccount/ServiceAccountsController.js';
import { RootCACertPublisher } from './rootcacert/RootCACertPublisher.js';
import { NamespaceController } from './namespace/NamespaceController.js';

export interface ControllerManagerOptions {
  client: ClientConfig;
  log: Logger;
  /** CA bundle published to namespaces (default: the client's CA) */
  caPem?: string;
  leaderElect?: boolean;
}

export class ControllerManager {
  private readonly client: ApiClient;
  private informers?: InformerFactory;
  private controllers: Controller[] = [];
  private elector?: LeaderElector;

  constructor(private readonly o: ControllerManagerOptions) {
    this.client = new ApiClient({ ...o.client, userAgent: 'tskube-controller-manager' });
  }

  private startControllers(): void {
    const informers = new InformerFactory(this.client, this.o.log);
    const ctx: ControllerContext = { client: this.client, informers, log: this.o.log, caPem: this.o.caPem ?? this.o.client.ca };
    this.controllers = [new NamespaceController(ctx), new ServiceAccountsController(ctx), new RootCACertPublisher(ctx)];
    for (const c of this.controllers) c.setup();
    informers.start();
    this.informers = informers;
    void informers.waitForSync().then(() => {
      for (const c of this.controllers) c.run();
      this.o.log.info({ controllers: this.controllers.map((c) => c.name) }, 'controllers started');
    });
  }

  private async stopControllers(): Promise<void> {
    this.informers?.stop();
    await Promise.all(this.controllers.map((c) => c.stop()));
    this.controllers = [];
    this.informers = undefined;
  }

  start(): void {
    if (this.o.leaderElect === false) {
      this.startControllers();
      return;
    }
    this.elector = new LeaderElector(
      this.client,
      {
        namespace: 'kube-system',
        name: 'kube-controller-manager',
        onStartedLeading: () => this.startControllers(),
        onStoppedLeading: () => void this.stopControllers(),
      },
      this.o.log,
    );
    this.elector.start();
  }

  async stop(): Promise<void> {
    await this.elector?.stop();
    await this.stopControllers();
    this.client.close();
  }
}
