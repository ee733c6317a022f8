// Leader election through a coordination.k8s.io/v1 Lease, with the timing
// upstream's components use by default: a lease of 15 s, renewed every 2 s,
// given up when it could not be renewed for 10 s.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ApiClient } from './client.js';
import { ApiRequestError } from './client.js';
import { nowMicroTimestamp, type KObject } from '../../machinery/objects.js';
import type { Logger } from 'pino';

export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  identity?: string;
  leaseDurationSeconds?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  onStartedLeading(): void;
  onStoppedLeading(): void;
}

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export class LeaderElector {
  readonly identity: string;
  private leading = false;
  private stopped = false;
  private lastRenew = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly client: ApiClient,
    private readonly o: LeaderElectionOptions,
    private readonly log?: Logger,
  ) {
    this.identity = o.identity ?? `${hostname()}_${randomUUID()}`;
  }

  private get path(): string {
    return `/apis/coordination.k8s.io/v1/namespaces/${this.o.namespace}/leases`;
  }

  private get duration(): number {
    return this.o.leaseDurationSeconds ?? 15;
  }

  start(): void {
    void this.tick();
  }

  isLeader(): boolean {
    return this.leading;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.leading) {
      // release the lease so another candidate takes over at once
      try {
        const cur = await this.client.get(`${this.path}/${this.o.name}`);
        const spec = (cur.spec ?? {}) as LeaseSpec;
        if (spec.holderIdentity === this.identity) {
          cur.spec = { ...spec, holderIdentity: undefined, leaseDurationSeconds: 1, renewTime: nowMicroTimestamp() };
          await this.client.update(`${this.path}/${this.o.name}`, cur);
        }
      } catch {
        /* best effort */
      }
      this.setLeading(false);
    }
  }

  private setLeading(v: boolean): void {
    if (v === this.leading) return;
    this.leading = v;
    if (v) {
      this.log?.info({ lease: `${this.o.namespace}/${this.o.name}`, identity: this.identity }, 'became leader');
      this.o.onStartedLeading();
    } else {
      this.log?.info({ lease: `${this.o.namespace}/${this.o.name}` }, 'stopped leading');
      this.o.onStoppedLeading();
    }
  }

  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = nowMicroTimestamp();
    let cur: KObject;
    try {
      cur = await this.client.get(`${this.path}/${this.o.name}`);
    } catch (e) {
      if (!(e instanceof ApiRequestError) || e.status !== 404) throw e;
      await this.client.create(this.path, {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: this.o.name, namespace: this.o.namespace },
        spec: { holderIdentity: this.identity, leaseDurationSeconds: this.duration, acquireTime: now, renewTime: now, leaseTransitions: 0 },
      });
      return true;
    }
    const spec = (cur.spec ?? {}) as LeaseSpec;
    const renewedAt = spec.renewTime ? Date.parse(spec.renewTime) : 0;
    const expired = !spec.holderIdentity || renewedAt + (spec.leaseDurationSeconds ?? this.duration) * 1000 < Date.now();
    if (spec.holderIdentity !== this.identity && !expired) return false;
    const next: LeaseSpec = {
      holderIdentity: this.identity,
      leaseDurationSeconds: this.duration,
      acquireTime: spec.holderIdentity === this.identity ? spec.acquireTime : now,
      renewTime: now,
      leaseTransitions: (spec.leaseTransitions ?? 0) + (spec.holderIdentity === this.identity ? 0 : 1),
    };
    cur.spec = next;
    await this.client.update(`${this.path}/${this.o.name}`, cur);
    return true;
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      if (await this.tryAcquireOrRenew()) {
        this.lastRenew = Date.now();
        this.setLeading(true);
      } else if (this.leading) this.setLeading(false);
    } catch (e) {
      this.log?.debug({ err: String(e) }, 'leader election: renew failed');
      if (this.leading && Date.now() - this.lastRenew > (this.o.renewDeadlineMs ?? 10_000)) this.setLeading(false);
    }
    if (this.stopped) return;
    // a referenced timer: a candidate waiting for the lease keeps its process alive
    this.timer = setTimeout(() => void this.tick(), this.o.retryPeriodMs ?? 2000);
  }
}
