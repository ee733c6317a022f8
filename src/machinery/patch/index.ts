// Patch engines of the API server: JSON patch, JSON merge patch and strategic
// merge patch, chosen by the request's content type. All engines are pure
// functions over plain JSON values and throw ApiErrors carrying the status the
// upstream API server returns (k8s.io/apiserver pkg/endpoints/handlers/patch.go).
import { badRequest, unsupportedMediaType } from '../errors.js';
import type { KObject } from '../objects.js';
import { applyJsonPatch, goJsonKind } from './jsonPatch.js';
import { applyMergePatch, isJsonObject } from './mergePatch.js';
import { schemaForKind } from './schema.js';
import { applyStrategicMergePatch } from './strategicMergePatch.js';

export { applyJsonPatch, patchUnprocessable, MAX_JSON_PATCH_OPERATIONS } from './jsonPatch.js';
export { applyMergePatch } from './mergePatch.js';
export { applyStrategicMergePatch, SMP_ERRORS } from './strategicMergePatch.js';
export { schemaForKind, schemaForDefinition, type PatchSchemaNode } from './schema.js';

export type PatchType = 'json-patch' | 'merge-patch' | 'strategic-merge-patch';

/** Content types of the patch formats, as served for custom resources (no strategic merge patch). */
export const CUSTOM_RESOURCE_PATCH_CONTENT_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/apply-patch+yaml',
];

/** Go's decoder message for an empty body. */
const EMPTY_BODY = 'unexpected end of JSON input';

/** Accept a raw JSON body (string or bytes) as well as an already decoded value (undefined: no body). */
function decodeBody(body: unknown, type: PatchType): unknown {
  let text: string | undefined;
  if (typeof body === 'string') text = body;
  else if (body instanceof Uint8Array) text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  if (text === undefined) {
    if (body === undefined) throw badRequest(type === 'strategic-merge-patch' ? EMPTY_BODY : `error decoding patch: ${EMPTY_BODY}`);
    return body;
  }
  if (text.trim() === '') throw badRequest(type === 'strategic-merge-patch' ? EMPTY_BODY : `error decoding patch: ${EMPTY_BODY}`);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const msg = (e as Error).message;
    throw badRequest(type === 'strategic-merge-patch' ? msg : `error decoding patch: ${msg}`);
  }
}

/**
 * Apply a patch of the given type to the current object (its external,
 * versioned JSON form). The field validation directive is taken as the
 * server's default (Warn): patch bodies are decoded strictly, unknown fields
 * are not reported.
 */
export function applyPatch(
  type: PatchType,
  current: KObject,
  patchBody: unknown,
  gvk: { group: string; version: string; kind: string },
): KObject {
  // Custom resources do not list the strategic merge patch content type, so
  // the handler rejects the request before it reads the body.
  const schema = type === 'strategic-merge-patch' ? schemaForKind(gvk.group, gvk.version, gvk.kind) : undefined;
  if (type === 'strategic-merge-patch' && !schema) throw unsupportedMediaType(CUSTOM_RESOURCE_PATCH_CONTENT_TYPES);
  const body = decodeBody(patchBody, type);
  switch (type) {
    case 'json-patch':
      return applyJsonPatch(current, body) as KObject;
    case 'merge-patch': {
      // strict decode of the body into map[string]interface{} happens first
      if (body !== null && !isJsonObject(body)) {
        throw badRequest(`error decoding patch: json: cannot unmarshal ${goJsonKind(body)} into Go value of type map[string]interface {}`);
      }
      return applyMergePatch(current, body) as KObject;
    }
    case 'strategic-merge-patch': {
      if (body !== null && !isJsonObject(body)) {
        throw badRequest(`json: cannot unmarshal ${goJsonKind(body)} into Go value of type map[string]interface {}`);
      }
      return applyStrategicMergePatch(current, (body ?? {}) as object, schema) as KObject;
    }
    default: {
      const never: never = type;
      throw badRequest(`unknown patch type ${String(never)}`);
    }
  }
}
