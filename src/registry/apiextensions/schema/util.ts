// Small shared helpers for the CRD schema machinery: JSON value kinds as the
// Go decoder sees them, Go-style value rendering for error messages, and
// field path building that matches apimachinery's field.Path.
import { type FieldError, fieldErrorMessageWith } from '../../../machinery/errors.js';

export type JSONObject = Record<string, unknown>;

/** a raw apiextensions.k8s.io/v1 JSONSchemaProps as it appears in a CRD body */
export type JSONSchemaProps = Record<string, unknown>;

export function isObj(v: unknown): v is JSONObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function has(o: JSONObject, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k) && o[k] !== undefined;
}

/** Go's strings are compared bytewise; sort keys the way Go's sort.Strings would */
export function byteSort(keys: string[]): string[] {
  return keys.sort((a, b) => {
    const ba = Buffer.from(a, 'utf8');
    const bb = Buffer.from(b, 'utf8');
    return Buffer.compare(ba, bb);
  });
}

export function sortedKeys(o: JSONObject): string[] {
  return byteSort(Object.keys(o).filter((k) => o[k] !== undefined));
}

// ---- value kinds ----------------------------------------------------------------

const INT64_LIMIT = 2 ** 63;

/** Does a decoded JSON number land in an int64 (as opposed to a float64)? */
export function isInt64(n: number): boolean {
  return Number.isInteger(n) && n < INT64_LIMIT && n >= -INT64_LIMIT;
}

export type Kind = 'null' | 'bool' | 'string' | 'int' | 'float' | 'slice' | 'map';

export function kindOf(v: unknown): Kind {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return isInt64(v) ? 'int' : 'float';
  if (Array.isArray(v)) return 'slice';
  return 'map';
}

// ---- rendering --------------------------------------------------------------------

/** a deep copy with map keys in Go's (byte) order */
export function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (isObj(v)) {
    const out: JSONObject = {};
    for (const k of sortedKeys(v)) out[k] = sortDeep(v[k]);
    return out;
  }
  return v;
}

/** encoding/json.Marshal of an unstructured value (sorted keys, HTML-safe escapes) */
export function goJSON(v: unknown): string {
  const s = JSON.stringify(sortDeep(v === undefined ? null : v));
  return s.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** fmt's %v of a float64 (strconv 'g' with the shortest representation) */
export function goFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant, expStr] = f.toExponential().split('e');
  const exp = Number(expStr);
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp);
    return `${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  }
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let out: string;
  if (exp >= 0) {
    out = digits.length > exp + 1 ? `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}` : digits + '0'.repeat(exp + 1 - digits.length);
  } else {
    out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  }
  return (neg ? '-' : '') + out;
}

/** fmt's %v of a decoded JSON number (int64 or float64) */
export function goNumber(n: number): string {
  return isInt64(n) ? String(n) : goFloat(n);
}

/** strconv.Quote / %q (close enough for the printable strings in messages) */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

// ---- field paths ----------------------------------------------------------------

/**
 * A field.Path as a string. `undefined` stands for a nil *field.Path (which
 * renders as "<nil>" on its own and disappears when children are added).
 */
export type FieldPath = string | undefined;

export function pchild(p: FieldPath, ...names: string[]): string {
  let s = p ?? '';
  for (const n of names) s = s === '' ? n : `${s}.${n}`;
  return s;
}

export function pkey(p: FieldPath, k: string): string {
  return `${p ?? ''}[${k}]`;
}

export function pindex(p: FieldPath, i: number): string {
  return `${p ?? ''}[${i}]`;
}

export function pstr(p: FieldPath): string {
  return p === undefined ? '<nil>' : p;
}

// ---- field errors ------------------------------------------------------------------

export function errRequired(p: FieldPath, detail = ''): FieldError {
  return detail ? { type: 'FieldValueRequired', field: pstr(p), detail } : { type: 'FieldValueRequired', field: pstr(p) };
}

export function errInvalid(p: FieldPath, value: unknown, detail = ''): FieldError {
  return detail ? { type: 'FieldValueInvalid', field: pstr(p), value, detail } : { type: 'FieldValueInvalid', field: pstr(p), value };
}

/** an Invalid error whose value is rendered by the caller (Go %#v / struct JSON) */
export function errInvalidRendered(p: FieldPath, rendered: string, detail = ''): FieldError {
  return { type: 'FieldValueInvalid', field: pstr(p), omitValue: true, detail: detail ? `${rendered}: ${detail}` : rendered };
}

export function errTypeInvalid(p: FieldPath, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueTypeInvalid', field: pstr(p), value, detail };
}

export function errForbidden(p: FieldPath, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field: pstr(p), detail };
}

export function errDuplicate(p: FieldPath, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field: pstr(p), value };
}

export function errNotSupported(p: FieldPath, value: unknown, supported: readonly string[]): FieldError {
  const e: FieldError = { type: 'FieldValueNotSupported', field: pstr(p), value };
  if (supported.length) e.detail = `supported values: ${supported.map((v) => goQuote(String(v))).join(', ')}`;
  return e;
}

export function errTooLong(p: FieldPath, max: number): FieldError {
  return { type: 'FieldValueTooLong', field: pstr(p), detail: max >= 0 ? `may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}` : 'value is too long' };
}

export function errTooMany(p: FieldPath, actual: number, max: number): FieldError {
  const detail = max >= 0 ? `must have at most ${max} ${max === 1 ? 'item' : 'items'}` : 'has too many items';
  return actual >= 0
    ? { type: 'FieldValueTooMany', field: pstr(p), value: actual, detail }
    : { type: 'FieldValueTooMany', field: pstr(p), omitValue: true, detail };
}

export function errInternal(p: FieldPath, detail: string): FieldError {
  return { type: 'InternalError', field: pstr(p), detail };
}

/** the message text of a FieldError the way field.Error.Error() prints it (for aggregates) */
export function fieldErrorString(e: FieldError): string {
  return fieldErrorMessageWith(e, renderGoValue);
}

function renderGoValue(v: unknown): string {
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  return goJSON(v);
}

/** utilerrors.NewAggregate(errs).Error() */
export function aggregateString(errs: FieldError[]): string {
  const msgs: string[] = [];
  for (const e of errs) {
    const m = fieldErrorString(e);
    if (!msgs.includes(m)) msgs.push(m);
  }
  return msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
}

export function deepEqualJSON(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqualJSON(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as JSONObject;
  const bo = b as JSONObject;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  for (const k of ak) if (!has(bo, k) || !deepEqualJSON(ao[k], bo[k])) return false;
  return true;
}

export function deepCopy<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
