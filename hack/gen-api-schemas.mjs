#!/usr/bin/env node
// Derives tskube's API catalogue and OpenAPI documents from the OpenAPI
// specification shipped in the pinned k8s.io/kubernetes Go module
// (api/openapi-spec/ of v1.35.4), fetched through the Go module proxy.
// Output goes to api-schemas/generated/ (not committed; rebuilt by `make`).
//
//   catalogue.json       group versions served by default, their resources,
//                        kinds, scopes, verbs and subresources
//   openapi-v2.json      the swagger document restricted to those group versions
//   openapi-v3/<p>.json  one OpenAPI v3 document per discovery path
//                        (api/v1, apis/apps/v1, ...)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const KUBERNETES_VERSION = 'v1.35.4';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'api-schemas', 'generated');
const stamp = join(outDir, 'STAMP');

// Group versions kube-apiserver v1.35 serves with its default --runtime-config:
// every GA version; alpha and beta versions are off by default.
const servedGroupVersions = JSON.parse(readFileSync(join(root, 'api-schemas', 'served-group-versions.json'), 'utf8'));

if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === stampText()) {
  process.exit(0);
}

function stampText() {
  return `${KUBERNETES_VERSION} ${readFileSync(join(root, 'api-schemas', 'served-group-versions.json'), 'utf8').length} ${readFileSync(fileURLToPath(import.meta.url), 'utf8').length}`;
}

function moduleDir() {
  const env = { ...process.env, GOFLAGS: '-mod=mod', GO111MODULE: 'on' };
  const out = execFileSync('go', ['mod', 'download', '-json', `k8s.io/kubernetes@${KUBERNETES_VERSION}`], {
    env,
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = JSON.parse(out);
  if (!info.Dir) throw new Error(`go mod download gave no directory: ${out}`);
  return info.Dir;
}

const specDir = join(moduleDir(), 'api', 'openapi-spec');
const swagger = JSON.parse(readFileSync(join(specDir, 'swagger.json'), 'utf8'));

const gvKey = (group, version) => (group ? `${group}/${version}` : version);
const served = new Set(servedGroupVersions.map((e) => gvKey(e.group, e.version)));

// ---- catalogue -------------------------------------------------------------

const connectVerb = { get: 'get', post: 'create', put: 'update', delete: 'delete', patch: 'patch' };
function verbsOf(op, method, pathParams) {
  const action = op['x-kubernetes-action'];
  switch (action) {
    case 'get':
      return ['get'];
    case 'list': {
      const params = [...(op.parameters || []), ...pathParams].map((p) => (p.$ref ? p.$ref.split('/').pop().split('-')[0] : p.name));
      return params.includes('watch') ? ['list', 'watch'] : ['list'];
    }
    case 'watch':
    case 'watchlist':
      return ['watch'];
    case 'post':
      return ['create'];
    case 'put':
      return ['update'];
    case 'patch':
      return ['patch'];
    case 'delete':
      return ['delete'];
    case 'deletecollection':
      return ['deletecollection'];
    case 'connect':
      return connectVerb[method] ? [connectVerb[method]] : [];
    default:
      return [];
  }
}

/** @type {Map<string, {group:string, version:string, resources: Map<string, any>}>} */
const gvs = new Map();
for (const e of servedGroupVersions) gvs.set(gvKey(e.group, e.version), { group: e.group, version: e.version, resources: new Map() });

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
for (const [path, item] of Object.entries(swagger.paths)) {
  let m = /^\/api\/(v1)\/(.*)$/.exec(path);
  let group = '';
  let version;
  let rest;
  if (m) {
    version = m[1];
    rest = m[2];
  } else {
    m = /^\/apis\/([^/]+)\/([^/]+)\/(.*)$/.exec(path);
    if (!m) continue;
    [, group, version, rest] = m;
  }
  const gv = gvs.get(gvKey(group, version));
  if (!gv) continue;
  let segs = rest.split('/');
  if (segs[0] === 'watch') continue; // deprecated watch paths: covered by the list operation's watch parameter
  if (segs[segs.length - 1] === '{path}') continue; // proxy with a trailing path: same subresource
  let namespaced = false;
  if (segs[0] === 'namespaces' && segs[1] === '{namespace}' && segs.length > 2) {
    namespaced = true;
    segs = segs.slice(2);
  }
  const resource = segs[0];
  if (!resource) continue;
  const isItem = segs[1] === '{name}';
  const sub = isItem ? segs[2] : undefined;
  if (segs.length > (sub ? 3 : isItem ? 2 : 1)) throw new Error(`unexpected path ${path}`);
  let res = gv.resources.get(resource);
  if (!res) {
    res = { name: resource, namespaced: false, kind: undefined, verbs: new Set(), subresources: new Map() };
    gv.resources.set(resource, res);
  }
  const pathParams = item.parameters || [];
  for (const method of methods) {
    const op = item[method];
    if (!op) continue;
    const gvk = op['x-kubernetes-group-version-kind'];
    const verbs = verbsOf(op, method, pathParams);
    if (sub) {
      let s = res.subresources.get(sub);
      if (!s) {
        s = { name: sub, verbs: new Set(), kind: undefined };
        res.subresources.set(sub, s);
      }
      verbs.forEach((v) => s.verbs.add(v));
      if (gvk && (!s.kind || method !== 'get')) s.kind = gvk;
    } else {
      // a namespaced resource also has a cluster-wide list path without {namespace}
      if (namespaced) res.namespaced = true;
      verbs.forEach((v) => res.verbs.add(v));
      if (gvk && !res.kind) res.kind = gvk;
    }
  }
}
// namespaces' own item paths look like /api/v1/namespaces/{name}: scope is cluster
for (const gv of gvs.values()) {
  for (const res of gv.resources.values()) {
    // a resource listed only at /api/v1/<res> but created under {namespace} is namespaced (done above);
    // one whose create/get paths never had {namespace} is cluster-scoped.
    if (!res.kind) throw new Error(`no kind for ${gv.group}/${gv.version}/${res.name}`);
  }
}

const catalogue = {
  kubernetesVersion: KUBERNETES_VERSION,
  groupVersions: [...gvs.values()].map((gv) => ({
    group: gv.group,
    version: gv.version,
    resources: [...gv.resources.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((r) => ({
        name: r.name,
        kind: r.kind.kind,
        namespaced: r.namespaced,
        verbs: [...r.verbs].sort(),
        subresources: [...r.subresources.values()]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((s) => ({
            name: s.name,
            verbs: [...s.verbs].sort(),
            group: s.kind?.group ?? gv.group,
            version: s.kind?.version ?? gv.version,
            kind: s.kind?.kind ?? r.kind.kind,
          })),
      })),
  })),
};

// ---- OpenAPI v2 ------------------------------------------------------------

function isServedPath(path) {
  let m = /^\/api\/v1(\/|$)/.exec(path);
  if (m) return true;
  if (path === '/api/' || path === '/apis/') return true;
  m = /^\/apis\/([^/]+)\/([^/]+)\//.exec(path);
  if (m) return served.has(gvKey(m[1], m[2]));
  m = /^\/apis\/([^/]+)\/$/.exec(path);
  if (m) return servedGroupVersions.some((e) => e.group === m[1]);
  return true; // /version/, /logs/, /.well-known/..., /openid/...
}

function collectRefs(node, out) {
  if (Array.isArray(node)) node.forEach((n) => collectRefs(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.add(v);
      else collectRefs(v, out);
    }
  }
}

function prune(doc, defsPointer) {
  // keep only definitions reachable from the paths (and parameters)
  const defs = defsPointer(doc);
  const keep = new Set();
  const queue = new Set();
  collectRefs(doc.paths, queue);
  if (doc.parameters) collectRefs(doc.parameters, queue);
  const pending = [...queue];
  while (pending.length) {
    const ref = pending.pop();
    const name = ref.split('/').pop();
    if (keep.has(name) || !defs[name]) continue;
    keep.add(name);
    const refs = new Set();
    collectRefs(defs[name], refs);
    pending.push(...refs);
  }
  for (const name of Object.keys(defs)) if (!keep.has(name)) delete defs[name];
}

const v2 = { ...swagger, paths: {} };
for (const [p, item] of Object.entries(swagger.paths)) if (isServedPath(p)) v2.paths[p] = item;
v2.definitions = { ...swagger.definitions };
prune(v2, (d) => d.definitions);

// ---- OpenAPI v3 ------------------------------------------------------------

const v3 = {};
for (const file of readdirSync(join(specDir, 'v3'))) {
  const m = /^(.*)_openapi\.json$/.exec(file);
  if (!m) continue;
  const discoveryPath = m[1].split('__').join('/'); // api/v1, apis/apps/v1, apis/apps, version, ...
  const parts = discoveryPath.split('/');
  if (parts[0] === 'apis' && parts.length === 3 && !served.has(gvKey(parts[1], parts[2]))) continue;
  if (parts[0] === 'apis' && parts.length === 2 && !servedGroupVersions.some((e) => e.group === parts[1])) continue;
  v3[discoveryPath] = JSON.parse(readFileSync(join(specDir, 'v3', file), 'utf8'));
}

// ---- write -----------------------------------------------------------------

const tmp = `${outDir}.tmp-${process.pid}`;
rmSync(tmp, { recursive: true, force: true });
mkdirSync(join(tmp, 'openapi-v3'), { recursive: true });
writeFileSync(join(tmp, 'catalogue.json'), JSON.stringify(catalogue, null, 1));
writeFileSync(join(tmp, 'openapi-v2.json'), JSON.stringify(v2));
for (const [p, doc] of Object.entries(v3)) writeFileSync(join(tmp, 'openapi-v3', `${p.split('/').join('__')}.json`), JSON.stringify(doc));
writeFileSync(join(tmp, 'STAMP'), stampText() + '\n');
rmSync(outDir, { recursive: true, force: true });
renameSync(tmp, outDir);
const nres = catalogue.groupVersions.reduce((n, gv) => n + gv.resources.length, 0);
console.log(`api-schemas: ${catalogue.groupVersions.length} group versions, ${nres} resources, ${Object.keys(v2.definitions).length} v2 definitions, ${Object.keys(v3).length} v3 documents`);
