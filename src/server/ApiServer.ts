// The API server: HTTPS listener, filters (recovery, metrics, authentication,
// authorization), non-resource endpoints (health, version, discovery,
// OpenAPI, metrics) and the generic resource handler.
import https from 'node:https';
import type { ServerResponse, IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import Koa, { type ParameterizedContext } from 'koa';
import type { Logger } from 'pino';
import { ApiCatalogue, loadBuiltinGroupVersions } from '../api/catalogue.js';
import type { Storage } from '../storage/interface.js';
import { CacheHub } from '../storage/cacher/CacheHub.js';
import { Registry, type RegistryParts } from '../registry/Registry.js';
import { ApiError, internalError, tooManyRequests, unauthorized } from '../machinery/errors.js';
import { parseRequestInfo } from './requestInfo.js';
import { ResourceHandler } from './handlers/resources.js';
import { DiscoveryHandler } from './handlers/discovery.js';
import { CustomResourceManager } from '../registry/apiextensions/customresource/CustomResourceManager.js';
import type { CustomResourceSchemas } from '../registry/apiextensions/customresource/strategy.js';
import { lazyCrdSchemas } from '../registry/apiextensions/customresource/strategy.js';
import { OpenApiHandler, type OpenApiProvider } from './handlers/openapi.js';
import { SubresourceHandlers, type TokenIssuer } from './handlers/subresources.js';
import { RequestAuthenticator } from '../auth/authenticator.js';
import type { Authorizer } from '../auth/authorizer.js';
import { Metrics, meteredStorage } from './metrics.js';
import type { UserInfo } from '../auth/user.js';
import { versionInfo } from './version.js';
import { registerBuiltinConverters } from '../registry/converters/index.js';

export interface ApiServerOptions {
  storage: Storage;
  logger: Logger;
  bindAddress: string;
  port: number;
  tls: { cert: string; key: string; ca: string };
  authenticator: RequestAuthenticator;
  authorizer: Authorizer;
  parts: RegistryParts;
  tokenIssuer?: TokenIssuer;
  openapiProvider?: OpenApiProvider;
  /** seconds; watches without timeoutSeconds end between this and twice this */
  minRequestTimeoutSeconds?: number;
  /** extra readiness checks (bootstrap done, ...) */
  readyChecks?: Record<string, () => boolean>;
  /** events of history kept per resource (watch from an older resourceVersion gets 410) */
  watchCacheSize?: number;
  /** concurrency limits for read-only and mutating requests (watches excluded); 0 = unlimited */
  maxRequestsInflight?: number;
  maxMutatingRequestsInflight?: number;
  /** the schema layer of custom resources (validation, pruning, defaulting, columns) */
  customResourceSchemas?: CustomResourceSchemas;
  /** service account issuer discovery (/.well-known/openid-configuration, /openid/v1/jwks) */
  oidc?: { issuer: string; jwks: () => unknown };
}

/** Paths served without credentials, as upstream's system:public-info-viewer allows. */
const publicPaths = new Set(['/healthz', '/livez', '/readyz', '/version', '/version/']);

export class ApiServer {
  readonly catalogue: ApiCatalogue;
  readonly registry: Registry;
  readonly hub: CacheHub;
  readonly metrics = new Metrics();
  readonly storage: Storage;
  private server?: https.Server;
  private resources: ResourceHandler;
  private discovery: DiscoveryHandler;
  private openapi: OpenApiHandler;
  readonly subresources: SubresourceHandlers;
  /** serves the resources of CustomResourceDefinitions */
  readonly customResources: CustomResourceManager;
  private ready = false;
  private stopping = false;
  private readonly watches = new Map<ServerResponse, () => void>();
  private readonly sockets = new Set<Socket>();
  private inflight = 0;
  private readonlyInflight = 0;
  private mutatingInflight = 0;
  private readonly log: Logger;
  private readonly readyChecks: Record<string, () => boolean>;

  constructor(private readonly opts: ApiServerOptions) {
    this.log = opts.logger;
    registerBuiltinConverters();
    this.storage = meteredStorage(opts.storage, this.metrics);
    this.catalogue = new ApiCatalogue(loadBuiltinGroupVersions());
    this.hub = new CacheHub(this.storage, '/registry/', { logger: this.log, historySize: opts.watchCacheSize });
    this.registry = new Registry(this.catalogue, this.storage, this.hub, opts.parts);
    this.customResources = new CustomResourceManager(this.registry, this.log.child({ component: 'customresources' }), opts.customResourceSchemas ?? lazyCrdSchemas);
    this.subresources = new SubresourceHandlers((res) => this.registry.storeFor(res), opts.tokenIssuer);
    this.resources = new ResourceHandler({
      catalogue: this.catalogue,
      registry: this.registry,
      authorizer: opts.authorizer,
      subresources: this.subresources,
      watch: { minTimeoutSeconds: opts.minRequestTimeoutSeconds ?? 1800, bookmarkIntervalMs: 60_000, maxBufferedBytes: 64 * 1024 * 1024 },
      shuttingDown: () => this.stopping,
      trackWatch: (res, stop, labels) => {
        this.watches.set(res, stop);
        const l = { verb: 'WATCH', ...labels };
        this.metrics.watchers.inc(l);
        return () => {
          if (this.watches.delete(res)) this.metrics.watchers.dec(l);
        };
      },
    });
    this.discovery = new DiscoveryHandler(this.catalogue, () => this.address());
    this.openapi = new OpenApiHandler(opts.openapiProvider ?? this.customResources);
    this.readyChecks = opts.readyChecks ?? {};
  }

  address(): string {
    const a = this.server?.address() as AddressInfo | null;
    return `${this.opts.bindAddress}:${a?.port ?? this.opts.port}`;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? this.opts.port;
  }

  /** Open storage caches and start listening. */
  async start(): Promise<void> {
    await this.hub.start();
    await this.registry.init();
    await this.customResources.start();
    const app = this.buildApp();
    this.server = https.createServer(
      {
        cert: this.opts.tls.cert,
        key: this.opts.tls.key,
        ca: this.opts.tls.ca,
        requestCert: true,
        rejectUnauthorized: false,
        minVersion: 'TLSv1.2',
      },
      app.callback(),
    );
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 70_000;
    this.server.requestTimeout = 0;
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.opts.port, this.opts.bindAddress, () => resolve());
    });
    this.ready = true;
    this.log.info({ address: this.address() }, 'serving');
  }

  markReady(v: boolean): void {
    this.ready = v;
  }

  private buildApp(): Koa {
    const app = new Koa();
    app.proxy = false;
    app.silent = true;
    app.use(async (ctx, next) => {
      const started = process.hrtime.bigint();
      this.inflight++;
      const info = parseRequestInfo(ctx.method, ctx.path, new URLSearchParams(ctx.querystring));
      // long-running requests (watches, streams) are not limited
      const limited = info.isResourceRequest && info.verb !== 'watch' && !['exec', 'attach', 'portforward', 'proxy', 'log'].includes(info.subresource);
      const mutating = ['create', 'update', 'patch', 'delete', 'deletecollection'].includes(String(info.verb));
      let counted = false;
      try {
        if (this.stopping && !publicPaths.has(ctx.path)) {
          ctx.set('Connection', 'close');
          throw new ApiError(503, 'ServiceUnavailable', 'the server is shutting down');
        }
        if (limited) {
          const max = mutating ? this.opts.maxMutatingRequestsInflight ?? 200 : this.opts.maxRequestsInflight ?? 400;
          const cur = mutating ? this.mutatingInflight : this.readonlyInflight;
          if (max > 0 && cur >= max) throw tooManyRequests('Too many requests, please try again later.', 1);
          if (mutating) this.mutatingInflight++;
          else this.readonlyInflight++;
          counted = true;
        }
        await next();
      } catch (e) {
        this.sendError(ctx, e);
      } finally {
        if (counted) {
          if (mutating) this.mutatingInflight--;
          else this.readonlyInflight--;
        }
        this.inflight--;
        if (info.isResourceRequest) {
          const labels = {
            verb: String(info.verb).toUpperCase(),
            group: info.group,
            version: info.version,
            resource: info.resource,
            subresource: info.subresource,
            scope: info.name ? 'resource' : info.namespace ? 'namespace' : 'cluster',
          };
          if (info.verb !== 'watch') {
            this.metrics.latency.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
            this.metrics.requests.inc({ ...labels, code: String(ctx.status) });
          }
        }
      }
    });
    app.use(async (ctx) => {
      const path = ctx.path;
      if (publicPaths.has(path) || path.startsWith('/livez/') || path.startsWith('/readyz/') || path.startsWith('/healthz/')) {
        // credentials are still honoured; absence is fine here
        return this.nonResource(ctx, path);
      }
      const auth = await this.opts.authenticator.authenticate(ctx.req as IncomingMessage);
      if (!auth.user) throw unauthorized();
      const user: UserInfo = auth.user;
      ctx.state.user = user;
      const info = parseRequestInfo(ctx.method, path, new URLSearchParams(ctx.querystring));
      if (info.isResourceRequest) return this.resources.handle(ctx, info, user);
      const d = await this.opts.authorizer.authorize({
        user,
        verb: ctx.method.toLowerCase(),
        isResourceRequest: false,
        path,
        group: '',
        version: '',
        resource: '',
        subresource: '',
        namespace: '',
        name: '',
      });
      if (d.decision !== 'allow')
        throw new ApiError(403, 'Forbidden', `forbidden: User "${user.name}" cannot ${ctx.method.toLowerCase()} path "${path}"`, {});
      return this.nonResource(ctx, path);
    });
    return app;
  }

  private health(ctx: ParameterizedContext, kind: 'livez' | 'readyz' | 'healthz', sub: string): void {
    const checks: Record<string, boolean> = { ping: true, log: true, etcd: true };
    if (kind !== 'livez') {
      checks['informer-sync'] = this.ready;
      for (const [n, f] of Object.entries(this.readyChecks)) checks[n] = f();
      if (kind === 'readyz') checks.shutdown = !this.stopping;
    }
    if (sub) {
      if (!(sub in checks)) {
        ctx.status = 404;
        ctx.body = '404 page not found\n';
        return;
      }
      ctx.status = checks[sub] ? 200 : 500;
      ctx.type = 'text/plain';
      ctx.body = checks[sub] ? 'ok' : `[-]${sub} failed: reason withheld\n`;
      return;
    }
    const ok = Object.values(checks).every(Boolean);
    ctx.type = 'text/plain';
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.status = ok ? 200 : 500;
    if ('verbose' in ctx.query || !ok) {
      const lines = Object.entries(checks).map(([n, v]) => (v ? `[+]${n} ok` : `[-]${n} failed: reason withheld`));
      ctx.body = `${lines.join('\n')}\n${ok ? `${kind} check passed` : `${kind} check failed`}\n`;
    } else ctx.body = 'ok';
  }

  private async nonResource(ctx: ParameterizedContext, path: string): Promise<void> {
    const p = path.length > 1 ? path.replace(/\/+$/, '') : path;
    let m: RegExpExecArray | null;
    if ((m = /^\/(livez|readyz|healthz)(?:\/(.+))?$/.exec(p))) return this.health(ctx, m[1] as 'livez', m[2] ?? '');
    if (p === '/version') {
      ctx.set('Content-Type', 'application/json');
      ctx.body = JSON.stringify(versionInfo());
      return;
    }
    if (p === '/metrics') {
      ctx.set('Content-Type', this.metrics.registry.contentType);
      ctx.body = await this.metrics.registry.metrics();
      return;
    }
    if (p === '/api' || p === '/apis') return this.discovery.root(ctx, p === '/api' ? 'api' : 'apis');
    if ((m = /^\/api\/([^/]+)$/.exec(p))) return this.discovery.groupVersion(ctx, '', m[1]);
    if ((m = /^\/apis\/([^/]+)$/.exec(p))) return this.discovery.group(ctx, m[1]);
    if ((m = /^\/apis\/([^/]+)\/([^/]+)$/.exec(p))) return this.discovery.groupVersion(ctx, m[1], m[2]);
    if (p === '/.well-known/openid-configuration' && this.opts.oidc) {
      ctx.set('Content-Type', 'application/json');
      ctx.set('Cache-Control', 'public, max-age=3600');
      ctx.body = JSON.stringify({
        issuer: this.opts.oidc.issuer,
        jwks_uri: `https://${this.address()}/openid/v1/jwks`,
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['ES256'],
      });
      return;
    }
    if (p === '/openid/v1/jwks' && this.opts.oidc) {
      ctx.set('Content-Type', 'application/jwk-set+json');
      ctx.set('Cache-Control', 'public, max-age=3600');
      ctx.body = JSON.stringify(this.opts.oidc.jwks());
      return;
    }
    if (p === '/openapi/v2') return this.openapi.serveV2(ctx);
    if (p === '/openapi/v3') return this.openapi.serveV3Root(ctx);
    if ((m = /^\/openapi\/v3\/(.+)$/.exec(p))) return this.openapi.serveV3(ctx, m[1]);
    if (p === '/') {
      ctx.set('Content-Type', 'application/json');
      ctx.body = JSON.stringify({ paths: ['/api', '/api/v1', '/apis', '/healthz', '/livez', '/metrics', '/openapi/v2', '/openapi/v3', '/readyz', '/version'] }, null, 2);
      return;
    }
    ctx.status = 404;
    ctx.set('Content-Type', 'application/json');
    ctx.body = JSON.stringify(new ApiError(404, 'NotFound', 'the server could not find the requested resource', {}).toStatus());
  }

  private sendError(ctx: ParameterizedContext, e: unknown): void {
    let err: ApiError;
    if (e instanceof ApiError) err = e;
    else {
      this.log.error({ err: e instanceof Error ? { message: e.message, stack: e.stack } : e, method: ctx.method, path: ctx.path }, 'request failed');
      err = internalError(e);
    }
    if (ctx.respond === false) {
      // a streaming response already started: nothing more can be said
      const res = ctx.res;
      if (!res.writableEnded) res.end();
      return;
    }
    ctx.status = err.code;
    for (const [k, v] of Object.entries(err.headers ?? {})) ctx.set(k, v);
    ctx.set('Content-Type', 'application/json');
    ctx.body = JSON.stringify(err.toStatus());
  }

  /** Graceful stop: refuse new requests, end watches, wait for in-flight requests (bounded). */
  async stop(timeoutMs = 4000): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.ready = false;
    const deadline = Date.now() + timeoutMs;
    this.server?.close();
    const watchResponses = [...this.watches.keys()];
    for (const stop of [...this.watches.values()]) stop();
    this.customResources.stop();
    this.hub.stop();
    // let the ended watch streams flush their last chunk before sockets are closed
    await Promise.race([
      Promise.all(watchResponses.map((r) => (r.writableFinished ? undefined : new Promise((ok) => r.once('finish', ok).once('close', ok))))),
      new Promise((r) => setTimeout(r, 250)),
    ]);
    while (this.inflight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const s of this.sockets) s.destroy();
    this.server?.closeAllConnections?.();
  }
}
