// application/vnd.kubernetes.protobuf <-> the JSON shape tskube stores.
//
// Wire format (k8s.io/apimachinery runtime/serializer/protobuf): the 4 bytes
// "k8s\0", then a runtime.Unknown message {1: typeMeta {1: apiVersion, 2: kind},
// 2: raw (the object's own message), 3: contentEncoding, 4: contentType}.
// Watch streams send, per event, a 4-byte big-endian length and a bare
// metav1.WatchEvent {1: type, 2: object (RawExtension {1: raw})} whose raw is an
// enveloped object.
//
// Decoding produces what a Go client would have sent as JSON for the same Go
// value, so the rest of the server cannot tell the two apart. That needs facts
// the .proto files lack (JSON names, omitempty/omitzero, pointer or not,
// inlined structs); hack/gen-proto.mjs reads them from the Go declarations into
// api-schemas/generated/proto.json. Encoding writes what the Go serializer
// writes for the Go value that JSON decodes into: non-pointer fields always,
// pointer fields when set, map entries sorted by key, fields in number order.
//
// Converters are built once per message type, lazily, and kept.
import { readFileSync } from 'node:fs';
import { generatedPath } from '../../api/paths.js';
import { badRequest } from '../errors.js';
import type { KList, KObject } from '../objects.js';

type Obj = Record<string, unknown>;

// ---------------------------------------------------------------------------
// descriptor bundle

interface FieldJSON {
  type: string;
  id: number;
  rule?: string;
  keyType?: string;
}
interface NamespaceJSON {
  fields?: Record<string, FieldJSON>;
  nested?: Record<string, NamespaceJSON>;
}
interface GoFacts {
  fields?: Record<string, [string, number]>;
  slice?: boolean;
}
interface Bundle {
  format: number;
  kinds: Record<string, string>;
  unversionedKinds: Record<string, string>;
  go: Record<string, GoFacts>;
  descriptor: NamespaceJSON;
}

// flags written by hack/gen-proto.mjs
const F_OMITEMPTY = 1;
const F_POINTER = 2;
const F_INLINE = 4;
const F_OMITZERO = 8;
const F_NOJSON = 16;

interface Registry {
  types: Map<string, Record<string, FieldJSON>>;
  go: Record<string, GoFacts>;
  kinds: Map<string, string>;
  unversioned: Map<string, string>;
  codecs: Map<string, MsgCodec>;
}

let registry: Registry | undefined;

function reg(): Registry {
  if (registry) return registry;
  let bundle: Bundle;
  const path = generatedPath('proto.json');
  try {
    bundle = JSON.parse(readFileSync(path, 'utf8')) as Bundle;
  } catch (err) {
    throw new Error(`tskube: cannot read the protobuf descriptors (${path}); run \`node hack/gen-proto.mjs\`: ${(err as Error).message}`);
  }
  const types = new Map<string, Record<string, FieldJSON>>();
  const walk = (ns: NamespaceJSON, prefix: string): void => {
    for (const [name, child] of Object.entries(ns.nested ?? {})) {
      const full = prefix ? `${prefix}.${name}` : name;
      if (child.fields) types.set(full, child.fields);
      if (child.nested) walk(child, full);
    }
  };
  walk(bundle.descriptor, '');
  registry = {
    types,
    go: bundle.go,
    kinds: new Map(Object.entries(bundle.kinds)),
    unversioned: new Map(Object.entries(bundle.unversionedKinds)),
    codecs: new Map(),
  };
  return registry;
}

function messageFor(apiVersion: string, kind: string): string | undefined {
  const r = reg();
  return r.kinds.get(`${apiVersion}/${kind}`) ?? r.unversioned.get(kind);
}

/** Whether objects of this kind have a protobuf form. */
export function isProtobufKnownKind(apiVersion: string, kind: string): boolean {
  if (!apiVersion || !kind) return false;
  return messageFor(apiVersion, kind) !== undefined;
}

/** The fully qualified protobuf message of a kind ("apps/v1", "Deployment" -> "k8s.io.api.apps.v1.Deployment"). */
export function protobufMessageName(apiVersion: string, kind: string): string | undefined {
  return messageFor(apiVersion, kind);
}

// ---------------------------------------------------------------------------
// reading

class WireError extends Error {}

const eof = (): WireError => new WireError('unexpected EOF');
const overflow = (): WireError => new WireError('proto: integer overflow');
const negativeLength = (): WireError => new WireError('proto: negative length found during unmarshaling');

let rb: Buffer = Buffer.alloc(0);
let rp = 0;

/** A varint's low 32 bits, unsigned (tags, lengths, int32 and bool values). */
function rv(): number {
  const buf = rb;
  const n = buf.length;
  if (rp >= n) throw eof();
  let b = buf[rp++];
  if (b < 0x80) return b;
  let v = b & 0x7f;
  for (let shift = 7; shift < 35; shift += 7) {
    if (rp >= n) throw eof();
    b = buf[rp++];
    v |= (b & 0x7f) << shift;
    if (b < 0x80) return v >>> 0;
  }
  // bits above 32: consume them (negative int32 values are sign extended to 10 bytes)
  for (let i = 0; i < 5; i++) {
    if (rp >= n) throw eof();
    if (buf[rp++] < 0x80) return v >>> 0;
  }
  throw overflow();
}

/** A varint as a signed 64-bit integer, exact up to 2^53. */
function rv64(): number {
  const buf = rb;
  const n = buf.length;
  let lo = 0;
  let hi = 0;
  let b = 0;
  let i = 0;
  for (; i < 4; i++) {
    if (rp >= n) throw eof();
    b = buf[rp++];
    lo |= (b & 0x7f) << (i * 7);
    if (b < 0x80) return lo >>> 0;
  }
  if (rp >= n) throw eof();
  b = buf[rp++];
  lo |= (b & 0x7f) << 28;
  hi = (b & 0x7f) >> 4;
  if (b >= 0x80) {
    for (i = 0; i < 5; i++) {
      if (rp >= n) throw eof();
      b = buf[rp++];
      hi |= (b & 0x7f) << (i * 7 + 3);
      if (b < 0x80) break;
    }
    if (b >= 0x80) throw overflow();
  }
  return (hi | 0) * 4294967296 + (lo >>> 0);
}

function readLen(end: number): number {
  const len = rv();
  if (len > 0x7fffffff) throw negativeLength();
  const e = rp + len;
  if (e > end) throw eof();
  return e;
}

// Buffer's direct slice methods: present in every supported Node, just not in @types/node
type FastSlices = { latin1Slice(start: number, end: number): string; utf8Slice(start: number, end: number): string };

function readString(end: number): string {
  const e = readLen(end);
  const s = rp;
  rp = e;
  const buf = rb;
  if (e - s <= 16) {
    // short ASCII strings: cheaper than a call into the native slice functions
    let out = '';
    for (let i = s; i < e; i++) {
      const c = buf[i];
      if (c >= 0x80) return (buf as unknown as FastSlices).utf8Slice(s, e);
      out += String.fromCharCode(c);
    }
    return out;
  }
  for (let i = s; i < e; i++) {
    if (buf[i] >= 0x80) return (buf as unknown as FastSlices).utf8Slice(s, e);
  }
  return (buf as unknown as FastSlices).latin1Slice(s, e);
}

function readBase64(end: number): string {
  const e = readLen(end);
  const s = rp;
  rp = e;
  return rb.toString('base64', s, e);
}

function readDouble(end: number): number {
  if (rp + 8 > end) throw eof();
  const v = rb.readDoubleLE(rp);
  rp += 8;
  return v;
}

function readFloat(end: number): number {
  if (rp + 4 > end) throw eof();
  const v = rb.readFloatLE(rp);
  rp += 4;
  return v;
}

function skipField(wt: number, end: number, msg: string, tag: number): void {
  switch (wt) {
    case 0:
      rv64();
      return;
    case 1:
      if (rp + 8 > end) throw eof();
      rp += 8;
      return;
    case 2:
      rp = readLen(end);
      return;
    case 5:
      if (rp + 4 > end) throw eof();
      rp += 4;
      return;
    case 3:
    case 4:
      // groups never appear in Kubernetes messages
      throw new WireError(`proto: ${msg}: wiretype end group for non-group`);
    default:
      throw new WireError(`proto: ${msg}: illegal tag ${tag >>> 3} (wire type ${wt})`);
  }
}

function wrongWire(wt: number, field: string): WireError {
  return new WireError(`proto: wrong wireType = ${wt} for field ${field}`);
}

/** Iterates the fields of a message ending at `end`; calls `on` with the field number and wire type. */
function eachField(end: number, msg: string, on: (id: number, wt: number) => boolean): void {
  while (rp < end) {
    const tag = rv();
    const id = tag >>> 3;
    const wt = tag & 7;
    if (id === 0) throw new WireError(`proto: ${msg}: illegal tag 0 (wire type ${wt})`);
    if (!on(id, wt)) skipField(wt, end, msg, tag);
  }
  if (rp !== end) throw eof();
}

// ---------------------------------------------------------------------------
// writing

let wb: Buffer = Buffer.allocUnsafe(16384);
let wp = 0;

function grow(n: number): void {
  if (wp + n <= wb.length) return;
  const next = Buffer.allocUnsafe(Math.max(wb.length * 2, wp + n + 1024));
  wb.copy(next, 0, 0, wp);
  wb = next;
}

function writeByte(b: number): void {
  grow(1);
  wb[wp++] = b;
}

function writeBytes(bytes: Uint8Array): void {
  grow(bytes.length);
  wb.set(bytes, wp);
  wp += bytes.length;
}

/** A varint of an integer: non-negative values as is, negative ones as 64-bit two's complement. */
function writeVarint(value: number): void {
  grow(10);
  let v = value;
  if (v >= 0 && v <= 0xffffffff) {
    while (v > 0x7f) {
      wb[wp++] = (v & 0x7f) | 0x80;
      v = v >>> 7;
    }
    wb[wp++] = v;
    return;
  }
  let big = BigInt.asUintN(64, BigInt(Math.trunc(v)));
  while (big > 0x7fn) {
    wb[wp++] = Number(big & 0x7fn) | 0x80;
    big >>= 7n;
  }
  wb[wp++] = Number(big);
}

function varintSize(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

function writeVarintAt(at: number, v: number): void {
  while (v > 0x7f) {
    wb[at++] = (v & 0x7f) | 0x80;
    v = v >>> 7;
  }
  wb[at] = v;
}

/** Reserves one byte for a length; endLen fixes it up (moving the body when the length needs more bytes). */
function beginLen(): number {
  grow(1);
  return wp++;
}

function endLen(at: number): void {
  const len = wp - at - 1;
  if (len < 0x80) {
    wb[at] = len;
    return;
  }
  const n = varintSize(len);
  grow(n - 1);
  wb.copyWithin(at + n, at + 1, wp);
  wp += n - 1;
  writeVarintAt(at, len);
}

function writeStringBody(s: string): void {
  const n = s.length;
  if (n < 43) {
    // at most 126 bytes of UTF-8: the length fits in one byte
    grow(n * 3 + 1);
    const at = wp++;
    let p = wp;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        p = at + 1 + wb.write(s, at + 1, 'utf8');
        break;
      }
      wb[p++] = c;
    }
    wb[at] = p - at - 1;
    wp = p;
    return;
  }
  const len = Buffer.byteLength(s, 'utf8');
  writeVarint(len);
  grow(len);
  wb.write(s, wp, len, 'utf8');
  wp += len;
}

function tagBytes(id: number, wt: number): Uint8Array {
  let v = (id << 3) | wt;
  const out: number[] = [];
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return Uint8Array.from(out);
}

function writeTag(tag: Uint8Array): void {
  if (tag.length === 1) writeByte(tag[0]);
  else writeBytes(tag);
}

function takeOutput(): Buffer {
  const out = Buffer.allocUnsafe(wp);
  wb.copy(out, 0, 0, wp);
  if (wb.length > 4 << 20) wb = Buffer.allocUnsafe(16384);
  wp = 0;
  return out;
}

// ---------------------------------------------------------------------------
// scalar kinds

interface Scalar {
  wt: number;
  zero: unknown;
  read: (end: number) => unknown;
  write: (v: unknown) => void;
}

const toNumber = (v: unknown): number => {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
};
const toInt = (v: unknown): number => Math.trunc(toNumber(v));

const SCALARS: Record<string, Scalar> = {
  string: {
    wt: 2,
    zero: '',
    read: readString,
    write: (v) => writeStringBody(typeof v === 'string' ? v : v == null ? '' : String(v)),
  },
  bool: {
    wt: 0,
    zero: false,
    read: () => rv64() !== 0,
    write: (v) => writeByte(v ? 1 : 0),
  },
  int32: {
    wt: 0,
    zero: 0,
    read: () => rv() | 0,
    write: (v) => writeVarint(toInt(v) | 0),
  },
  int64: {
    wt: 0,
    zero: 0,
    read: rv64,
    write: (v) => writeVarint(toInt(v)),
  },
  uint32: {
    wt: 0,
    zero: 0,
    read: rv,
    write: (v) => writeVarint(toInt(v) >>> 0),
  },
  uint64: {
    wt: 0,
    zero: 0,
    read: () => {
      const v = rv64();
      return v < 0 ? v + 2 ** 64 : v;
    },
    write: (v) => writeVarint(toInt(v)),
  },
  double: {
    wt: 1,
    zero: 0,
    read: readDouble,
    write: (v) => {
      grow(8);
      wb.writeDoubleLE(toNumber(v), wp);
      wp += 8;
    },
  },
  float: {
    wt: 5,
    zero: 0,
    read: readFloat,
    write: (v) => {
      grow(4);
      wb.writeFloatLE(toNumber(v), wp);
      wp += 4;
    },
  },
  bytes: {
    wt: 2,
    zero: '',
    read: readBase64,
    write: (v) => {
      const bytes = typeof v === 'string' ? Buffer.from(v, 'base64') : Buffer.alloc(0);
      writeVarint(bytes.length);
      writeBytes(bytes);
    },
  },
};

function scalarOf(type: string, where: string): Scalar {
  const s = SCALARS[type];
  if (!s) throw new Error(`tskube protobuf: unsupported field type ${type} in ${where}`);
  return s;
}

function setKey(o: Obj, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

const EMPTY: Obj = Object.freeze({}) as Obj;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---------------------------------------------------------------------------
// messages

type DecodeInto = (o: Obj, end: number) => void;
type ObjFn = (o: Obj) => void;

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const RUNTIME = 'k8s.io.apimachinery.pkg.runtime';
const ZERO_TIME_SECONDS = -62135596800; // 0001-01-01T00:00:00Z, Go's zero time.Time

/**
 * Converter of one message type. Ordinary messages get three functions
 * generated on first use (decode into an object, fill in the absent fields,
 * encode an object), specialised to the message's fields so that every
 * property access names its key literally; types with their own JSON form use
 * hand-written converters (see specialCodec).
 */
class MsgCodec {
  readonly short: string;
  /** Go field names by field number, for error messages; set when compiled */
  goNames: string[] = [];
  /** JSON value of one encoded message ending at `end` */
  decodeValue: (end: number) => unknown;
  /** writes the message body for a JSON value */
  encode: (v: unknown) => void;
  /** the JSON of the Go zero value */
  zero: () => unknown;
  decodeInto: DecodeInto = (o, end) => {
    this.compile();
    this.decodeInto(o, end);
  };
  applyFills: ObjFn = (o) => {
    this.compile();
    this.applyFills(o);
  };
  encodeObject: ObjFn = (o) => {
    this.compile();
    this.encodeObject(o);
  };

  constructor(readonly name: string) {
    this.short = name.slice(name.lastIndexOf('.') + 1);
    const special = specialCodec(this);
    if (special) {
      this.decodeValue = special.decode;
      this.encode = special.encode;
      this.zero = special.zero;
    } else {
      this.decodeValue = (end) => {
        const o: Obj = {};
        this.decodeInto(o, end);
        return o;
      };
      this.encode = (v) => this.encodeObject(isObj(v) ? v : EMPTY);
      this.zero = () => {
        const o: Obj = {};
        this.applyFills(o);
        return o;
      };
    }
  }

  private compile(): void {
    const compiled = compileMessage(this);
    this.decodeInto = compiled.decodeInto;
    this.applyFills = compiled.applyFills;
    this.encodeObject = compiled.encodeObject;
  }
}

function codecFor(name: string): MsgCodec {
  const r = reg();
  let c = r.codecs.get(name);
  if (!c) {
    if (!r.types.has(name)) throw new Error(`tskube protobuf: no message ${name}`);
    c = new MsgCodec(name);
    r.codecs.set(name, c);
  }
  return c;
}

const typeName = (t: string): string => (t.startsWith('.') ? t.slice(1) : t);

function isSliceMessage(name: string): boolean {
  return reg().go[name]?.slice === true;
}

/** a field the generated decoder has no case for: wrong wire type, or unknown (skipped) */
function otherField(c: MsgCodec, tag: number, end: number): void {
  const id = tag >>> 3;
  const wt = tag & 7;
  if (id === 0) throw new WireError(`proto: ${c.short}: illegal tag 0 (wire type ${wt})`);
  const known = c.goNames[id];
  if (known !== undefined) throw wrongWire(wt, known);
  skipField(wt, end, c.short, tag);
}

// helpers the generated functions receive as parameters
const GEN_HELPERS: Record<string, unknown> = {
  pos: (): number => rp,
  skipTo: (e: number): void => {
    rp = e;
  },
  rv,
  readLen,
  eof,
  otherField,
  writeByte,
  beginLen,
  endLen,
  isArray: Array.isArray,
};

function compileMessage(c: MsgCodec): { decodeInto: DecodeInto; applyFills: ObjFn; encodeObject: ObjFn } {
  const r = reg();
  const fields = r.types.get(c.name);
  if (!fields) throw new Error(`tskube protobuf: no message ${c.name}`);
  const go = r.go[c.name]?.fields;
  const names: string[] = Object.keys(GEN_HELPERS);
  const values: unknown[] = Object.values(GEN_HELPERS);
  const ref = (v: unknown): string => {
    names.push(`r${names.length}`);
    values.push(v);
    return names[names.length - 1];
  };
  const self = ref(c);
  const dec: string[] = [];
  const enc: string[] = [];
  const fill: string[] = [];
  const tagCode = (id: number, wt: number): string => [...tagBytes(id, wt)].map((b) => `writeByte(${b});`).join(' ');

  const ordered = Object.entries(fields).sort((a, b) => a[1].id - b[1].id);
  for (const [protoName, f] of ordered) {
    // without Go facts: JSON name = proto name, emitted when present
    const [jsonName, flags] = go?.[f.id] ?? [protoName, F_POINTER];
    const where = `${c.short}.${protoName}`;
    c.goNames[f.id] = protoName.charAt(0).toUpperCase() + protoName.slice(1);
    const omitempty = (flags & F_OMITEMPTY) !== 0;
    const pointer = (flags & F_POINTER) !== 0;
    const inline = (flags & F_INLINE) !== 0;
    const omitzero = (flags & F_OMITZERO) !== 0;
    const nojson = (flags & F_NOJSON) !== 0;
    const repeated = f.rule === 'repeated';
    const isMessage = f.type.startsWith('.');
    const K = JSON.stringify(jsonName);
    const T2 = (f.id << 3) | 2;
    const nullFill = `if (o[${K}] === undefined) o[${K}] = null;`;

    if (nojson) {
      // never part of the JSON form (Go json:"-"): read past it
      const wt = isMessage || f.keyType ? 2 : scalarOf(f.type, where).wt;
      if (wt === 2) dec.push(`case ${T2}: skipTo(readLen(end)); break;`);
      else dec.push(`case ${(f.id << 3) | wt}: ${ref(skipField)}(${wt}, end, ${JSON.stringify(c.short)}, ${(f.id << 3) | wt}); break;`);
      continue;
    }

    if (f.keyType) {
      const m = mapField(c, f, jsonName, where);
      dec.push(`case ${T2}: ${ref(m.decode)}(o, end); break;`);
      enc.push(`${ref(m.encode)}(o);`);
      if (!omitempty) fill.push(nullFill);
      continue;
    }

    if (isMessage) {
      const child = codecFor(typeName(f.type));
      const C = ref(child);
      const tag = tagCode(f.id, 2);
      if (repeated) {
        dec.push(`case ${T2}: { const v = ${C}.decodeValue(readLen(end)); const a = o[${K}]; if (a === undefined) o[${K}] = [v]; else a.push(v); break; }`);
        enc.push(`{ const a = o[${K}]; if (isArray(a)) for (let i = 0; i < a.length; i++) { ${tag} const at = beginLen(); ${C}.encode(a[i]); endLen(at); } }`);
        if (!omitempty) fill.push(nullFill);
      } else if (inline) {
        dec.push(`case ${T2}: ${C}.decodeInto(o, readLen(end)); break;`);
        enc.push(`{ ${tag} const at = beginLen(); ${C}.encodeObject(o); endLen(at); }`);
        fill.push(`${C}.applyFills(o);`);
      } else if (isSliceMessage(child.name)) {
        // a Go named slice type: nil when absent, omitempty by length
        dec.push(`case ${T2}: { const v = ${C}.decodeValue(readLen(end)); ${omitempty ? 'if (v.length !== 0) ' : ''}o[${K}] = v; break; }`);
        enc.push(`{ const v = o[${K}]; if (v != null) { ${tag} const at = beginLen(); ${C}.encode(v); endLen(at); } }`);
        if (!omitempty) fill.push(nullFill);
      } else {
        dec.push(`case ${T2}: { const v = ${C}.decodeValue(readLen(end)); ${omitzero ? 'if (v !== null) ' : ''}o[${K}] = v; break; }`);
        // non-pointer structs are always written, pointers when set
        enc.push(`{ const v = o[${K}]; ${pointer ? 'if (v != null) ' : ''}{ ${tag} const at = beginLen(); ${C}.encode(v); endLen(at); } }`);
        if (pointer) {
          if (!omitempty) fill.push(nullFill);
        } else if (!omitzero) {
          fill.push(`if (o[${K}] === undefined) o[${K}] = ${C}.zero();`);
        }
      }
      continue;
    }

    const s = scalarOf(f.type, where);
    const R = ref(s.read);
    const W = ref(s.write);
    const Z = JSON.stringify(s.zero);
    const T = (f.id << 3) | s.wt;
    const tag = tagCode(f.id, s.wt);
    if (repeated) {
      dec.push(`case ${T}: { const v = ${R}(end); const a = o[${K}]; if (a === undefined) o[${K}] = [v]; else a.push(v); break; }`);
      if (s.wt !== 2) dec.push(`case ${T2}: ${ref(packedField(s, jsonName))}(o, end); break;`);
      enc.push(`{ const a = o[${K}]; if (isArray(a)) for (let i = 0; i < a.length; i++) { ${tag} const v = a[i]; ${W}(v == null ? ${Z} : v); } }`);
      if (!omitempty) fill.push(nullFill);
      continue;
    }
    // Go []byte behaves like a slice: nil when absent, omitempty by length
    const isBytes = f.type === 'bytes';
    const skipZero = omitempty && (isBytes || !pointer);
    dec.push(`case ${T}: { const v = ${R}(end); ${skipZero ? `if (v !== ${Z}) ` : ''}o[${K}] = v; break; }`);
    if (pointer || isBytes) {
      enc.push(`{ const v = o[${K}]; if (v != null) { ${tag} ${W}(v); } }`);
      if (!omitempty) fill.push(nullFill);
    } else {
      enc.push(`{ const v = o[${K}]; ${tag} ${W}(v == null ? ${Z} : v); }`);
      if (!omitempty) fill.push(`if (o[${K}] === undefined) o[${K}] = ${Z};`);
    }
  }

  const body = `
"use strict";
function applyFills(o) {
  ${fill.join('\n  ')}
}
function decodeInto(o, end) {
  while (pos() < end) {
    const tag = rv();
    switch (tag) {
      ${dec.join('\n      ')}
      default: otherField(${self}, tag, end);
    }
  }
  if (pos() !== end) throw eof();
  ${fill.join('\n  ')}
}
function encodeObject(o) {
  ${enc.join('\n  ')}
}
return { decodeInto, applyFills, encodeObject };
//# sourceURL=tskube-protobuf/${c.name}.js
`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const factory = new Function(...names, body) as (...args: unknown[]) => {
    decodeInto: DecodeInto;
    applyFills: ObjFn;
    encodeObject: ObjFn;
  };
  return factory(...values);
}

/** map<string, V> fields: one entry message {1: key, 2: value} per key; written sorted by key */
function mapField(owner: MsgCodec, f: FieldJSON, key: string, where: string): { decode: DecodeInto; encode: ObjFn } {
  const keyScalar = scalarOf(f.keyType!, where);
  const isMessage = f.type.startsWith('.');
  const valueCodec = isMessage ? codecFor(typeName(f.type)) : undefined;
  const valueScalar = isMessage ? undefined : scalarOf(f.type, where);
  const tag = tagBytes(f.id, 2);
  const keyWire = 0x08 | keyScalar.wt;
  const valueWire = 0x10 | (valueCodec ? 2 : valueScalar!.wt);
  const decode: DecodeInto = (o, end) => {
    const e = readLen(end);
    let k: unknown = keyScalar.zero;
    let v: unknown = undefined;
    while (rp < e) {
      const t = rv();
      if (t === keyWire) k = keyScalar.read(e);
      else if (t === valueWire) v = valueCodec ? valueCodec.decodeValue(readLen(e)) : valueScalar!.read(e);
      else if (t >>> 3 === 1) throw wrongWire(t & 7, 'key');
      else if (t >>> 3 === 2) throw wrongWire(t & 7, 'value');
      else if (t >>> 3 === 0) throw new WireError(`proto: ${owner.short}: illegal tag 0 (wire type ${t & 7})`);
      else skipField(t & 7, e, owner.short, t);
    }
    if (rp !== e) throw eof();
    if (v === undefined) v = valueCodec ? valueCodec.zero() : valueScalar!.zero;
    let m = o[key] as Obj | undefined;
    if (m === undefined || m === null) o[key] = m = {};
    setKey(m, String(k), v);
  };
  const encode: ObjFn = (o) => {
    const m = o[key];
    if (!isObj(m)) return;
    const keys = Object.keys(m);
    if (keys.length > 1) keys.sort();
    for (const k of keys) {
      writeTag(tag);
      const at = beginLen();
      writeByte(0x0a);
      keyScalar.write(k);
      const v = m[k];
      if (valueCodec) {
        writeByte(0x12);
        const vat = beginLen();
        valueCodec.encode(v);
        endLen(vat);
      } else {
        writeByte(0x10 | valueScalar!.wt);
        valueScalar!.write(v == null ? valueScalar!.zero : v);
      }
      endLen(at);
    }
  };
  return { decode, encode };
}

/** a packed run of repeated scalars (Go writes them unpacked, but accepts both) */
function packedField(s: Scalar, key: string): DecodeInto {
  return (o, end) => {
    let a = o[key] as unknown[] | undefined;
    if (!Array.isArray(a)) o[key] = a = [];
    const e = readLen(end);
    while (rp < e) a.push(s.read(e));
    if (rp !== e) throw eof();
  };
}

// ---------------------------------------------------------------------------
// types whose JSON is not their protobuf shape

interface Special {
  decode: (end: number) => unknown;
  encode: (v: unknown) => void;
  zero: () => unknown;
}

function specialCodec(c: MsgCodec): Special | undefined {
  const name = c.name;
  const pkg = name.slice(0, name.lastIndexOf('.'));
  switch (name) {
    case `${META}.Time`:
      return timeCodec(false);
    case `${META}.MicroTime`:
      return timeCodec(true);
    case `${META}.Duration`:
      return durationCodec();
    case `${META}.FieldsV1`:
    case `${RUNTIME}.RawExtension`:
      return rawJSONCodec(name, name.endsWith('RawExtension'));
    case 'k8s.io.apimachinery.pkg.api.resource.Quantity':
    case 'k8s.io.apimachinery.pkg.api.resource.QuantityValue':
      return quantityCodec();
    case 'k8s.io.apimachinery.pkg.util.intstr.IntOrString':
      return intOrStringCodec();
  }
  if (pkg.startsWith('k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.')) {
    switch (c.short) {
      case 'JSON':
        return rawJSONCodec(name, false);
      case 'JSONSchemaPropsOrBool':
        return schemaOrBoolCodec(pkg);
      case 'JSONSchemaPropsOrArray':
        return schemaOrArrayCodec(pkg);
      case 'JSONSchemaPropsOrStringArray':
        return schemaOrStringArrayCodec(pkg);
    }
  }
  if (isSliceMessage(name)) return sliceCodec(c);
  return undefined;
}

// -- metav1.Time / MicroTime: {1: seconds, 2: nanos}; JSON RFC 3339 in UTC, null when zero.
// Time keeps whole seconds (as its protobuf decoder does), MicroTime microseconds.

/** "YYYY-MM-DDTHH:MM:SS" of a Unix time, cached (objects repeat the same few timestamps) */
const secondsCache = new Map<number, string>();

function formatSeconds(seconds: number): string {
  let t = secondsCache.get(seconds);
  if (t === undefined) {
    if (secondsCache.size >= 4096) secondsCache.clear();
    const iso = new Date(seconds * 1000).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
    t = iso.length === 24 ? iso.slice(0, 19) : iso.replace(/\.\d{3}Z$/, '');
    secondsCache.set(seconds, t);
  }
  return t;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const parsedTimes = new Map<string, [number, number]>();

/** [seconds since the epoch, nanoseconds] of an RFC 3339 time */
export function parseRFC3339(s: string): [number, number] {
  let t = parsedTimes.get(s);
  if (t === undefined) {
    t = parseRFC3339Uncached(s);
    if (parsedTimes.size >= 4096) parsedTimes.clear();
    parsedTimes.set(s, t);
  }
  return t;
}

function parseRFC3339Uncached(s: string): [number, number] {
  const m = RFC3339.exec(s);
  if (!m) throw new Error(`parsing time ${JSON.stringify(s)}: not RFC 3339`);
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  let seconds = Math.floor(ms / 1000);
  if (+m[1] < 100) {
    // Date.UTC maps years 0-99 to 1900-1999
    const d = new Date(0);
    d.setUTCFullYear(+m[1], +m[2] - 1, +m[3]);
    d.setUTCHours(+m[4], +m[5], +m[6], 0);
    seconds = Math.floor(d.getTime() / 1000);
  }
  if (m[9]) seconds -= (m[9] === '-' ? -1 : 1) * (+m[10] * 3600 + +m[11] * 60);
  const nanos = m[7] ? Number(m[7].slice(0, 9).padEnd(9, '0')) : 0;
  return [seconds, nanos];
}

function timeCodec(micro: boolean): Special {
  const short = micro ? 'MicroTime' : 'Time';
  const decode = (end: number): unknown => {
    if (rp === end) return null;
    let seconds = 0;
    let nanos = 0;
    while (rp < end) {
      const tag = rv();
      if (tag === 0x08) seconds = rv64();
      else if (tag === 0x10) nanos = rv() | 0;
      else if (tag >>> 3 === 1 || tag >>> 3 === 2) throw wrongWire(tag & 7, tag >>> 3 === 1 ? 'Seconds' : 'Nanos');
      else if (tag >>> 3 === 0) throw new WireError(`proto: ${short}: illegal tag 0 (wire type ${tag & 7})`);
      else skipField(tag & 7, end, short, tag);
    }
    if (rp !== end) throw eof();
    if (!micro) return seconds === ZERO_TIME_SECONDS ? null : formatSeconds(seconds) + 'Z';
    const micros = Math.trunc(nanos / 1000);
    if (seconds === ZERO_TIME_SECONDS && micros === 0) return null;
    // normalise out-of-range nanoseconds the way time.Unix does
    const carry = Math.floor(micros / 1e6);
    const us = micros - carry * 1e6;
    return `${formatSeconds(seconds + carry)}.${us < 100000 ? String(us).padStart(6, '0') : us}Z`;
  };
  const encode = (v: unknown): void => {
    if (typeof v !== 'string' || v === '') return;
    const parsed = parseRFC3339(v);
    const seconds = parsed[0];
    let nanos = parsed[1];
    if (micro) nanos -= nanos % 1000;
    if (seconds === ZERO_TIME_SECONDS && nanos === 0) return;
    writeByte(0x08);
    writeVarint(seconds);
    writeByte(0x10);
    writeVarint(nanos);
  };
  return { decode, encode, zero: () => null };
}

// -- metav1.Duration: {1: nanoseconds}; JSON is Go's time.Duration string ("1h2m3.5s").

export function formatGoDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let u = Math.abs(ns);
  let out: string;
  const frac = (v: number, digits: number): string => {
    const p = 10 ** digits;
    const whole = Math.floor(v / p);
    const rest = v - whole * p;
    if (rest === 0) return String(whole);
    return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
  };
  if (u < 1e9) {
    if (u < 1e3) out = `${u}ns`;
    else if (u < 1e6) out = `${frac(u, 3)}µs`;
    else out = `${frac(u, 6)}ms`;
  } else {
    out = `${frac(u % 6e10, 9)}s`;
    u = Math.floor(u / 6e10);
    if (u > 0) {
      out = `${u % 60}m${out}`;
      u = Math.floor(u / 60);
      if (u > 0) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 6e10, h: 3.6e12 };

export function parseGoDuration(s: string): number {
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest[0] === '-') sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw new Error(`time: invalid duration ${JSON.stringify(s)}`);
  let total = 0;
  const re = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;
  while (rest) {
    const m = re.exec(rest);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) throw new Error(`time: invalid duration ${JSON.stringify(s)}`);
    const unit = DURATION_UNITS[m[3]];
    total += Number(m[1] || '0') * unit;
    if (m[2]) total += Number((BigInt(m[2]) * BigInt(unit)) / 10n ** BigInt(m[2].length));
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}

function durationCodec(): Special {
  return {
    decode: (end) => {
      let ns = 0;
      eachField(end, 'Duration', (id, wt) => {
        if (id !== 1 || wt !== 0) return false;
        ns = rv64();
        return true;
      });
      return formatGoDuration(ns);
    },
    encode: (v) => {
      writeByte(0x08);
      writeVarint(typeof v === 'string' ? parseGoDuration(v) : 0);
    },
    zero: () => '0s',
  };
}

// -- bytes holding JSON: metav1.FieldsV1 {1: Raw}, runtime.RawExtension {1: raw},
// apiextensions JSON {1: raw}. JSON null when unset. A RawExtension may carry
// an enveloped protobuf object, which is decoded too.

const K8S_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

function rawJSONCodec(name: string, rawExtension: boolean): Special {
  const short = name.slice(name.lastIndexOf('.') + 1);
  const decode = (end: number): unknown => {
    const [s, e] = onlyBytesField(end, short, 'Raw');
    if (s < 0 || e === s) return null;
    const buf = rb;
    if (rawExtension && e - s > 4 && buf[s] === 0x6b && buf[s + 1] === 0x38 && buf[s + 2] === 0x73 && buf[s + 3] === 0) {
      const save = rp;
      const obj = decodeEnvelope(buf, s, e);
      rb = buf;
      rp = save;
      return obj;
    }
    const text = buf.toString('utf8', s, e);
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new WireError(`${short}: the embedded data is not JSON: ${(err as Error).message}`);
    }
  };
  const encode = (v: unknown): void => {
    if (v === undefined || v === null) return;
    writeByte(0x0a);
    writeStringBody(JSON.stringify(v));
  };
  return { decode, encode, zero: () => null };
}

/** reads a message whose only field is bytes or string field 1; its [start, end), or [-1, -1] when absent */
function onlyBytesField(end: number, short: string, goName: string): [number, number] {
  let s = -1;
  let e = -1;
  while (rp < end) {
    const tag = rv();
    if (tag === 0x0a) {
      e = readLen(end);
      s = rp;
      rp = e;
    } else if (tag >>> 3 === 1) {
      throw wrongWire(tag & 7, goName);
    } else if (tag >>> 3 === 0) {
      throw new WireError(`proto: ${short}: illegal tag 0 (wire type ${tag & 7})`);
    } else {
      skipField(tag & 7, end, short, tag);
    }
  }
  if (rp !== end) throw eof();
  return [s, e];
}

// -- resource.Quantity: {1: string}; JSON is the string.

function quantityCodec(): Special {
  return {
    decode: (end) => {
      const start = rp;
      if (rp < end && rb[rp] === 0x0a) {
        // the usual shape: just the string
        rp++;
        const q = readString(end);
        if (rp === end) return q;
        rp = start;
      }
      const [s, e] = onlyBytesField(end, 'Quantity', 'String');
      return s < 0 ? '0' : rb.toString('utf8', s, e);
    },
    encode: (v) => {
      writeByte(0x0a);
      writeStringBody(v == null ? '0' : typeof v === 'string' ? v : String(v));
    },
    zero: () => '0',
  };
}

// -- intstr.IntOrString: {1: type (0 int, 1 string), 2: intVal, 3: strVal}; JSON number or string.

function intOrStringCodec(): Special {
  return {
    decode: (end) => {
      let type = 0;
      let intVal = 0;
      let strVal = '';
      eachField(end, 'IntOrString', (id, wt) => {
        if (id === 1 && wt === 0) type = rv64();
        else if (id === 2 && wt === 0) intVal = rv() | 0;
        else if (id === 3 && wt === 2) strVal = readString(end);
        else if (id >= 1 && id <= 3) throw wrongWire(wt, ['Type', 'IntVal', 'StrVal'][id - 1]);
        else return false;
        return true;
      });
      if (type === 0) return intVal;
      if (type === 1) return strVal;
      throw new WireError('impossible IntOrString.Type');
    },
    encode: (v) => {
      const isString = typeof v === 'string';
      writeByte(0x08);
      writeByte(isString ? 1 : 0);
      writeByte(0x10);
      writeVarint(isString ? 0 : toInt(v) | 0);
      writeByte(0x1a);
      writeStringBody(isString ? v : '');
    },
    zero: () => 0,
  };
}

// -- named slice types with a wrapper message {1: repeated items} (metav1.Verbs, ExtraValue)

function sliceCodec(c: MsgCodec): Special {
  const fields = reg().types.get(c.name)!;
  const items = fields.items;
  const s = scalarOf(items.type, c.name);
  return {
    decode: (end) => {
      const out: unknown[] = [];
      eachField(end, c.short, (id, wt) => {
        if (id !== 1) return false;
        if (wt !== s.wt) throw wrongWire(wt, 'Items');
        out.push(s.read(end));
        return true;
      });
      return out;
    },
    encode: (v) => {
      if (!Array.isArray(v)) return;
      for (const item of v) {
        writeByte(0x08 | s.wt);
        s.write(item == null ? s.zero : item);
      }
    },
    zero: () => null,
  };
}

// -- apiextensions JSONSchemaPropsOr*: JSON is one of the alternatives

function schemaOrBoolCodec(pkg: string): Special {
  const schema = () => codecFor(`${pkg}.JSONSchemaProps`);
  return {
    decode: (end) => {
      let allows = false;
      let value: unknown = undefined;
      eachField(end, 'JSONSchemaPropsOrBool', (id, wt) => {
        if (id === 1 && wt === 0) allows = rv64() !== 0;
        else if (id === 2 && wt === 2) value = schema().decodeValue(readLen(end));
        else return false;
        return true;
      });
      return value !== undefined ? value : allows;
    },
    encode: (v) => {
      if (isObj(v)) {
        writeByte(0x08);
        writeByte(1);
        writeByte(0x12);
        const at = beginLen();
        schema().encode(v);
        endLen(at);
        return;
      }
      writeByte(0x08);
      writeByte(v === true ? 1 : 0);
    },
    zero: () => false,
  };
}

function schemaOrArrayCodec(pkg: string): Special {
  const schema = () => codecFor(`${pkg}.JSONSchemaProps`);
  return {
    decode: (end) => {
      let one: unknown = null;
      const many: unknown[] = [];
      eachField(end, 'JSONSchemaPropsOrArray', (id, wt) => {
        if (id === 1 && wt === 2) one = schema().decodeValue(readLen(end));
        else if (id === 2 && wt === 2) many.push(schema().decodeValue(readLen(end)));
        else return false;
        return true;
      });
      return many.length > 0 ? many : one;
    },
    encode: (v) => {
      if (Array.isArray(v)) {
        for (const item of v) {
          writeByte(0x12);
          const at = beginLen();
          schema().encode(item);
          endLen(at);
        }
      } else if (isObj(v)) {
        writeByte(0x0a);
        const at = beginLen();
        schema().encode(v);
        endLen(at);
      }
    },
    zero: () => null,
  };
}

function schemaOrStringArrayCodec(pkg: string): Special {
  const schema = () => codecFor(`${pkg}.JSONSchemaProps`);
  return {
    decode: (end) => {
      let one: unknown = null;
      const many: string[] = [];
      eachField(end, 'JSONSchemaPropsOrStringArray', (id, wt) => {
        if (id === 1 && wt === 2) one = schema().decodeValue(readLen(end));
        else if (id === 2 && wt === 2) many.push(readString(end));
        else return false;
        return true;
      });
      return many.length > 0 ? many : one;
    },
    encode: (v) => {
      if (Array.isArray(v)) {
        for (const item of v) {
          writeByte(0x12);
          writeStringBody(typeof item === 'string' ? item : String(item ?? ''));
        }
      } else if (isObj(v)) {
        writeByte(0x0a);
        const at = beginLen();
        schema().encode(v);
        endLen(at);
      }
    },
    zero: () => null,
  };
}

// ---------------------------------------------------------------------------
// envelope

function versionOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? apiVersion : apiVersion.slice(i + 1);
}

/** Decodes "k8s\0" + runtime.Unknown found in buf[start, end). Leaves rb/rp pointing elsewhere. */
function decodeEnvelope(buf: Buffer, start: number, end: number): KObject {
  if (end - start < 4 || buf[start] !== 0x6b || buf[start + 1] !== 0x38 || buf[start + 2] !== 0x73 || buf[start + 3] !== 0) {
    if (end === start) throw new WireError('empty data');
    throw new WireError(`provided data does not appear to be a protobuf message, expected prefix [${[...K8S_MAGIC].join(' ')}]`);
  }
  if (end - start === 4) throw new WireError('empty body');
  rb = buf;
  rp = start + 4;
  let apiVersion = '';
  let kind = '';
  let rawStart = -1;
  let rawEnd = -1;
  while (rp < end) {
    const tag = rv();
    if (tag === 0x0a) {
      const e = readLen(end);
      while (rp < e) {
        const t = rv();
        if (t === 0x0a) apiVersion = readString(e);
        else if (t === 0x12) kind = readString(e);
        else if (t >>> 3 === 1 || t >>> 3 === 2) throw wrongWire(t & 7, t >>> 3 === 1 ? 'APIVersion' : 'Kind');
        else if (t >>> 3 === 0) throw new WireError(`proto: TypeMeta: illegal tag 0 (wire type ${t & 7})`);
        else skipField(t & 7, e, 'TypeMeta', t);
      }
      if (rp !== e) throw eof();
    } else if (tag === 0x12) {
      rawEnd = readLen(end);
      rawStart = rp;
      rp = rawEnd;
    } else if (tag === 0x1a || tag === 0x22) {
      rp = readLen(end);
    } else if (tag >>> 3 >= 1 && tag >>> 3 <= 4) {
      throw wrongWire(tag & 7, ['TypeMeta', 'Raw', 'ContentEncoding', 'ContentType'][(tag >>> 3) - 1]);
    } else if (tag >>> 3 === 0) {
      throw new WireError(`proto: Unknown: illegal tag 0 (wire type ${tag & 7})`);
    } else {
      skipField(tag & 7, end, 'Unknown', tag);
    }
  }
  if (rp !== end) throw eof();
  const typeMeta = `runtime.TypeMeta{APIVersion:${JSON.stringify(apiVersion)}, Kind:${JSON.stringify(kind)}}`;
  if (!kind) throw new ApiDecodeError(`Object 'Kind' is missing in '${typeMeta}'`);
  if (!apiVersion) throw new ApiDecodeError(`Object 'apiVersion' is missing in '${typeMeta}'`);
  const msg = messageFor(apiVersion, kind);
  if (!msg) throw new ApiDecodeError(`no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)} in scheme "tskube"`);
  const obj: Obj = { kind, apiVersion };
  try {
    if (rawStart >= 0) {
      rb = buf;
      rp = rawStart;
      codecFor(msg).decodeInto(obj, rawEnd);
    } else {
      codecFor(msg).applyFills(obj);
    }
  } catch (err) {
    if (err instanceof WireError && !(err instanceof ApiDecodeError)) {
      throw new ApiDecodeError(`${kind} in version ${JSON.stringify(versionOf(apiVersion))} cannot be handled as a ${kind}: ${err.message}`);
    }
    throw err;
  }
  return obj as KObject;
}

/** a decode error whose message is final */
class ApiDecodeError extends WireError {}

function encodeEnvelope(obj: KObject, what: string): void {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const msg = apiVersion && kind ? messageFor(apiVersion, kind) : undefined;
  if (!msg) throw new Error(`tskube protobuf: cannot encode ${what} ${apiVersion || '<no apiVersion>'}/${kind || '<no kind>'}: no protobuf message for it`);
  const codec = codecFor(msg);
  writeBytes(K8S_MAGIC);
  writeByte(0x0a);
  const tm = beginLen();
  writeByte(0x0a);
  writeStringBody(apiVersion);
  writeByte(0x12);
  writeStringBody(kind);
  endLen(tm);
  writeByte(0x12);
  const raw = beginLen();
  codec.encodeObject(obj as Obj);
  endLen(raw);
  // contentEncoding, contentType: always present, empty
  writeByte(0x1a);
  writeByte(0);
  writeByte(0x22);
  writeByte(0);
}

function asBadRequest(err: unknown): never {
  if (err instanceof WireError) throw badRequest(err.message);
  // the stack overflowing on absurdly nested input
  if (err instanceof RangeError) throw badRequest(`the protobuf body is nested too deeply: ${err.message}`);
  throw err;
}

// ---------------------------------------------------------------------------
// public API

/** Decodes an application/vnd.kubernetes.protobuf body into the object's JSON form. */
export function decodeProtobufObject(buf: Buffer): KObject {
  try {
    return decodeEnvelope(buf, 0, buf.length);
  } catch (err) {
    asBadRequest(err);
  } finally {
    rb = EMPTY_BUFFER;
  }
}

const EMPTY_BUFFER = Buffer.alloc(0);

/** Encodes an object (JSON form, apiVersion and kind set) as application/vnd.kubernetes.protobuf. */
export function encodeProtobufObject(obj: KObject): Buffer {
  wp = 0;
  encodeEnvelope(obj, 'object');
  return takeOutput();
}

/** Encodes a list (apiVersion and a *List kind set; items need no apiVersion/kind). */
export function encodeProtobufList(list: KList | KObject): Buffer {
  wp = 0;
  encodeEnvelope(list as KObject, 'list');
  return takeOutput();
}

/**
 * One frame of a protobuf watch stream: a 4-byte big-endian length, then a
 * metav1.WatchEvent whose object is the enveloped object.
 */
export function encodeProtobufWatchEvent(type: string, obj: KObject): Buffer {
  wp = 0;
  grow(4);
  wp = 4;
  writeByte(0x0a);
  writeStringBody(type);
  writeByte(0x12);
  const ext = beginLen();
  writeByte(0x0a);
  const raw = beginLen();
  encodeEnvelope(obj, 'watch event object');
  endLen(raw);
  endLen(ext);
  wb.writeUInt32BE(wp - 4, 0);
  return takeOutput();
}

/** Reads one watch frame (as written by encodeProtobufWatchEvent); returns the event and the frame size. */
export function decodeProtobufWatchEvent(frame: Buffer): { type: string; object: KObject | null; size: number } {
  try {
    if (frame.length < 4) throw eof();
    const len = frame.readUInt32BE(0);
    const end = 4 + len;
    if (end > frame.length) throw eof();
    rb = frame;
    rp = 4;
    let type = '';
    let object: KObject | null = null;
    eachField(end, 'WatchEvent', (id, wt) => {
      if (id === 1 && wt === 2) {
        type = readString(end);
        return true;
      }
      if (id === 2 && wt === 2) {
        const e = readLen(end);
        let s = -1;
        let re = -1;
        eachField(e, 'RawExtension', (rid, rwt) => {
          if (rid !== 1 || rwt !== 2) return false;
          re = readLen(e);
          s = rp;
          rp = re;
          return true;
        });
        if (s >= 0) {
          object = decodeEnvelope(frame, s, re);
          rb = frame;
        }
        rp = e;
        return true;
      }
      return false;
    });
    return { type, object, size: end };
  } catch (err) {
    asBadRequest(err);
  } finally {
    rb = EMPTY_BUFFER;
  }
}
