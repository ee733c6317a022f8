// Shared helpers for the managed-fields tests: tiny schema builders and path shorthands.
import type { PatchSchemaNode } from '../../../src/machinery/patch/schema.js';
import { schemaForKind } from '../../../src/machinery/patch/schema.js';
import { fieldElement, keyElement, valueElement, type Path, type PathElement } from '../../../src/machinery/managedfields/index.js';

export const str: PatchSchemaNode = { type: 'string' };
export const num: PatchSchemaNode = { type: 'integer' };
export const bool: PatchSchemaNode = { type: 'boolean' };

export function struct(properties: Record<string, PatchSchemaNode>, extra: Partial<PatchSchemaNode> = {}): PatchSchemaNode {
  return { type: 'object', properties, ...extra };
}

export function mapOf(elem: PatchSchemaNode, extra: Partial<PatchSchemaNode> = {}): PatchSchemaNode {
  return { type: 'object', additionalProperties: elem, ...extra };
}

export function listOf(items: PatchSchemaNode, extra: Partial<PatchSchemaNode> = {}): PatchSchemaNode {
  return { type: 'array', items, ...extra };
}

export function assocList(items: PatchSchemaNode, keys: string[]): PatchSchemaNode {
  return { type: 'array', items, listType: 'map', listMapKeys: keys };
}

export function setOf(items: PatchSchemaNode): PatchSchemaNode {
  return { type: 'array', items, listType: 'set' };
}

/** Path shorthand: strings are field names, objects are keys, ['=', v] is a set value. */
export function P(...parts: Array<string | Record<string, unknown> | ['=', unknown]>): Path {
  return parts.map((p): PathElement => {
    if (typeof p === 'string') return fieldElement(p);
    if (Array.isArray(p)) return valueElement(p[1]);
    return keyElement(Object.entries(p));
  });
}

/** schemaFor over the built-in OpenAPI document. */
export function builtinSchemaFor(apiVersion: string, kind: string): PatchSchemaNode | undefined {
  const i = apiVersion.indexOf('/');
  return i < 0 ? schemaForKind('', apiVersion, kind) : schemaForKind(apiVersion.slice(0, i), apiVersion.slice(i + 1), kind);
}

/** A clock that ticks one second per call, starting at 2024-01-01T00:00:00Z. */
export function tickingClock(start = Date.UTC(2024, 0, 1)): () => string {
  let t = start;
  return () => {
    const s = new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
    t += 1000;
    return s;
  };
}
