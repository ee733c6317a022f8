// metadata.managedFields on the wire: decoding entries into per-manager field
// sets, manager identifiers, and encoding back in upstream's entry layout and
// order.
import { FieldSet, FieldsV1Error } from './fieldset.js';
import { goQuoteJson } from './pathelement.js';
import type { ManagerSets } from './updater.js';

export interface ManagedFieldsEntry {
  manager?: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

/** Field sets and the time of the last change, by manager identifier. */
export interface Managed {
  readonly fields: ManagerSets;
  readonly times: Map<string, string | undefined>;
}

export function emptyManaged(): Managed {
  return { fields: new Map(), times: new Map() };
}

export function copyManaged(m: Managed): Managed {
  return { fields: new Map(m.fields), times: new Map(m.times) };
}

export class ManagedFieldsError extends Error {}

interface IdentifierParts {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  subresource?: string;
}

/**
 * The identity of a managedFields entry: manager, operation, subresource and,
 * for updates only, the API version, as the JSON upstream keys its maps with.
 */
export function managerIdentifier(p: IdentifierParts): string {
  const parts: string[] = [];
  if (p.manager) parts.push(`"manager":${goQuoteJson(p.manager)}`);
  if (p.operation) parts.push(`"operation":${goQuoteJson(p.operation)}`);
  if (p.apiVersion && p.operation !== 'Apply') parts.push(`"apiVersion":${goQuoteJson(p.apiVersion)}`);
  if (p.subresource) parts.push(`"subresource":${goQuoteJson(p.subresource)}`);
  return '{' + parts.join(',') + '}';
}

export function parseIdentifier(id: string): IdentifierParts {
  try {
    const v = JSON.parse(id) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as IdentifierParts;
  } catch {
    // fall through
  }
  return { manager: id };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Decode a managedFields list; throws ManagedFieldsError on a malformed entry. */
export function decodeManagedFields(list: unknown): Managed {
  const m = emptyManaged();
  if (list === undefined || list === null) return m;
  if (!Array.isArray(list)) throw new ManagedFieldsError('managedFields must be a list');
  list.forEach((raw, i) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new ManagedFieldsError(`managed fields entry ${i} is not an object`);
    }
    const e = raw as Record<string, unknown>;
    const operation = e.operation;
    if (operation !== 'Apply' && operation !== 'Update') throw new ManagedFieldsError('operation must be `Apply` or `Update`');
    const apiVersion = str(e.apiVersion) ?? '';
    if (apiVersion.length < 1) throw new ManagedFieldsError('apiVersion must not be empty');
    const fieldsType = str(e.fieldsType) ?? '';
    if (fieldsType === '') throw new ManagedFieldsError(`missing fieldsType in managed fields entry ${i}`);
    if (fieldsType !== 'FieldsV1') throw new ManagedFieldsError(`invalid fieldsType ${JSON.stringify(fieldsType)} in managed fields entry ${i}`);
    if (e.manager !== undefined && typeof e.manager !== 'string') throw new ManagedFieldsError(`manager of managed fields entry ${i} must be a string`);
    if (e.subresource !== undefined && typeof e.subresource !== 'string') throw new ManagedFieldsError(`subresource of managed fields entry ${i} must be a string`);
    if (e.time !== undefined && e.time !== null && (typeof e.time !== 'string' || Number.isNaN(Date.parse(e.time)))) {
      throw new ManagedFieldsError(`time of managed fields entry ${i} must be an RFC 3339 time`);
    }
    const id = managerIdentifier({ manager: str(e.manager), operation, apiVersion, subresource: str(e.subresource) });
    let set: FieldSet;
    try {
      set = FieldSet.fromFieldsV1(e.fieldsV1);
    } catch (err) {
      if (err instanceof FieldsV1Error) throw new ManagedFieldsError(`error decoding set of managed fields entry ${i}: ${err.message}`);
      throw err;
    }
    m.fields.set(id, { set, apiVersion, applied: operation === 'Apply' });
    m.times.set(id, str(e.time));
  });
  return m;
}

function seconds(t: string | undefined): number {
  if (!t) return 0;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Encode the field sets as managedFields entries (undefined when there are none), sorted as upstream sorts them. */
export function encodeManagedFields(m: Managed): ManagedFieldsEntry[] | undefined {
  if (m.fields.size === 0) return undefined;
  const out: ManagedFieldsEntry[] = [];
  for (const [id, vs] of m.fields) {
    const p = parseIdentifier(id);
    const operation = vs.applied ? 'Apply' : p.operation === 'Apply' ? 'Apply' : 'Update';
    const e: Record<string, unknown> = {};
    if (p.manager) e.manager = p.manager;
    e.operation = operation;
    e.apiVersion = vs.apiVersion;
    const time = m.times.get(id);
    if (time) e.time = time;
    e.fieldsType = 'FieldsV1';
    e.fieldsV1 = vs.set.toFieldsV1();
    if (p.subresource) e.subresource = p.subresource;
    out.push(e as unknown as ManagedFieldsEntry);
  }
  out.sort(
    (p, q) =>
      cmp(p.operation, q.operation) ||
      seconds(p.time) - seconds(q.time) ||
      cmp(p.manager ?? '', q.manager ?? '') ||
      cmp(p.apiVersion, q.apiVersion) ||
      cmp(p.subresource ?? '', q.subresource ?? ''),
  );
  return out;
}

/** True when a request asks to clear managedFields: an empty list, or one empty entry. */
export function isResetManagedFields(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  if (v.length === 0) return true;
  if (v.length === 1) {
    const e = v[0] as unknown;
    if (e === null || e === undefined) return true;
    if (typeof e === 'object' && !Array.isArray(e)) {
      return Object.values(e as Record<string, unknown>).every((x) => x === undefined || x === null || x === '');
    }
  }
  return false;
}
