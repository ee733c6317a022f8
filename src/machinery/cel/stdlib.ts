// The CEL standard library plus the cel-go extension libraries Kubernetes
// enables (strings v2, sets, lists v3, optional types) and the Kubernetes
// lists and regex libraries.
import { def } from './registry.js';
import { compileRe2, withGlobal } from './regex.js';
import {
  checkDuration,
  checkTimestamp,
  civil,
  formatDuration,
  formatTimestamp,
  parseGoDuration,
  parseRfc3339,
} from './time.js';
import {
  CelDuration,
  CelErr,
  CelMap,
  CelObject,
  CelOpaque,
  CelOptional,
  CelTimestamp,
  CelTypeValue,
  CelUint,
  INT_MAX,
  INT_MIN,
  OPTIONAL_NONE,
  UINT_MAX,
  celCompare,
  celEquals,
  listSemantics,
  mapListKey,
  typeName,
  type CelValue,
} from './values.js';

const NS = 1_000_000_000n;

export function chkInt(v: bigint): bigint {
  if (v < INT_MIN || v > INT_MAX) throw new CelErr('integer overflow');
  return v;
}
export function chkUint(v: bigint): CelUint {
  if (v < 0n || v > UINT_MAX) throw new CelErr('unsigned integer overflow');
  return new CelUint(v);
}
const noOverload = (): never => {
  throw new CelErr('no such overload');
};

// ---- strings: code point helpers ------------------------------------------------

const SURROGATE = /[\uD800-\uDFFF]/;
export function cps(s: string): string[] {
  return SURROGATE.test(s) ? Array.from(s) : s.split('');
}
export function cpLen(s: string): number {
  if (!SURROGATE.test(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const sizeCost = (n: number) => Math.ceil(n * 0.1);

// ---- double formatting (Go strconv 'g', shortest) --------------------------------

export function formatDouble(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return '+Inf';
  if (d === -Infinity) return '-Inf';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const e = d.toExponential(); // shortest digits
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e)!;
  const exp = Number(m[4]);
  const digits = m[2] + (m[3] ?? '');
  if (exp < -4 || exp >= 6) {
    const ex = Math.abs(exp);
    return `${m[1]}${m[2]}${m[3] ? '.' + m[3] : ''}e${exp < 0 ? '-' : '+'}${ex < 10 ? '0' + ex : ex}`;
  }
  if (exp < 0) return `${m[1]}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${m[1]}${digits}${'0'.repeat(exp + 1 - digits.length)}`;
  return `${m[1]}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

export function toStringValue(v: CelValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof CelUint) return v.v.toString();
  if (typeof v === 'number') return formatDouble(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Uint8Array) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(v);
    } catch {
      throw new CelErr('invalid UTF-8 in bytes, cannot convert to string');
    }
  }
  if (v instanceof CelTimestamp) return formatTimestamp(v.ns);
  if (v instanceof CelDuration) return formatDuration(v.ns);
  throw new CelErr(`type conversion error from '${typeName(v)}' to 'string'`);
}

// ---- arithmetic --------------------------------------------------------------------

def('_+_', ['(int, int) int'], ([a, b]) => chkInt((a as bigint) + (b as bigint)));
def('_+_', ['(uint, uint) uint'], ([a, b]) => chkUint((a as CelUint).v + (b as CelUint).v));
def('_+_', ['(double, double) double'], ([a, b]) => (a as number) + (b as number));
def('_+_', ['(string, string) string'], ([a, b], c) => {
  c.cost(sizeCost((a as string).length + (b as string).length));
  return (a as string) + (b as string);
});
def('_+_', ['(bytes, bytes) bytes'], ([a, b]) => {
  const x = a as Uint8Array;
  const y = b as Uint8Array;
  const out = new Uint8Array(x.length + y.length);
  out.set(x);
  out.set(y, x.length);
  return out;
});
def('_+_', ['(list(A), list(A)) list(A)'], ([a, b], c) => {
  const x = a as CelValue[];
  const y = b as CelValue[];
  c.cost(sizeCost(x.length + y.length));
  const sem = listSemantics.get(x);
  if (sem?.kind === 'set') {
    const out = [...x];
    for (const e of y) if (!out.some((o) => celEquals(o, e))) out.push(e);
    listSemantics.set(out, sem);
    return out;
  }
  if (sem?.kind === 'map') {
    const out = [...x];
    for (const e of y) {
      const k = mapListKey(e, sem.keys);
      const i = out.findIndex((o) => mapListKey(o, sem.keys) === k);
      if (i >= 0) out[i] = e;
      else out.push(e);
    }
    listSemantics.set(out, sem);
    return out;
  }
  return [...x, ...y];
});
def('_+_', ['(timestamp, duration) timestamp'], ([a, b]) => checkTimestamp((a as CelTimestamp).ns + (b as CelDuration).ns));
def('_+_', ['(duration, timestamp) timestamp'], ([a, b]) => checkTimestamp((a as CelDuration).ns + (b as CelTimestamp).ns));
def('_+_', ['(duration, duration) duration'], ([a, b]) => checkDuration((a as CelDuration).ns + (b as CelDuration).ns));

def('_-_', ['(int, int) int'], ([a, b]) => chkInt((a as bigint) - (b as bigint)));
def('_-_', ['(uint, uint) uint'], ([a, b]) => chkUint((a as CelUint).v - (b as CelUint).v));
def('_-_', ['(double, double) double'], ([a, b]) => (a as number) - (b as number));
def('_-_', ['(timestamp, timestamp) duration'], ([a, b]) => checkDuration((a as CelTimestamp).ns - (b as CelTimestamp).ns));
def('_-_', ['(timestamp, duration) timestamp'], ([a, b]) => checkTimestamp((a as CelTimestamp).ns - (b as CelDuration).ns));
def('_-_', ['(duration, duration) duration'], ([a, b]) => checkDuration((a as CelDuration).ns - (b as CelDuration).ns));

def('_*_', ['(int, int) int'], ([a, b]) => chkInt((a as bigint) * (b as bigint)));
def('_*_', ['(uint, uint) uint'], ([a, b]) => chkUint((a as CelUint).v * (b as CelUint).v));
def('_*_', ['(double, double) double'], ([a, b]) => (a as number) * (b as number));

def('_/_', ['(int, int) int'], ([a, b]) => {
  if (b === 0n) throw new CelErr('division by zero');
  return chkInt((a as bigint) / (b as bigint));
});
def('_/_', ['(uint, uint) uint'], ([a, b]) => {
  if ((b as CelUint).v === 0n) throw new CelErr('division by zero');
  return new CelUint((a as CelUint).v / (b as CelUint).v);
});
def('_/_', ['(double, double) double'], ([a, b]) => (a as number) / (b as number));

def('_%_', ['(int, int) int'], ([a, b]) => {
  if (b === 0n) throw new CelErr('modulus by zero');
  if (a === INT_MIN && b === -1n) throw new CelErr('integer overflow');
  return (a as bigint) % (b as bigint);
});
def('_%_', ['(uint, uint) uint'], ([a, b]) => {
  if ((b as CelUint).v === 0n) throw new CelErr('modulus by zero');
  return new CelUint((a as CelUint).v % (b as CelUint).v);
});

def('-_', ['(int) int'], ([a]) => chkInt(-(a as bigint)));
def('-_', ['(double) double'], ([a]) => -(a as number));
def('!_', ['(bool) bool'], ([a]) => !a);

// ---- comparison ------------------------------------------------------------------

const ORDERED = ['int', 'uint', 'double', 'string', 'bytes', 'bool', 'timestamp', 'duration'];
const NUMERIC = ['int', 'uint', 'double'];
function cmpOp(name: string, test: (c: number) => boolean) {
  const sigs: string[] = ORDERED.map((t) => `(${t}, ${t}) bool`);
  for (const a of NUMERIC) for (const b of NUMERIC) if (a !== b) sigs.push(`(${a}, ${b}) bool`);
  def(name, sigs, ([a, b]) => {
    const c = celCompare(a, b);
    if (c === undefined) return noOverload();
    return Number.isNaN(c) ? false : test(c);
  });
}
cmpOp('_<_', (c) => c < 0);
cmpOp('_<=_', (c) => c <= 0);
cmpOp('_>_', (c) => c > 0);
cmpOp('_>=_', (c) => c >= 0);
def('_==_', '(A, A) bool', ([a, b]) => celEquals(a, b));
def('_!=_', '(A, A) bool', ([a, b]) => !celEquals(a, b));

def('@in', ['(A, list(A)) bool'], ([a, b], c) => {
  const l = b as CelValue[];
  c.cost(sizeCost(l.length));
  return l.some((x) => celEquals(a, x));
});
def('@in', ['(A, map(A, B)) bool'], ([a, b]) => (b as CelMap).has(a));

// ---- size ------------------------------------------------------------------------

const sizeImpl = ([a]: CelValue[]): CelValue => {
  if (typeof a === 'string') return BigInt(cpLen(a));
  if (a instanceof Uint8Array) return BigInt(a.length);
  if (Array.isArray(a)) return BigInt(a.length);
  if (a instanceof CelMap) return BigInt(a.size);
  return noOverload();
};
def('size', ['(string) int', '(bytes) int', '(list(A)) int', '(map(A, B)) int'], sizeImpl);
def('size', ['string.() int', 'bytes.() int', 'list(A).() int', 'map(A, B).() int'], sizeImpl);

// ---- conversions -----------------------------------------------------------------

const DMIN = -9223372036854775808;
def('int', ['(int) int', '(uint) int', '(double) int', '(string) int', '(timestamp) int'], ([a]) => {
  if (typeof a === 'bigint') return a;
  if (a instanceof CelUint) return chkInt(a.v);
  if (typeof a === 'number') {
    if (!Number.isFinite(a) || a <= DMIN || a >= -DMIN) throw new CelErr('integer overflow');
    return BigInt(Math.trunc(a));
  }
  if (typeof a === 'string') {
    if (!/^[+-]?\d+$/.test(a)) throw new CelErr(`strconv.ParseInt: parsing ${JSON.stringify(a)}: invalid syntax`);
    const v = BigInt(a);
    if (v < INT_MIN || v > INT_MAX) throw new CelErr(`strconv.ParseInt: parsing ${JSON.stringify(a)}: value out of range`);
    return v;
  }
  if (a instanceof CelTimestamp) {
    const s = a.ns / NS;
    return a.ns < 0n && a.ns % NS !== 0n ? s - 1n : s;
  }
  return noOverload();
});
def('uint', ['(uint) uint', '(int) uint', '(double) uint', '(string) uint'], ([a]) => {
  if (a instanceof CelUint) return a;
  if (typeof a === 'bigint') return chkUint(a);
  if (typeof a === 'number') {
    if (!Number.isFinite(a) || a <= -1 || a >= 18446744073709551616) throw new CelErr('unsigned integer overflow');
    return new CelUint(BigInt(Math.trunc(a)));
  }
  if (typeof a === 'string') {
    if (!/^\+?\d+$/.test(a)) throw new CelErr(`strconv.ParseUint: parsing ${JSON.stringify(a)}: invalid syntax`);
    const v = BigInt(a);
    if (v > UINT_MAX) throw new CelErr(`strconv.ParseUint: parsing ${JSON.stringify(a)}: value out of range`);
    return new CelUint(v);
  }
  return noOverload();
});
def('double', ['(double) double', '(int) double', '(uint) double', '(string) double'], ([a]) => {
  if (typeof a === 'number') return a;
  if (typeof a === 'bigint') return Number(a);
  if (a instanceof CelUint) return Number(a.v);
  if (typeof a === 'string') {
    const s = a.toLowerCase();
    if (/^[+-]?(inf|infinity)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
    if (s === 'nan') return NaN;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(s)) throw new CelErr(`strconv.ParseFloat: parsing ${JSON.stringify(a)}: invalid syntax`);
    return Number(a);
  }
  return noOverload();
});
def('string', ['(string) string', '(int) string', '(uint) string', '(double) string', '(bytes) string', '(bool) string', '(timestamp) string', '(duration) string'], ([a]) => toStringValue(a));
def('bytes', ['(bytes) bytes', '(string) bytes'], ([a]) => (a instanceof Uint8Array ? a : new TextEncoder().encode(a as string)));
def('bool', ['(bool) bool', '(string) bool'], ([a]) => {
  if (typeof a === 'boolean') return a;
  const s = a as string;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  throw new CelErr(`type conversion error from 'string' to 'bool'`);
});
def('dyn', '(A) dyn', ([a]) => a);
def('type', '(A) type(A)', ([a]) => new CelTypeValue(typeName(a)));
def('duration', ['(duration) duration', '(string) duration'], ([a]) => {
  if (a instanceof CelDuration) return a;
  const ns = parseGoDuration(a as string);
  if (ns === undefined) throw new CelErr(`type conversion error from 'string' to 'google.protobuf.Duration'`);
  return checkDuration(ns);
});
def('timestamp', ['(timestamp) timestamp', '(string) timestamp', '(int) timestamp'], ([a]) => {
  if (a instanceof CelTimestamp) return a;
  if (typeof a === 'bigint') return checkTimestamp(a * NS);
  const ns = parseRfc3339(a as string);
  if (ns === undefined) throw new CelErr(`type conversion error from 'string' to 'google.protobuf.Timestamp'`);
  return checkTimestamp(ns);
});

// ---- strings (standard) ----------------------------------------------------------

def('contains', 'string.(string) bool', ([a, b], c) => {
  c.cost(sizeCost((a as string).length));
  return (a as string).includes(b as string);
});
def('startsWith', 'string.(string) bool', ([a, b]) => (a as string).startsWith(b as string));
def('endsWith', 'string.(string) bool', ([a, b]) => (a as string).endsWith(b as string));

function regexOf(p: string): RegExp {
  try {
    return compileRe2(p);
  } catch (e) {
    throw new CelErr((e as Error).message);
  }
}
const matchesImpl = ([a, b]: CelValue[], c: { cost(n: number): void }): CelValue => {
  c.cost(sizeCost((a as string).length * Math.max(1, (b as string).length)));
  return regexOf(b as string).test(a as string);
};
def('matches', ['string.(string) bool', '(string, string) bool'], matchesImpl);

// ---- time accessors ------------------------------------------------------------

function tsAccessor(name: string, f: (c: ReturnType<typeof civil>) => number) {
  def(name, ['timestamp.() int', 'timestamp.(string) int'], ([t, tz]) => BigInt(f(civil(t as CelTimestamp, tz as string | undefined))));
}
tsAccessor('getFullYear', (c) => c.y);
tsAccessor('getMonth', (c) => c.m - 1);
tsAccessor('getDate', (c) => c.d);
tsAccessor('getDayOfMonth', (c) => c.d - 1);
tsAccessor('getDayOfWeek', (c) => c.dow);
tsAccessor('getDayOfYear', (c) => c.doy);
tsAccessor('getHours', (c) => c.h);
tsAccessor('getMinutes', (c) => c.mi);
tsAccessor('getSeconds', (c) => c.s);
tsAccessor('getMilliseconds', (c) => c.ms);
def('getHours', 'duration.() int', ([d]) => (d as CelDuration).ns / (3600n * NS));
def('getMinutes', 'duration.() int', ([d]) => (d as CelDuration).ns / (60n * NS));
def('getSeconds', 'duration.() int', ([d]) => (d as CelDuration).ns / NS);
def('getMilliseconds', 'duration.() int', ([d]) => ((d as CelDuration).ns % NS) / 1_000_000n);

// ---- optional types ------------------------------------------------------------

def('optional.of', '(A) optional(A)', ([a]) => new CelOptional(true, a));
def('optional.none', '() optional(dyn)', () => OPTIONAL_NONE);
def('optional.ofNonZeroValue', '(A) optional(A)', ([a]) => (isZeroValue(a) ? OPTIONAL_NONE : new CelOptional(true, a)));
def('hasValue', 'optional(A).() bool', ([o]) => (o as CelOptional).has);
def('value', 'optional(A).() A', ([o]) => {
  const opt = o as CelOptional;
  if (!opt.has) throw new CelErr('optional.none() dereference');
  return opt.value!;
});
def('orValue', 'optional(A).(A) A', ([o, v]) => ((o as CelOptional).has ? (o as CelOptional).value! : v));
def('or', 'optional(A).(optional(A)) optional(A)', ([o, v]) => ((o as CelOptional).has ? o : v));

export function isZeroValue(a: CelValue): boolean {
  if (a === null || a === false || a === '' || a === 0 || a === 0n) return true;
  if (a instanceof CelUint) return a.v === 0n;
  if (a instanceof Uint8Array || Array.isArray(a)) return a.length === 0;
  if (a instanceof CelMap) return a.size === 0;
  if (a instanceof CelObject) return a.fields.size === 0;
  if (a instanceof CelDuration || a instanceof CelTimestamp) return a.ns === 0n;
  return false;
}

// ---- strings extension (version 2) ---------------------------------------------

def('charAt', 'string.(int) string', ([s, i]) => {
  const c = cps(s as string);
  const n = Number(i as bigint);
  if (n < 0 || n > c.length) throw new CelErr(`index out of range: ${i}`);
  return c[n] ?? '';
});
function indexOfImpl(s: string, sub: string, off: number, last: boolean): bigint {
  const c = cps(s);
  const t = cps(sub);
  if (off < 0 || off > c.length) throw new CelErr(`index out of range: ${off}`);
  if (!last) {
    for (let i = off; i + t.length <= c.length; i++) if (t.every((x, j) => c[i + j] === x)) return BigInt(i);
  } else {
    for (let i = Math.min(off, c.length - t.length); i >= 0; i--) if (t.every((x, j) => c[i + j] === x)) return BigInt(i);
  }
  return -1n;
}
def('indexOf', ['string.(string) int', 'string.(string, int) int'], ([s, sub, off]) => indexOfImpl(s as string, sub as string, off === undefined ? 0 : Number(off as bigint), false));
def('lastIndexOf', ['string.(string) int', 'string.(string, int) int'], ([s, sub, off]) =>
  indexOfImpl(s as string, sub as string, off === undefined ? cpLen(s as string) : Number(off as bigint), true),
);
def('lowerAscii', 'string.() string', ([s]) => (s as string).replace(/[A-Z]/g, (c) => c.toLowerCase()));
def('upperAscii', 'string.() string', ([s]) => (s as string).replace(/[a-z]/g, (c) => c.toUpperCase()));
def('replace', ['string.(string, string) string', 'string.(string, string, int) string'], ([s, from, to, n], c) => {
  const str = s as string;
  c.cost(sizeCost(str.length));
  let limit = n === undefined ? -1 : Number(n as bigint);
  if (limit === 0 || from === to) return str;
  if (from === '') {
    const parts = cps(str);
    let out = '';
    for (let i = 0; i <= parts.length; i++) {
      if (limit !== 0) {
        out += to as string;
        if (limit > 0) limit--;
      }
      if (i < parts.length) out += parts[i];
    }
    return out;
  }
  let out = '';
  let i = 0;
  for (;;) {
    if (limit === 0) break;
    const j = str.indexOf(from as string, i);
    if (j < 0) break;
    out += str.slice(i, j) + (to as string);
    i = j + (from as string).length;
    if (limit > 0) limit--;
  }
  return out + str.slice(i);
});
def('split', ['string.(string) list(string)', 'string.(string, int) list(string)'], ([s, sep, n], c) => {
  const str = s as string;
  c.cost(sizeCost(str.length));
  const limit = n === undefined ? -1 : Number(n as bigint);
  if (limit === 0) return [];
  if (sep === '') {
    const p = cps(str);
    if (limit > 0 && p.length > limit) return [...p.slice(0, limit - 1), p.slice(limit - 1).join('')];
    return p;
  }
  const parts = str.split(sep as string);
  if (limit > 0 && parts.length > limit) return [...parts.slice(0, limit - 1), parts.slice(limit - 1).join(sep as string)];
  return parts;
});
def('substring', ['string.(int) string', 'string.(int, int) string'], ([s, a, b]) => {
  const c = cps(s as string);
  const start = Number(a as bigint);
  const end = b === undefined ? c.length : Number(b as bigint);
  if (start < 0 || start > c.length) throw new CelErr(`index out of range: ${start}`);
  if (end < 0 || end > c.length) throw new CelErr(`index out of range: ${end}`);
  if (start > end) throw new CelErr(`invalid substring range. start: ${start}, end: ${end}`);
  return c.slice(start, end).join('');
});
def('trim', 'string.() string', ([s]) => (s as string).replace(/^[\s\u0085\u00a0]+|[\s\u0085\u00a0]+$/gu, ''));
def('join', ['list(string).() string', 'list(string).(string) string'], ([l, sep], c) => {
  const list = l as CelValue[];
  c.cost(sizeCost(list.length));
  return list.map((x) => x as string).join((sep as string | undefined) ?? '');
});
def('strings.quote', '(string) string', ([s]) => quoteString(s as string));

export function quoteString(s: string): string {
  let out = '"';
  for (const ch of s) {
    switch (ch) {
      case '\x07':
        out += '\\a';
        break;
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\v':
        out += '\\v';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '"':
        out += '\\"';
        break;
      default:
        out += ch;
    }
  }
  return out + '"';
}

// string.format
function fmtValue(v: CelValue, verb: string, prec: number | undefined): string {
  switch (verb) {
    case 's':
      return fmtS(v);
    case 'd':
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof CelUint) return v.v.toString();
      if (typeof v === 'number' && !Number.isFinite(v)) return formatDouble(v).replace('+', '');
      throw new CelErr(`error during formatting: decimal clause can only be used on integers, was given ${typeName(v)}`);
    case 'f':
    case 'e': {
      let n: number;
      if (typeof v === 'number') n = v;
      else if (typeof v === 'bigint') n = Number(v);
      else if (v instanceof CelUint) n = Number(v.v);
      else if (typeof v === 'string' && ['NaN', 'Infinity', '-Infinity'].includes(v)) n = Number(v);
      else throw new CelErr(`error during formatting: ${verb === 'f' ? 'fixed-point' : 'scientific'} clause can only be used on doubles, was given ${typeName(v)}`);
      if (Number.isNaN(n)) return 'NaN';
      if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
      const p = prec ?? 6;
      if (verb === 'f') return n.toFixed(p);
      const e = n.toExponential(p);
      return e.replace(/e([+-])(\d)$/, 'e$10$2');
    }
    case 'b':
    case 'o':
    case 'x':
    case 'X': {
      const radix = verb === 'b' ? 2 : verb === 'o' ? 8 : 16;
      let out: string;
      if (typeof v === 'bigint') out = v < 0n ? '-' + (-v).toString(radix) : v.toString(radix);
      else if (v instanceof CelUint) out = v.v.toString(radix);
      else if (typeof v === 'boolean' && verb === 'b') out = v ? '1' : '0';
      else if ((typeof v === 'string' || v instanceof Uint8Array) && radix === 16) {
        const bytes = typeof v === 'string' ? new TextEncoder().encode(v) : v;
        out = [...bytes].map((x) => x.toString(16).padStart(2, '0')).join('');
      } else throw new CelErr(`error during formatting: only integers${radix === 16 ? ', byte buffers, and strings' : ''} can be formatted as ${verb === 'b' ? 'binary' : verb === 'o' ? 'octal' : 'hex'}, was given ${typeName(v)}`);
      return verb === 'X' ? out.toUpperCase() : out;
    }
  }
  throw new CelErr(`could not parse formatting clause: unrecognized formatting clause "${verb}"`);
}
function fmtS(v: CelValue): string {
  if (v === null) return 'null';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
    return formatDouble(v);
  }
  if (Array.isArray(v)) return `[${v.map(fmtS).join(', ')}]`;
  if (v instanceof CelMap) {
    const ents = [...v.entries.values()].map(([k, x]) => [fmtS(k), fmtS(x)]);
    ents.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return `{${ents.map(([k, x]) => `${k}: ${x}`).join(', ')}}`;
  }
  if (v instanceof CelTypeValue) return v.name;
  if (v instanceof CelOpaque) return typeName(v);
  return toStringValue(v);
}
def('format', 'string.(list(dyn)) string', ([s, l]) => {
  const str = s as string;
  const args = l as CelValue[];
  let out = '';
  let ai = 0;
  for (let i = 0; i < str.length; i++) {
    const ch = str[i];
    if (ch !== '%') {
      out += ch;
      continue;
    }
    i++;
    if (str[i] === '%') {
      out += '%';
      continue;
    }
    let prec: number | undefined;
    if (str[i] === '.') {
      let j = i + 1;
      while (/\d/.test(str[j] ?? '')) j++;
      prec = Number(str.slice(i + 1, j));
      i = j;
    }
    const verb = str[i];
    if (verb === undefined) throw new CelErr('could not parse formatting clause: unexpected end of string');
    if (ai >= args.length) throw new CelErr(`index ${ai} out of range`);
    out += fmtValue(args[ai++], verb, prec);
  }
  return out;
});

// ---- Kubernetes regex library ----------------------------------------------------

def('find', 'string.(string) string', ([s, re], c) => {
  c.cost(sizeCost((s as string).length));
  const m = regexOf(re as string).exec(s as string);
  return m ? m[0] : '';
});
def('findAll', ['string.(string) list(string)', 'string.(string, int) list(string)'], ([s, re, n], c) => {
  c.cost(sizeCost((s as string).length));
  const limit = n === undefined ? -1 : Number(n as bigint);
  if (limit === 0) return [];
  const out: CelValue[] = [];
  const g = withGlobal(regexOf(re as string));
  let m: RegExpExecArray | null;
  let lastEnd = -1;
  while ((m = g.exec(s as string))) {
    if (m[0] === '') {
      if (m.index === lastEnd) {
        g.lastIndex++;
        continue;
      }
      g.lastIndex += 1;
    }
    lastEnd = m.index + m[0].length;
    out.push(m[0]);
    if (limit > 0 && out.length >= limit) break;
  }
  return out;
});

// ---- Kubernetes lists library ----------------------------------------------------

const COMPARABLE = ['int', 'uint', 'double', 'bool', 'string', 'bytes', 'timestamp', 'duration'];
def('isSorted', COMPARABLE.map((t) => `list(${t}).() bool`), ([l], c) => {
  const list = l as CelValue[];
  c.cost(sizeCost(list.length));
  for (let i = 1; i < list.length; i++) if ((celCompare(list[i - 1], list[i]) ?? 0) > 0) return false;
  return true;
});
def('sum', ['list(int).() int', 'list(uint).() uint', 'list(double).() double', 'list(duration).() duration'], ([l]) => {
  const list = l as CelValue[];
  if (!list.length) return 0n;
  let acc: CelValue = list[0];
  for (let i = 1; i < list.length; i++) {
    const x = list[i];
    if (typeof acc === 'bigint') acc = chkInt(acc + (x as bigint));
    else if (acc instanceof CelUint) acc = chkUint(acc.v + (x as CelUint).v);
    else if (typeof acc === 'number') acc = acc + (x as number);
    else if (acc instanceof CelDuration) acc = checkDuration(acc.ns + (x as CelDuration).ns);
  }
  return acc;
});
function minMax(name: string, pick: (c: number) => boolean) {
  def(name, COMPARABLE.map((t) => `list(${t}).() ${t}`), ([l]) => {
    const list = l as CelValue[];
    if (!list.length) throw new CelErr(`${name}(list) argument must not be empty`);
    let best = list[0];
    for (const x of list.slice(1)) if (pick(celCompare(x, best) ?? 0)) best = x;
    return best;
  });
}
minMax('min', (c) => c < 0);
minMax('max', (c) => c > 0);
def('indexOf', 'list(A).(A) int', ([l, v]) => BigInt((l as CelValue[]).findIndex((x) => celEquals(x, v))));
def('lastIndexOf', 'list(A).(A) int', ([l, v]) => {
  const list = l as CelValue[];
  for (let i = list.length - 1; i >= 0; i--) if (celEquals(list[i], v)) return BigInt(i);
  return -1n;
});

// ---- lists extension (version 3) -------------------------------------------------

def('slice', 'list(A).(int, int) list(A)', ([l, a, b]) => {
  const list = l as CelValue[];
  const s = Number(a as bigint);
  const e = Number(b as bigint);
  if (s < 0 || e < 0) throw new CelErr(`cannot slice(${s}, ${e}), negative indexes not supported`);
  if (s > e) throw new CelErr(`cannot slice(${s}, ${e}), start index must be less than or equal to end index`);
  if (e > list.length) throw new CelErr(`cannot slice(${s}, ${e}), list is length ${list.length}`);
  return list.slice(s, e);
});
function flatten(l: CelValue[], depth: number): CelValue[] {
  const out: CelValue[] = [];
  for (const x of l) {
    if (Array.isArray(x) && depth > 0) out.push(...flatten(x, depth - 1));
    else out.push(x);
  }
  return out;
}
def('flatten', ['list(list(A)).() list(A)', 'list(dyn).(int) list(dyn)'], ([l, d]) => {
  const depth = d === undefined ? 1 : Number(d as bigint);
  if (depth < 0) throw new CelErr('level must be non-negative');
  return flatten(l as CelValue[], depth);
});
def('lists.range', '(int) list(int)', ([n], c) => {
  const len = Number(n as bigint);
  c.cost(sizeCost(len));
  const out: CelValue[] = [];
  for (let i = 0; i < len; i++) out.push(BigInt(i));
  return out;
});
def('distinct', 'list(A).() list(A)', ([l]) => {
  const out: CelValue[] = [];
  for (const x of l as CelValue[]) if (!out.some((o) => celEquals(o, x))) out.push(x);
  return out;
});
def('reverse', 'list(A).() list(A)', ([l]) => [...(l as CelValue[])].reverse());
def('sort', COMPARABLE.map((t) => `list(${t}).() list(${t})`), ([l]) => sortValues([...(l as CelValue[])]));
export function sortValues(l: CelValue[]): CelValue[] {
  return l.sort((a, b) => {
    const c = celCompare(a, b);
    if (c === undefined) throw new CelErr('no such overload');
    return c;
  });
}
def('first', 'list(A).() optional(A)', ([l]) => {
  const list = l as CelValue[];
  return list.length ? new CelOptional(true, list[0]) : OPTIONAL_NONE;
});
def('last', 'list(A).() optional(A)', ([l]) => {
  const list = l as CelValue[];
  return list.length ? new CelOptional(true, list[list.length - 1]) : OPTIONAL_NONE;
});

// ---- sets extension --------------------------------------------------------------

const containsAll = (a: CelValue[], b: CelValue[]) => b.every((x) => a.some((y) => celEquals(x, y)));
def('sets.contains', '(list(A), list(A)) bool', ([a, b], c) => {
  c.cost(sizeCost((a as CelValue[]).length * (b as CelValue[]).length));
  return containsAll(a as CelValue[], b as CelValue[]);
});
def('sets.equivalent', '(list(A), list(A)) bool', ([a, b], c) => {
  c.cost(sizeCost((a as CelValue[]).length * (b as CelValue[]).length));
  return containsAll(a as CelValue[], b as CelValue[]) && containsAll(b as CelValue[], a as CelValue[]);
});
def('sets.intersects', '(list(A), list(A)) bool', ([a, b], c) => {
  c.cost(sizeCost((a as CelValue[]).length * (b as CelValue[]).length));
  return (a as CelValue[]).some((x) => (b as CelValue[]).some((y) => celEquals(x, y)));
});
