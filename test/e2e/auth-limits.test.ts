// Service account tokens (TokenRequest, bearer authentication, TokenReview,
// issuer discovery), 403 from the authorizer, 429 when the server is at its
// concurrency limit, 410 Expired for a continue token whose snapshot was
// compacted away.
import { strict as assert } from 'node:assert';
import https from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { pino } from 'pino';
import { startTskube, request, type TskubeServer } from '../support/tskube.js';
import { ApiServer } from '../../src/server/ApiServer.js';
import { SqliteStorage } from '../../src/storage/embedded/SqliteStorage.js';
import { ensurePki, issue } from '../../src/auth/pki.js';
import { RequestAuthenticator } from '../../src/auth/authenticator.js';
import type { Authorizer } from '../../src/auth/authorizer.js';
import { strategies } from '../../src/registry/strategies.js';
import { tableConvertors } from '../../src/registry/tables.js';

type Obj = Record<string, any>;

function bearer(s: TskubeServer, path: string, token: string, method = 'GET', body?: unknown): Promise<{ status: number; json: Obj }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = https.request(
      {
        host: '127.0.0.1',
        port: s.port,
        path,
        method,
        agent: new https.Agent({ ca: s.ca() }),
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(data ? { 'Content-Type': 'application/json' } : {}) },
      },
      (res) => {
        let b = '';
        res.on('data', (c) => (b += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: b ? (JSON.parse(b) as Obj) : {} }));
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

describe('authentication, authorization and limits', function () {
  this.timeout(120_000);

  describe('service account tokens', () => {
    let s: TskubeServer;
    before(async () => {
      s = await startTskube();
      await request(s, 'POST', '/api/v1/namespaces/default/serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot' } });
    });
    after(async () => s?.stop());

    it('issues a TokenRequest whose token authenticates as the service account', async () => {
      const r = await request(s, 'POST', '/api/v1/namespaces/default/serviceaccounts/robot/token', {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 600 },
      });
      assert.equal(r.status, 201, r.body);
      const tr = r.json<Obj>();
      assert.equal(tr.kind, 'TokenRequest');
      assert.ok(tr.status.token);
      assert.ok(Date.parse(tr.status.expirationTimestamp) > Date.now());
      const who = await bearer(s, '/apis/authentication.k8s.io/v1/selfsubjectreviews', tr.status.token, 'POST', {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'SelfSubjectReview',
      });
      assert.equal(who.status, 201);
      assert.equal(who.json.status.userInfo.username, 'system:serviceaccount:default:robot');
      assert.ok(who.json.status.userInfo.groups.includes('system:serviceaccounts:default'));
      const review = await request(s, 'POST', '/apis/authentication.k8s.io/v1/tokenreviews', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: tr.status.token } });
      assert.equal(review.json<Obj>().status.authenticated, true);
      const short = await request(s, 'POST', '/api/v1/namespaces/default/serviceaccounts/robot/token', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 60 } });
      assert.equal(short.status, 422);
      // deleting the service account invalidates its tokens
      await request(s, 'DELETE', '/api/v1/namespaces/default/serviceaccounts/robot');
      await new Promise((r) => setTimeout(r, 100));
      const after = await bearer(s, '/api/v1/namespaces', tr.status.token);
      assert.equal(after.status, 401);
      const bad = await bearer(s, '/api/v1/namespaces', 'not-a-token');
      assert.equal(bad.status, 401);
      assert.equal(bad.json.reason, 'Unauthorized');
    });

    it('publishes the issuer discovery documents', async () => {
      const cfg = (await request(s, 'GET', '/.well-known/openid-configuration')).json<Obj>();
      assert.equal(cfg.issuer, 'https://kubernetes.default.svc.cluster.local');
      const jwks = (await request(s, 'GET', '/openid/v1/jwks')).json<Obj>();
      assert.equal(jwks.keys[0].alg, 'ES256');
    });
  });

  describe('403 from the authorizer', () => {
    let api: ApiServer;
    let dir: string;
    let agent: https.Agent;
    let port: number;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'tskube-authz-'));
      const pki = await ensurePki({ dir: join(dir, 'pki'), ips: ['127.0.0.1'], dnsNames: ['localhost'] });
      const denyAll: Authorizer = { authorize: (a) => (a.user.name === 'alice' && a.verb === 'list' ? { decision: 'allow' } : { decision: 'deny', reason: 'test policy' }) };
      api = new ApiServer({
        storage: SqliteStorage.open({ path: join(dir, 'state.db') }),
        logger: pino({ level: 'silent' }),
        bindAddress: '127.0.0.1',
        port: 0,
        tls: { cert: pki.serving.cert, key: pki.serving.key, ca: pki.ca.cert },
        authenticator: new RequestAuthenticator(),
        authorizer: denyAll,
        parts: { strategies, tables: tableConvertors, virtual: {} },
      });
      await api.start();
      port = api.port;
      const alice = await issue(pki.ca, { commonName: 'alice', organizations: ['dev'], client: true });
      agent = new https.Agent({ ca: pki.ca.cert, cert: alice.cert, key: alice.key });
    });
    after(async () => {
      await api?.stop();
      await api?.storage.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('answers a denied request with 403 Forbidden naming the user, verb and resource', async () => {
      const get = (path: string, method = 'GET') =>
        new Promise<{ status: number; json: Obj }>((resolve, reject) => {
          const req = https.request({ host: '127.0.0.1', port, path, method, agent }, (res) => {
            let b = '';
            res.on('data', (c) => (b += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(b) as Obj }));
          });
          req.on('error', reject);
          req.end();
        });
      assert.equal((await get('/api/v1/namespaces/default/configmaps')).status, 200);
      const denied = await get('/api/v1/namespaces/default/configmaps/x');
      assert.equal(denied.status, 403);
      assert.equal(denied.json.reason, 'Forbidden');
      assert.equal(denied.json.message, 'configmaps "x" is forbidden: User "alice" cannot get resource "configmaps" in API group "" in the namespace "default": test policy');
      assert.deepEqual(denied.json.details, { name: 'x', kind: 'configmaps' });
      const nonResource = await get('/apis');
      assert.equal(nonResource.status, 403);
    });
  });

  describe('429 at the concurrency limit', () => {
    let s: TskubeServer;
    before(async () => {
      s = await startTskube({ args: ['--max-requests-inflight', '1'] });
    });
    after(async () => s?.stop());

    it('refuses requests beyond the limit with 429 and Retry-After', async () => {
      // a list waiting for a future resourceVersion holds the only slot for up to 3 s
      const waiting = request(s, 'GET', '/api/v1/configmaps?resourceVersion=999999999');
      await new Promise((r) => setTimeout(r, 300));
      const results = await Promise.all(Array.from({ length: 5 }, () => request(s, 'GET', '/api/v1/configmaps')));
      const refused = results.filter((r) => r.status === 429);
      assert.equal(refused.length, 5);
      assert.equal((await waiting).status, 504);
      assert.equal((await request(s, 'GET', '/api/v1/configmaps')).status, 200);
      assert.equal(refused[0].headers['retry-after'], '1');
      const st = refused[0].json<Obj>();
      assert.equal(st.reason, 'TooManyRequests');
      assert.equal(st.details.retryAfterSeconds, 1);
      // health checks are never limited
      assert.equal((await request(s, 'GET', '/readyz')).status, 200);
    });
  });

  describe('410 for a compacted continue token', () => {
    let s: TskubeServer;
    before(async () => {
      s = await startTskube({ args: ['--compaction-interval', '200ms', '--compaction-history', '5'] });
    });
    after(async () => s?.stop());

    it('answers 410 Expired once the snapshot of a continue token is compacted', async () => {
      for (let i = 0; i < 6; i++) await request(s, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `c${i}` } });
      const first = (await request(s, 'GET', '/api/v1/namespaces/default/configmaps?limit=2')).json<Obj>();
      assert.ok(first.metadata.continue);
      for (let i = 0; i < 20; i++) await request(s, 'POST', '/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `later${i}` } });
      await new Promise((r) => setTimeout(r, 1000));
      const r = await request(s, 'GET', `/api/v1/namespaces/default/configmaps?limit=2&continue=${encodeURIComponent(first.metadata.continue)}`);
      assert.equal(r.status, 410, r.body);
      const st = r.json<Obj>();
      assert.equal(st.reason, 'Expired');
      assert.match(st.message, /^The provided continue parameter is too old/);
      const exact = await request(s, 'GET', `/api/v1/namespaces/default/configmaps?resourceVersion=${first.metadata.resourceVersion}&resourceVersionMatch=Exact`);
      assert.equal(exact.status, 410);
    });
  });
});
