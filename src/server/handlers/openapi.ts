// /openapi/v2 and /openapi/v3: the generated documents of the built-in
// types, with extra documents (custom resources) merged in by providers.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { ParameterizedContext } from 'koa';
import { generatedPath } from '../../api/paths.js';
import { openapiV2Text } from '../../api/schemaDocs.js';
import { notAcceptable } from '../../machinery/errors.js';
import { notFound404 } from './resources.js';
import { parseAccept } from '../negotiation.js';
// the gnostic protobuf encoder (protobufjs) is loaded on the first protobuf request
let toProtobuf: ((doc: object) => Buffer) | undefined;

/** what kube-apiserver answers for either protobuf media type of /openapi/v2 */
const V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
/** accepted spellings: the deprecated one (kubectl <= 1.28 sends it) and the current one */
const V2_PROTOBUF_TYPES = new Set(['application/com.github.proto-openapi.spec.v2@v1.0+protobuf', V2_PROTOBUF]);

interface Doc {
  text: string;
  etag: string;
  hash: string;
  gz?: Buffer;
  /** the v2 document as gnostic protobuf, made on first request */
  pb?: Buffer;
  pbGz?: Buffer;
}

function makeDoc(text: string): Doc {
  const h = createHash('sha512').update(text).digest('hex').toUpperCase().slice(0, 128);
  return { text, etag: `"${h}"`, hash: h };
}

/** Extra OpenAPI content contributed at run time (custom resources). */
export interface OpenApiProvider {
  /** v3 documents by discovery path (apis/<group>/<version>) */
  v3Documents(): Map<string, unknown>;
  /** v2 additions: paths and definitions */
  v2Additions(): { paths: Record<string, unknown>; definitions: Record<string, unknown> };
  /** a counter that changes whenever the content changes */
  generation(): number;
}

export class OpenApiHandler {
  private builtinV3 = new Map<string, string>();
  private v2: Doc | null = null;
  private v3: Map<string, Doc> | null = null;
  private providerGen = -1;

  constructor(private readonly provider?: OpenApiProvider) {
    for (const f of readdirSync(generatedPath('openapi-v3'))) {
      const path = f.replace(/\.json$/, '').split('__').join('/');
      this.builtinV3.set(path, readFileSync(generatedPath('openapi-v3', f), 'utf8'));
    }
  }

  private refresh(): void {
    const gen = this.provider?.generation() ?? 0;
    if (gen === this.providerGen && this.v2 && this.v3) return;
    this.providerGen = gen;
    // v2
    if (this.provider) {
      const add = this.provider.v2Additions();
      if (Object.keys(add.paths).length || Object.keys(add.definitions).length) {
        const base = JSON.parse(openapiV2Text()) as { paths: Record<string, unknown>; definitions: Record<string, unknown> };
        Object.assign(base.paths, add.paths);
        Object.assign(base.definitions, add.definitions);
        this.v2 = makeDoc(JSON.stringify(base));
      } else this.v2 = makeDoc(openapiV2Text());
    } else this.v2 = makeDoc(openapiV2Text());
    // v3
    const v3 = new Map<string, Doc>();
    for (const [p, text] of this.builtinV3) v3.set(p, makeDoc(text));
    if (this.provider) for (const [p, doc] of this.provider.v3Documents()) v3.set(p, makeDoc(JSON.stringify(doc)));
    this.v3 = v3;
  }

  private send(ctx: ParameterizedContext, doc: Doc, immutable: boolean, format: 'json' | 'protobuf' = 'json'): void {
    // one ETag for both representations, as kube-apiserver does (Vary: Accept)
    ctx.set('ETag', doc.etag);
    ctx.set('Vary', 'Accept');
    ctx.set('Cache-Control', immutable ? 'public, immutable' : 'no-cache, private');
    ctx.set('Content-Type', format === 'protobuf' ? V2_PROTOBUF : 'application/json');
    if (ctx.get('If-None-Match') === doc.etag) {
      ctx.status = 304;
      return;
    }
    ctx.status = 200;
    const gzip = /\bgzip\b/.test(ctx.get('Accept-Encoding'));
    if (format === 'protobuf') {
      if (!doc.pb) doc.pb = toProtobuf!(JSON.parse(doc.text) as object);
      if (gzip) {
        if (!doc.pbGz) doc.pbGz = gzipSync(doc.pb);
        ctx.set('Content-Encoding', 'gzip');
        ctx.body = doc.pbGz;
        return;
      }
      ctx.body = doc.pb;
      return;
    }
    if (gzip) {
      if (!doc.gz) doc.gz = gzipSync(doc.text);
      ctx.set('Content-Encoding', 'gzip');
      ctx.body = doc.gz;
      return;
    }
    ctx.body = doc.text;
  }

  private acceptsJson(ctx: ParameterizedContext): void {
    const ranges = parseAccept(ctx.get('Accept'));
    if (!ranges.some((r) => r.type === 'application/json' || r.type === '*/*' || r.type === 'application/*'))
      throw notAcceptable('only the following media types are accepted: application/json');
  }

  async serveV2(ctx: ParameterizedContext): Promise<void> {
    const format = v2Format(ctx.get('Accept'));
    if (!format) throw notAcceptable(`only the following media types are accepted: application/json, ${V2_PROTOBUF}`);
    if (format === 'protobuf') toProtobuf ??= (await import('../openapiV2Proto.js')).openapiV2ToProtobuf;
    this.refresh();
    this.send(ctx, this.v2!, false, format);
  }

  serveV3Root(ctx: ParameterizedContext): void {
    this.refresh();
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const [p, d] of [...this.v3!].sort(([a], [b]) => (a < b ? -1 : 1))) paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${d.hash}` };
    ctx.set('Content-Type', 'application/json');
    ctx.set('Cache-Control', 'no-cache, private');
    ctx.status = 200;
    ctx.body = JSON.stringify({ paths });
  }

  serveV3(ctx: ParameterizedContext, path: string): void {
    this.acceptsJson(ctx);
    this.refresh();
    const doc = this.v3!.get(path);
    if (!doc) throw notFound404();
    const hash = ctx.query.hash;
    if (typeof hash === 'string' && hash && hash !== doc.hash) {
      ctx.status = 301;
      ctx.set('Location', `/openapi/v3/${path}?hash=${doc.hash}`);
      ctx.set('Cache-Control', 'no-cache, private');
      ctx.body = '';
      return;
    }
    this.send(ctx, doc, Boolean(hash));
  }
}

/**
 * The representation of /openapi/v2 an Accept header asks for: the first
 * matching range by quality, then by specificity, then by position (the order
 * kube-openapi's handler tries them); JSON for wildcards.
 */
function v2Format(accept: string): 'json' | 'protobuf' | null {
  const ranges = parseAccept(accept)
    .map((r, i) => {
      const q = r.params.q === undefined ? 1 : Number(r.params.q);
      return { type: r.type, i, q: Number.isNaN(q) ? 0 : q, wild: (r.type.startsWith('*/') ? 2 : 0) + (r.type.endsWith('/*') ? 1 : 0) };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.wild - b.wild || a.i - b.i);
  for (const r of ranges) {
    if (r.type === 'application/json' || r.type === 'application/*' || r.type === '*/*') return 'json';
    if (V2_PROTOBUF_TYPES.has(r.type)) return 'protobuf';
  }
  return null;
}
