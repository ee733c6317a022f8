// Small building blocks shared by the per-resource table convertors: safe
// access into plain JSON objects, elapsed-time cells, label and selector
// rendering, container summaries and resource.Quantity canonical strings.
import type { KObject } from '../../machinery/objects.js';
import { column, humanDuration, type TableColumnDefinition } from './table.js';

export type Obj = Record<string, unknown>;

// ---------------------------------------------------------------------------
// plain-JSON access

/** v as an object, or an empty object when it is anything else. */
export function rec(v: unknown): Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

/** v as an object, or undefined when absent or not an object. */
export function opt(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** v as an array, or an empty array. */
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** v as an array of objects (non-objects become empty objects). */
export function recs(v: unknown): Obj[] {
  return arr(v).map(rec);
}

/** v as a string ('' when absent). */
export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return '';
}

/** v as an integer (0 when absent). */
export function int(v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return 0;
}

/** v as a boolean (false when absent). */
export function bool(v: unknown): boolean {
  return v === true;
}

/** a plain string map (labels, annotations, selectors). */
export function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(rec(v))) out[k] = str(val);
  return out;
}

/** the object's metadata as a plain record. */
export function metaOf(obj: KObject): Obj {
  return rec(obj.metadata);
}

export function nameOf(obj: KObject): string {
  return str(metaOf(obj).name);
}

/** Byte-wise string ordering, as Go's sort.Strings. */
export function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------
// time

/** Milliseconds since the epoch of a metav1.Time / MicroTime, or undefined when unset. */
export function parseTime(v: unknown): number | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  // the zero time.Time marshals as 0001-01-01T00:00:00Z and counts as unset
  if (/^0001-01-01T00:00:00(\.0+)?Z$/.test(v)) return undefined;
  return t;
}

/**
 * A duration rendered as upstream's HumanDuration. Go truncates the seconds
 * towards zero before comparing, so a clock skew of up to two seconds shows
 * as "0s" rather than "<invalid>".
 */
export function humanDurationMs(ms: number): string {
  const secs = Math.trunc(ms / 1000);
  if (secs < 0) return humanDuration(secs * 1000);
  return humanDuration(ms);
}

/** Time elapsed since a timestamp, '<unknown>' when the timestamp is unset. */
export function since(ts: unknown, now: Date): string {
  const t = parseTime(ts);
  if (t === undefined) return '<unknown>';
  return humanDurationMs(now.getTime() - t);
}

/** The AGE cell: time since metadata.creationTimestamp. */
export function ageOf(obj: KObject, now: Date): string {
  return since(metaOf(obj).creationTimestamp, now);
}

// ---------------------------------------------------------------------------
// labels and selectors

/** A label map as "k1=v1,k2=v2" sorted, or '<none>' when empty. */
export function formatLabels(v: unknown): string {
  const pairs = Object.entries(strMap(v)).map(([k, val]) => `${k}=${val}`);
  pairs.sort(byteCompare);
  return pairs.length ? pairs.join(',') : '<none>';
}

interface Requirement {
  key: string;
  text: string;
}

/**
 * A metav1.LabelSelector in label-selector syntax ("app=x,tier in (a,b)").
 * Returns undefined when the selector is malformed; '' for a selector that
 * selects everything or nothing.
 */
export function labelSelectorString(v: unknown): string | undefined {
  const sel = opt(v);
  if (!sel) return '';
  const matchLabels = strMap(sel.matchLabels);
  const exprs = recs(sel.matchExpressions);
  const reqs: Requirement[] = [];
  for (const [k, val] of Object.entries(matchLabels)) reqs.push({ key: k, text: `${k}=${val}` });
  for (const e of exprs) {
    const key = str(e.key);
    const values = arr(e.values).map(str);
    const sorted = [...values].sort(byteCompare);
    switch (e.operator) {
      case 'In':
        if (values.length === 0) return undefined;
        reqs.push({ key, text: `${key} in (${sorted.join(',')})` });
        break;
      case 'NotIn':
        if (values.length === 0) return undefined;
        reqs.push({ key, text: `${key} notin (${sorted.join(',')})` });
        break;
      case 'Exists':
        if (values.length !== 0) return undefined;
        reqs.push({ key, text: key });
        break;
      case 'DoesNotExist':
        if (values.length !== 0) return undefined;
        reqs.push({ key, text: `!${key}` });
        break;
      default:
        return undefined;
    }
  }
  // requirements are ordered by key (a stable sort keeps equal keys in input order)
  reqs.sort((a, b) => byteCompare(a.key, b.key));
  return reqs.map((r) => r.text).join(',');
}

/** A label selector for a table cell: '<none>' when empty, '<error>' when malformed. */
export function formatLabelSelector(v: unknown): string {
  const s = labelSelectorString(v);
  if (s === undefined) return '<error>';
  return s === '' ? '<none>' : s;
}

/**
 * A LabelSelector rendered the way its generated Go String() method prints
 * it (used where upstream prints the struct itself).
 */
export function goLabelSelectorStruct(v: unknown): string {
  const sel = rec(v);
  const ml = strMap(sel.matchLabels);
  const keys = Object.keys(ml).sort(byteCompare);
  let labels = 'map[string]string{';
  for (const k of keys) labels += `${k}: ${ml[k]},`;
  labels += '}';
  let exprs = '[]LabelSelectorRequirement{';
  for (const e of recs(sel.matchExpressions)) {
    exprs += `LabelSelectorRequirement{Key:${str(e.key)},Operator:${str(e.operator)},Values:[${arr(e.values).map(str).join(' ')}],},`;
  }
  exprs += '}';
  return `&LabelSelector{MatchLabels:${labels},MatchExpressions:${exprs},}`;
}

// ---------------------------------------------------------------------------
// pod templates

/** Container names and images of a pod spec, each joined with ','. */
export function containerCells(podSpec: unknown): [string, string] {
  const containers = recs(rec(podSpec).containers);
  return [containers.map((c) => str(c.name)).join(','), containers.map((c) => str(c.image)).join(',')];
}

// ---------------------------------------------------------------------------
// scalar formatting

/** "True" / "False", or '<unset>' when the pointer is nil. */
export function boolPtr(v: unknown): string {
  if (typeof v !== 'boolean') return '<unset>';
  return v ? 'True' : 'False';
}

/** An IntOrString as text. */
export function intOrString(v: unknown): string {
  if (typeof v === 'number') return String(Math.trunc(v));
  return str(v);
}

/** A list shortened to its first `max` items followed by " + N more...". */
export function listWithMore(items: string[], max: number, emptyText = '<unset>'): string {
  if (items.length > max) return `${items.slice(0, max).join(',')} + ${items.length - max} more...`;
  const s = items.join(',');
  return s === '' ? emptyText : s;
}

// ---------------------------------------------------------------------------
// resource.Quantity

const decimalSuffix: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffix: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimalSuffixByExp = new Map<number, string>(Object.entries(decimalSuffix).map(([s, e]) => [e, s]));
const binarySuffixByPow = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

const INT64_MAX = 2n ** 63n - 1n;

/**
 * The text of a resource.Quantity as Quantity.String() prints it after a
 * round trip through the API server: the canonical form ("1.5Gi" → "1536Mi",
 * "1000" → "1k", "0.5" → "500m"), except that a value parsed exactly as
 * already written keeps its original spelling ("1E3", "+5"), as upstream's
 * parser caches it. Unparseable input is returned unchanged.
 */
export function formatQuantity(v: unknown): string {
  if (typeof v === 'number') v = String(v);
  if (typeof v !== 'string') return '0';
  const text = v.trim();
  if (text === '') return '0';
  if (text === '0') return '0';
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/.exec(text);
  if (!m) return text;
  const [, sign = '', whole = '', frac = '', suffix = ''] = m;
  if (whole === '' && frac === '' && !text.includes('.')) return text;

  let format: QuantityFormat;
  let exp10 = 0;
  let exp2 = 0;
  if (suffix in decimalSuffix) {
    format = 'DecimalSI';
    exp10 = decimalSuffix[suffix]!;
  } else if (suffix in binarySuffix) {
    format = 'BinarySI';
    exp2 = binarySuffix[suffix]!;
  } else if (/^[eE][+-]?\d+$/.test(suffix)) {
    format = 'DecimalExponent';
    exp10 = Number(suffix.slice(1));
  } else {
    return text;
  }
  const negative = sign === '-';
  const num = whole.replace(/^0+/, '') || '0';

  // values that fit the parser's fast path keep their spelling when it is
  // already in the shape the printer would produce
  const precision =
    format === 'BinarySI' ? (frac.length === 0 ? 15 - num.length - Math.trunc((exp2 * 3) / 10) - 1 : -1) : 18 - (num.length + frac.length);
  if (precision >= 0 && exp10 - frac.length >= -9) {
    const shifted = num + frac;
    const value = BigInt(shifted);
    if (value * 2n ** BigInt(exp2) <= INT64_MAX) {
      if (format === 'BinarySI') {
        if (exp2 % 10 === 0 && (value & 7n) !== 0n) return text;
      } else if ((exp10 - frac.length) % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0') {
        return text;
      }
    }
  }

  // value = n × 10^scale
  let n = BigInt(num + frac);
  let scale = exp10 - frac.length;
  if (exp2) n *= 2n ** BigInt(exp2);
  if (n === 0n) return '0';

  // round away from zero to nano precision
  if (scale < -9) {
    const d = pow10(-9 - scale);
    n = (n + d - 1n) / d;
    scale = -9;
  }

  if (format === 'BinarySI') {
    // binary quantities are capped at the largest int64
    if (scale >= 0 ? n * pow10(scale) > INT64_MAX : n > INT64_MAX * pow10(-scale)) {
      n = INT64_MAX;
      scale = 0;
    }
    const below1024 = scale >= 0 ? n * pow10(scale) < 1024n : n < 1024n * pow10(-scale);
    const integral = scale >= 0 || n % pow10(-scale) === 0n;
    if (below1024 || !integral) format = 'DecimalSI';
    else {
      let i = scale >= 0 ? n * pow10(scale) : n / pow10(-scale);
      let k = 0;
      while (i % 1024n === 0n) {
        i /= 1024n;
        k++;
      }
      const suf = binarySuffixByPow[k] ?? '';
      return `${negative ? '-' : ''}${i}${suf}`;
    }
  }

  while (n % 10n === 0n) {
    n /= 10n;
    scale++;
  }
  while (scale % 3 !== 0) {
    n *= 10n;
    scale--;
  }
  let suf: string;
  if (format === 'DecimalExponent') suf = scale === 0 ? '' : `e${scale}`;
  else suf = decimalSuffixByExp.get(scale) ?? '';
  return `${negative ? '-' : ''}${n}${suf}`;
}

/** A *resource.Quantity: '<nil>' when unset (Go's String() on a nil pointer). */
export function formatQuantityPtr(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  return formatQuantity(v);
}

// ---------------------------------------------------------------------------
// shared column definitions

const containerDef = 'io.k8s.api.core.v1.Container';

/** "Containers" (names of the template's containers), wide-only by default. */
export function containersColumn(priority = 1): TableColumnDefinition {
  return column('Containers', 'string', containerDef, 'name', { priority });
}

/** "Images" (images of the template's containers), wide-only by default. */
export function imagesColumn(priority = 1): TableColumnDefinition {
  return column('Images', 'string', containerDef, 'image', { priority });
}
