// Discovery: the legacy documents (/api, /apis, /apis/G, /api/v1,
// /apis/G/V) and aggregated discovery (apidiscovery.k8s.io/v2 and v2beta1),
// all built from the live catalogue and cached until it changes.
import { createHash } from 'node:crypto';
import type { ParameterizedContext } from 'koa';
import type { ApiCatalogue, GroupVersionInfo, ResourceInfo } from '../../api/catalogue.js';
import { gvString } from '../../api/catalogue.js';
import { negotiate } from '../negotiation.js';
import { notFound404 } from './resources.js';

interface Cached {
  body: string;
  etag: string;
}

function etagOf(s: string): string {
  return `"${createHash('sha256').update(s).digest('hex').slice(0, 32).toUpperCase()}"`;
}

function cached(body: unknown): Cached {
  const s = JSON.stringify(body);
  return { body: s, etag: etagOf(s) };
}

export class DiscoveryHandler {
  private cache = new Map<string, Cached>();

  constructor(
    private readonly catalogue: ApiCatalogue,
    private readonly serverAddress: () => string,
  ) {
    catalogue.on('changed', () => this.cache.clear());
  }

  private memo(key: string, build: () => unknown): Cached {
    let c = this.cache.get(key);
    if (!c) {
      c = cached(build());
      this.cache.set(key, c);
    }
    return c;
  }

  private groups(): Map<string, GroupVersionInfo[]> {
    const m = new Map<string, GroupVersionInfo[]>();
    for (const gv of this.catalogue.list()) {
      if (!gv.group) continue;
      let l = m.get(gv.group);
      if (!l) m.set(gv.group, (l = []));
      l.push(gv);
    }
    return m;
  }

  private apiGroup(name: string, gvs: GroupVersionInfo[]): Record<string, unknown> {
    const versions = gvs.map((gv) => ({ groupVersion: gvString(gv.group, gv.version), version: gv.version }));
    return { name, versions, preferredVersion: versions[0] };
  }

  private resourceList(gv: GroupVersionInfo): Record<string, unknown> {
    const resources: Record<string, unknown>[] = [];
    for (const r of gv.resources) {
      const e: Record<string, unknown> = { name: r.resource, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
      if (r.shortNames.length) e.shortNames = r.shortNames;
      if (r.categories.length) e.categories = r.categories;
      e.storageVersionHash = storageVersionHash(r);
      resources.push(e);
      for (const s of r.subresources) {
        const se: Record<string, unknown> = { name: `${r.resource}/${s.name}`, singularName: '', namespaced: r.namespaced, kind: s.kind, verbs: s.verbs };
        if (s.group !== r.group || s.version !== r.version) {
          se.group = s.group;
          se.version = s.version;
        }
        resources.push(se);
      }
    }
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gvString(gv.group, gv.version), resources };
  }

  private discoveryResource(r: ResourceInfo): Record<string, unknown> {
    const e: Record<string, unknown> = {
      resource: r.resource,
      responseKind: { group: r.group, version: r.version, kind: r.kind },
      scope: r.namespaced ? 'Namespaced' : 'Cluster',
      singularResource: r.singular,
      verbs: r.verbs,
    };
    if (r.shortNames.length) e.shortNames = r.shortNames;
    if (r.categories.length) e.categories = r.categories;
    if (r.subresources.length)
      e.subresources = r.subresources.map((s) => ({
        subresource: s.name,
        responseKind: { group: s.group, version: s.version, kind: s.kind },
        verbs: s.verbs,
      }));
    return e;
  }

  private aggregated(legacy: boolean, version: string): Record<string, unknown> {
    const items: Record<string, unknown>[] = [];
    if (legacy) {
      for (const gv of this.catalogue.list().filter((g) => !g.group))
        items.push({
          metadata: { creationTimestamp: null },
          versions: [{ version: gv.version, resources: gv.resources.map((r) => this.discoveryResource(r)), freshness: 'Current' }],
        });
    } else {
      for (const [name, gvs] of this.groups())
        items.push({
          metadata: { name, creationTimestamp: null },
          versions: gvs.map((gv) => ({ version: gv.version, resources: gv.resources.map((r) => this.discoveryResource(r)), freshness: 'Current' })),
        });
    }
    return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
  }

  private reply(ctx: ParameterizedContext, c: Cached, contentType: string): void {
    ctx.set('Vary', 'Accept');
    ctx.set('ETag', c.etag);
    ctx.set('Content-Type', contentType);
    if (ctx.get('If-None-Match') === c.etag) {
      ctx.status = 304;
      return;
    }
    ctx.status = 200;
    ctx.body = c.body;
  }

  /** GET /api and /apis */
  root(ctx: ParameterizedContext, which: 'api' | 'apis'): void {
    const neg = negotiate(ctx.get('Accept'), ['none', 'APIGroupDiscoveryList'], { yaml: false });
    if (neg.transform === 'APIGroupDiscoveryList') {
      const v = neg.transformVersion!;
      return this.reply(ctx, this.memo(`agg:${which}:${v}`, () => this.aggregated(which === 'api', v)), neg.contentType);
    }
    if (which === 'api') {
      return this.reply(
        ctx,
        this.memo('api', () => ({
          kind: 'APIVersions',
          versions: this.catalogue.list().filter((g) => !g.group).map((g) => g.version),
          serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: this.serverAddress() }],
        })),
        'application/json',
      );
    }
    return this.reply(
      ctx,
      this.memo('apis', () => ({
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: [...this.groups()].map(([name, gvs]) => this.apiGroup(name, gvs)),
      })),
      'application/json',
    );
  }

  /** GET /apis/<group> */
  group(ctx: ParameterizedContext, group: string): void {
    negotiate(ctx.get('Accept'), ['none'], { yaml: false });
    const gvs = this.groups().get(group);
    if (!gvs) throw notFound404();
    this.reply(ctx, this.memo(`group:${group}`, () => ({ kind: 'APIGroup', apiVersion: 'v1', ...this.apiGroup(group, gvs) })), 'application/json');
  }

  /** GET /api/v1 and /apis/<group>/<version> */
  groupVersion(ctx: ParameterizedContext, group: string, version: string): void {
    negotiate(ctx.get('Accept'), ['none'], { yaml: false });
    const gv = this.catalogue.list().find((g) => g.group === group && g.version === version);
    if (!gv) throw notFound404();
    this.reply(ctx, this.memo(`gv:${group}/${version}`, () => this.resourceList(gv)), 'application/json');
  }
}

/** A stable hash of the stored identity of a resource, as discovery's storageVersionHash. */
function storageVersionHash(r: ResourceInfo): string {
  // "group/version/kind" of the storage version (the core group is ""), the first 8 bytes of its sha256, base64
  const gv = r.storageVersion.includes('/') ? r.storageVersion : `/${r.storageVersion}`;
  return createHash('sha256').update(`${gv}/${r.kind}`).digest().subarray(0, 8).toString('base64');
}
