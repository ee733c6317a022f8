// Content negotiation: which representation a client asked for (Accept) and
// how a request body is decoded (Content-Type). JSON and YAML are served;
// Table and PartialObjectMetadata are the meta.k8s.io transformations.
import { yaml } from '../machinery/yaml.js';
import { ApiError, badRequest, notAcceptable, tooLarge, unsupportedMediaType } from '../machinery/errors.js';
import type { IncomingMessage } from 'node:http';
import { decodeProtobufObject } from '../machinery/protobuf/codec.js';

export interface MediaRange {
  type: string; // application/json
  params: Record<string, string>;
}

export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header) return [{ type: '*/*', params: {} }];
  return header
    .split(',')
    .map((part) => {
      const [t, ...ps] = part.trim().split(';');
      const params: Record<string, string> = {};
      for (const p of ps) {
        const i = p.indexOf('=');
        if (i > 0) params[p.slice(0, i).trim()] = p.slice(i + 1).trim().replace(/^"|"$/g, '');
      }
      return { type: t.trim().toLowerCase(), params };
    })
    .filter((m) => m.type);
}

export type Transform = 'none' | 'Table' | 'PartialObjectMetadata' | 'PartialObjectMetadataList' | 'APIGroupDiscoveryList';

export interface Negotiated {
  /** serialization */
  format: 'json' | 'yaml' | 'protobuf';
  transform: Transform;
  /** the exact media type to put in Content-Type */
  contentType: string;
  /** requested meta.k8s.io version for transforms */
  transformVersion?: string;
}

const jsonTypes = new Set(['application/json', 'application/*', '*/*']);

/**
 * Pick the first Accept entry the server can produce for a resource request.
 * `allowed` lists the transforms this endpoint supports.
 */
export function negotiate(header: string | undefined, allowed: Transform[], opts: { yaml?: boolean; protobuf?: boolean } = {}): Negotiated {
  const ranges = parseAccept(header);
  for (const r of ranges) {
    const as = r.params.as;
    if (r.type === 'application/vnd.kubernetes.protobuf' && !as) {
      if (opts.protobuf && allowed.includes('none')) return { format: 'protobuf', transform: 'none', contentType: 'application/vnd.kubernetes.protobuf' };
      continue;
    }
    if (r.type === 'application/yaml' && !as && opts.yaml !== false) return { format: 'yaml', transform: 'none', contentType: 'application/yaml' };
    if (!jsonTypes.has(r.type)) continue;
    if (!as) {
      if (allowed.includes('none')) return { format: 'json', transform: 'none', contentType: 'application/json' };
      continue;
    }
    const g = r.params.g;
    const v = r.params.v;
    if (as === 'APIGroupDiscoveryList') {
      if (g === 'apidiscovery.k8s.io' && (v === 'v2' || v === 'v2beta1') && allowed.includes('APIGroupDiscoveryList'))
        return {
          format: 'json',
          transform: 'APIGroupDiscoveryList',
          transformVersion: v,
          contentType: `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`,
        };
      continue;
    }
    if (g !== 'meta.k8s.io' || (v !== 'v1' && v !== 'v1beta1')) continue;
    if (as === 'Table' && allowed.includes('Table'))
      return { format: 'json', transform: 'Table', transformVersion: v, contentType: `application/json;as=Table;v=${v};g=meta.k8s.io` };
    if ((as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') && allowed.includes(as as Transform))
      return { format: 'json', transform: as as Transform, transformVersion: v, contentType: `application/json;as=${as};v=${v};g=meta.k8s.io` };
  }
  throw notAcceptable(
    allowed.includes('Table') || allowed.includes('PartialObjectMetadata')
      ? 'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf'
      : 'only the following media types are accepted: application/json, application/yaml',
  );
}

export const maxRequestBodyBytes = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = maxRequestBodyBytes): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) {
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export type BodyFormat = 'json' | 'yaml' | 'protobuf' | 'json-patch' | 'merge-patch' | 'strategic-merge-patch' | 'apply-patch';

export function bodyFormat(contentType: string | undefined, patch: boolean): BodyFormat {
  const t = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (patch) {
    switch (t) {
      case 'application/json-patch+json':
        return 'json-patch';
      case 'application/merge-patch+json':
        return 'merge-patch';
      case 'application/strategic-merge-patch+json':
        return 'strategic-merge-patch';
      case 'application/apply-patch+yaml':
      case 'application/apply-patch+cbor':
        return 'apply-patch';
      default:
        throw unsupportedMediaType([
          'application/json-patch+json',
          'application/merge-patch+json',
          'application/apply-patch+yaml',
          'application/strategic-merge-patch+json',
        ]);
    }
  }
  if (t === '' || t === 'application/json' || t === '*/*') return 'json';
  if (t === 'application/yaml' || t === 'application/x-yaml' || t === 'text/yaml') return 'yaml';
  if (t === 'application/vnd.kubernetes.protobuf') return 'protobuf';
  throw unsupportedMediaType(['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']);
}

const maxDepth = 10000 / 10; // far beyond any real object, far below a stack overflow

function checkDepth(v: unknown, depth: number): void {
  if (depth > maxDepth) throw badRequest('the request body is nested too deeply');
  if (Array.isArray(v)) for (const x of v) checkDepth(x, depth + 1);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) checkDepth(x, depth + 1);
}

/** Decode a JSON or YAML body into a value; 400 with the parser's complaint on bad input. */
export function decodeBody(buf: Buffer, format: 'json' | 'yaml' | BodyFormat): unknown {
  if (format === 'protobuf') return decodeProtobufObject(buf);
  const text = buf.toString('utf8');
  if (!text.trim()) throw badRequest('Object \'Kind\' is missing in \'\'');
  let v: unknown;
  if (format === 'yaml' || format === 'apply-patch') {
    try {
      v = yaml().parse(text, { maxAliasCount: 100, uniqueKeys: false, version: '1.2', merge: false });
    } catch (e) {
      throw badRequest(`error converting YAML to JSON: ${(e as Error).message.split('\n')[0]}`);
    }
  } else {
    try {
      // nesting depth guard before the recursive parser sees it
      let depth = 0;
      let maxSeen = 0;
      let inStr = false;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (inStr) {
          if (c === 92) i++;
          else if (c === 34) inStr = false;
        } else if (c === 34) inStr = true;
        else if (c === 123 || c === 91) {
          depth++;
          if (depth > maxSeen) maxSeen = depth;
        } else if (c === 125 || c === 93) depth--;
      }
      if (maxSeen > maxDepth) throw new ApiError(400, 'BadRequest', 'the request body is nested too deeply');
      v = JSON.parse(text);
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
    }
  }
  checkDepth(v, 0);
  return v;
}
