// Kubernetes CEL libraries: ip/cidr, url, quantity, semver and format.
import { def } from './registry.js';
import { CelErr, CelMap, CelOpaque, CelOptional, OPTIONAL_NONE, type CelValue } from './values.js';
import { add as qAdd, cmp as qCmp, parseQuantity, quantityRegexMessage, type Quantity } from '../../registry/shared/quantity.js';
import { nameErrors } from '../validation.js';
import { labelKeyErrors, labelValueErrors } from '../selectors.js';
import { parseRfc3339, parseDate } from './time.js';

// ---- IP / CIDR -------------------------------------------------------------------

export class IPValue extends CelOpaque {
  override readonly typeName = 'net.IP';
  constructor(
    readonly bits: bigint,
    readonly v6: boolean,
  ) {
    super();
  }
  override equals(o: CelOpaque): boolean {
    return o instanceof IPValue && o.v6 === this.v6 && o.bits === this.bits;
  }
  override toString(): string {
    return formatIP(this.bits, this.v6);
  }
}

export class CIDRValue extends CelOpaque {
  override readonly typeName = 'net.CIDR';
  constructor(
    readonly ip: IPValue,
    readonly prefix: number,
  ) {
    super();
  }
  override equals(o: CelOpaque): boolean {
    return o instanceof CIDRValue && o.ip.equals(this.ip) && o.prefix === this.prefix;
  }
  override toString(): string {
    return `${this.ip}/${this.prefix}`;
  }
  masked(): CIDRValue {
    const width = this.ip.v6 ? 128 : 32;
    const mask = ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - this.prefix)) - 1n);
    return new CIDRValue(new IPValue(this.ip.bits & mask, this.ip.v6), this.prefix);
  }
  contains(ip: IPValue): boolean {
    if (ip.v6 !== this.ip.v6) return false;
    const width = this.ip.v6 ? 128 : 32;
    const shift = BigInt(width - this.prefix);
    return ip.bits >> shift === this.ip.bits >> shift;
  }
}

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseIPv6(s: string): bigint | undefined {
  if (s.includes('%')) return undefined;
  let tail4: bigint | undefined;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    tail4 = parseIPv4(s.slice(lastColon + 1));
    if (tail4 === undefined) return undefined;
    s = s.slice(0, lastColon + 1) + '0:0';
  }
  const dbl = s.split('::');
  if (dbl.length > 2) return undefined;
  const head = dbl[0] ? dbl[0].split(':') : [];
  const tail = dbl.length === 2 && dbl[1] ? dbl[1].split(':') : [];
  const groups = head.length + tail.length;
  if (dbl.length === 1 && groups !== 8) return undefined;
  if (dbl.length === 2 && groups > 7) return undefined;
  const all = [...head, ...Array(8 - groups).fill('0'), ...tail];
  let v = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  if (tail4 !== undefined) v = (v & ~0xffffffffn) | tail4;
  return v;
}

function formatIP(bits: bigint, v6: boolean): string {
  if (!v6) return [24n, 16n, 8n, 0n].map((s) => String((bits >> s) & 255n)).join('.');
  if (bits >> 32n === 0xffffn) return `::ffff:${formatIP(bits & 0xffffffffn, false)}`;
  const g: number[] = [];
  for (let i = 7; i >= 0; i--) g.push(Number((bits >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return g.map((x) => x.toString(16)).join(':');
  const left = g.slice(0, bestStart).map((x) => x.toString(16)).join(':');
  const right = g.slice(bestStart + bestLen).map((x) => x.toString(16)).join(':');
  return `${left}::${right}`;
}

function parseIP(s: string): IPValue {
  if (s.includes('%')) throw new CelErr(`IP Address ${JSON.stringify(s)} parse error during conversion from string: IP address with zone value is not allowed`);
  if (!s.includes(':')) {
    const v = parseIPv4(s);
    if (v === undefined) throw new CelErr(`IP Address ${JSON.stringify(s)} parse error during conversion from string: ParseAddr(${JSON.stringify(s)}): unable to parse IP`);
    return new IPValue(v, false);
  }
  const v = parseIPv6(s);
  if (v === undefined) throw new CelErr(`IP Address ${JSON.stringify(s)} parse error during conversion from string: ParseAddr(${JSON.stringify(s)}): unable to parse IP`);
  if (v >> 32n === 0xffffn && s.includes('.')) throw new CelErr(`IP Address ${JSON.stringify(s)} parse error during conversion from string: IPv4-mapped IPv6 address is not allowed`);
  return new IPValue(v, true);
}

function parseCIDR(s: string): CIDRValue {
  const i = s.indexOf('/');
  const bad = () => new CelErr(`network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix(${JSON.stringify(s)}): invalid prefix`);
  if (i < 0) throw bad();
  let ip: IPValue;
  try {
    ip = parseIP(s.slice(0, i));
  } catch {
    throw bad();
  }
  const p = s.slice(i + 1);
  if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) throw bad();
  const n = Number(p);
  if (n > (ip.v6 ? 128 : 32)) throw bad();
  return new CIDRValue(ip, n);
}

const ok = <T>(f: () => T): boolean => {
  try {
    f();
    return true;
  } catch {
    return false;
  }
};

def('ip', '(string) net.IP', ([s]) => parseIP(s as string));
def('isIP', '(string) bool', ([s]) => ok(() => parseIP(s as string)));
def('ip.isCanonical', '(string) bool', ([s]) => parseIP(s as string).toString() === s);
def('family', 'net.IP.() int', ([ip]) => ((ip as IPValue).v6 ? 6n : 4n));
def('isUnspecified', 'net.IP.() bool', ([ip]) => (ip as IPValue).bits === 0n);
def('isLoopback', 'net.IP.() bool', ([v]) => {
  const ip = v as IPValue;
  return ip.v6 ? ip.bits === 1n : ip.bits >> 24n === 127n;
});
def('isLinkLocalMulticast', 'net.IP.() bool', ([v]) => {
  const ip = v as IPValue;
  return ip.v6 ? ip.bits >> 112n === 0xff02n : ip.bits >> 8n === 0xe00000n;
});
def('isLinkLocalUnicast', 'net.IP.() bool', ([v]) => {
  const ip = v as IPValue;
  return ip.v6 ? ip.bits >> 118n === 0x3fan : ip.bits >> 16n === 0xa9fen;
});
def('isGlobalUnicast', 'net.IP.() bool', ([v]) => {
  const ip = v as IPValue;
  if (ip.v6) {
    if (ip.bits === 0n || ip.bits === 1n) return false;
    if (ip.bits >> 120n === 0xffn) return false;
    if (ip.bits >> 118n === 0x3fan) return false;
    return true;
  }
  const b = ip.bits;
  if (b === 0xffffffffn || b === 0n) return false;
  if (b >> 24n === 127n || b >> 28n === 0xen || b >> 16n === 0xa9fen) return false;
  return true;
});
def('string', ['(net.IP) string', '(net.CIDR) string'], ([v]) => (v as IPValue | CIDRValue).toString());

def('cidr', '(string) net.CIDR', ([s]) => parseCIDR(s as string));
def('isCIDR', '(string) bool', ([s]) => ok(() => parseCIDR(s as string)));
def('containsIP', ['net.CIDR.(net.IP) bool', 'net.CIDR.(string) bool'], ([c, ip]) => (c as CIDRValue).contains(typeof ip === 'string' ? parseIP(ip) : (ip as IPValue)));
def('containsCIDR', ['net.CIDR.(net.CIDR) bool', 'net.CIDR.(string) bool'], ([c, o]) => {
  const outer = c as CIDRValue;
  const inner = typeof o === 'string' ? parseCIDR(o) : (o as CIDRValue);
  return inner.prefix >= outer.prefix && outer.contains(inner.ip);
});
def('ip', 'net.CIDR.() net.IP', ([c]) => (c as CIDRValue).ip);
def('masked', 'net.CIDR.() net.CIDR', ([c]) => (c as CIDRValue).masked());
def('prefixLength', 'net.CIDR.() int', ([c]) => BigInt((c as CIDRValue).prefix));

// ---- URL ---------------------------------------------------------------------------

export class URLValue extends CelOpaque {
  override readonly typeName = 'kubernetes.URL';
  constructor(
    readonly scheme: string,
    readonly host: string,
    readonly path: string,
    readonly rawQuery: string,
    readonly src: string,
  ) {
    super();
  }
  override equals(o: CelOpaque): boolean {
    return o instanceof URLValue && o.src === this.src;
  }
}

function parseURL(s: string): URLValue {
  const bad = (why = 'invalid URI for request') => new CelErr(`URL parse error during conversion from string: parse ${JSON.stringify(s)}: ${why}`);
  if (/[\x00-\x1f\x7f ]/.test(s)) throw bad('invalid character in URL');
  let rest = s;
  let scheme = '';
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(s);
  if (m) {
    scheme = m[1];
    rest = s.slice(m[0].length);
  } else if (!s.startsWith('/')) throw bad();
  let host = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?]/);
    host = end < 0 ? rest.slice(2) : rest.slice(2, end + 2);
    rest = end < 0 ? '' : rest.slice(end + 2);
    const at = host.lastIndexOf('@');
    if (at >= 0) host = host.slice(at + 1);
    if (host.startsWith('[') && !/^\[[0-9a-fA-F:.]+(%[^\]]*)?\](:\d*)?$/.test(host)) throw bad('invalid host');
  } else if (scheme && !rest.startsWith('/')) {
    // opaque URL (mailto:x)
  }
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  const rawQuery = q < 0 ? '' : rest.slice(q + 1);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw bad('invalid URL escape');
  }
  return new URLValue(scheme, host, decoded, rawQuery, s);
}

def('url', '(string) kubernetes.URL', ([s]) => parseURL(s as string));
def('isURL', '(string) bool', ([s]) => ok(() => parseURL(s as string)));
def('getScheme', 'kubernetes.URL.() string', ([u]) => (u as URLValue).scheme);
def('getHost', 'kubernetes.URL.() string', ([u]) => (u as URLValue).host);
def('getHostname', 'kubernetes.URL.() string', ([u]) => {
  const h = (u as URLValue).host;
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  const c = h.lastIndexOf(':');
  return c >= 0 ? h.slice(0, c) : h;
});
def('getPort', 'kubernetes.URL.() string', ([u]) => {
  const h = (u as URLValue).host;
  const c = h.lastIndexOf(':');
  if (c < 0 || h.lastIndexOf(']') > c) return '';
  return h.slice(c + 1);
});
def('getEscapedPath', 'kubernetes.URL.() string', ([u]) =>
  (u as URLValue).path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/gu, (c) => [...new TextEncoder().encode(c)].map((b) => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join('')),
);
def('getQuery', 'kubernetes.URL.() map(string, list(string))', ([u]) => {
  const out = new CelMap();
  const raw = (u as URLValue).rawQuery;
  if (!raw) return out;
  for (const part of raw.split('&')) {
    if (!part || part.includes(';')) continue;
    const eq = part.indexOf('=');
    const dec = (x: string) => {
      try {
        return decodeURIComponent(x.replace(/\+/g, ' '));
      } catch {
        return undefined;
      }
    };
    const k = dec(eq < 0 ? part : part.slice(0, eq));
    const v = dec(eq < 0 ? '' : part.slice(eq + 1));
    if (k === undefined || v === undefined) continue;
    const cur = out.get(k) as CelValue[] | undefined;
    if (cur) cur.push(v);
    else out.set(k, [v]);
  }
  return out;
});

// ---- Quantity ----------------------------------------------------------------------

export class QuantityValue extends CelOpaque {
  override readonly typeName = 'kubernetes.Quantity';
  constructor(readonly q: Quantity) {
    super();
  }
  override equals(o: CelOpaque): boolean {
    return o instanceof QuantityValue && qCmp(this.q, o.q) === 0;
  }
}

function parseQ(s: string): QuantityValue {
  const q = parseQuantity(s);
  if (!q) throw new CelErr(quantityRegexMessage);
  return new QuantityValue(q);
}
const toQ = (v: CelValue): Quantity => (typeof v === 'bigint' ? { m: v, e: 0, format: 'DecimalSI' } : (v as QuantityValue).q);
function qInt(q: Quantity): bigint | undefined {
  if (q.e >= 0) return q.m * 10n ** BigInt(q.e);
  const d = 10n ** BigInt(-q.e);
  return q.m % d === 0n ? q.m / d : undefined;
}
const I64 = 2n ** 63n;

def('quantity', '(string) kubernetes.Quantity', ([s]) => parseQ(s as string));
def('isQuantity', '(string) bool', ([s]) => parseQuantity(s as string) !== null);
def('sign', 'kubernetes.Quantity.() int', ([q]) => {
  const m = (q as QuantityValue).q.m;
  return m > 0n ? 1n : m < 0n ? -1n : 0n;
});
def('isInteger', 'kubernetes.Quantity.() bool', ([q]) => {
  const v = qInt((q as QuantityValue).q);
  return v !== undefined && v >= -I64 && v < I64;
});
def('asInteger', 'kubernetes.Quantity.() int', ([q]) => {
  const v = qInt((q as QuantityValue).q);
  if (v === undefined || v < -I64 || v >= I64) throw new CelErr('cannot convert value to integer');
  return v;
});
def('asApproximateFloat', 'kubernetes.Quantity.() double', ([q]) => {
  const { m, e } = (q as QuantityValue).q;
  return Number(`${m}e${e}`);
});
def('add', ['kubernetes.Quantity.(kubernetes.Quantity) kubernetes.Quantity', 'kubernetes.Quantity.(int) kubernetes.Quantity'], ([a, b]) => new QuantityValue(qAdd(toQ(a), toQ(b))));
def('sub', ['kubernetes.Quantity.(kubernetes.Quantity) kubernetes.Quantity', 'kubernetes.Quantity.(int) kubernetes.Quantity'], ([a, b]) => {
  const y = toQ(b);
  return new QuantityValue(qAdd(toQ(a), { ...y, m: -y.m }));
});
def('isGreaterThan', 'kubernetes.Quantity.(kubernetes.Quantity) bool', ([a, b]) => qCmp(toQ(a), toQ(b)) > 0);
def('isLessThan', 'kubernetes.Quantity.(kubernetes.Quantity) bool', ([a, b]) => qCmp(toQ(a), toQ(b)) < 0);
def('compareTo', 'kubernetes.Quantity.(kubernetes.Quantity) int', ([a, b]) => BigInt(qCmp(toQ(a), toQ(b))));

// ---- Semver ------------------------------------------------------------------------

export class SemverValue extends CelOpaque {
  override readonly typeName = 'kubernetes.Semver';
  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly pre: string[],
  ) {
    super();
  }
  override equals(o: CelOpaque): boolean {
    return o instanceof SemverValue && compareSemver(this, o) === 0;
  }
}

function compareSemver(a: SemverValue, b: SemverValue): number {
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  if (!a.pre.length || !b.pre.length) return a.pre.length === b.pre.length ? 0 : a.pre.length ? -1 : 1;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === y) continue;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) return BigInt(x) < BigInt(y) ? -1 : 1;
    if (xn) return -1;
    if (yn) return 1;
    return x < y ? -1 : 1;
  }
  return a.pre.length === b.pre.length ? 0 : a.pre.length < b.pre.length ? -1 : 1;
}

function parseSemver(s: string, normalize: boolean): SemverValue {
  let v = s;
  if (normalize) {
    if (v.startsWith('v')) v = v.slice(1);
    const m = /^(\d+)(\.\d+)?(\.\d+)?(.*)$/.exec(v);
    if (m && !m[4].startsWith('.')) v = `${m[1]}${m[2] ?? '.0'}${m[3] ?? '.0'}${m[4]}`;
    v = v.replace(/(^|\.)0+(\d)/g, '$1$2');
  }
  const m = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/.exec(v);
  if (!m) throw new CelErr(`could not parse semver ${JSON.stringify(s)}`);
  const pre = m[4] ? m[4].split('.') : [];
  if (pre.some((p) => /^0\d+$/.test(p))) throw new CelErr(`could not parse semver ${JSON.stringify(s)}`);
  return new SemverValue(BigInt(m[1]), BigInt(m[2]), BigInt(m[3]), pre);
}

def('semver', ['(string) kubernetes.Semver', '(string, bool) kubernetes.Semver'], ([s, n]) => parseSemver(s as string, n === true));
def('isSemver', ['(string) bool', '(string, bool) bool'], ([s, n]) => ok(() => parseSemver(s as string, n === true)));
def('major', 'kubernetes.Semver.() int', ([v]) => (v as SemverValue).major);
def('minor', 'kubernetes.Semver.() int', ([v]) => (v as SemverValue).minor);
def('patch', 'kubernetes.Semver.() int', ([v]) => (v as SemverValue).patch);
def('isGreaterThan', 'kubernetes.Semver.(kubernetes.Semver) bool', ([a, b]) => compareSemver(a as SemverValue, b as SemverValue) > 0);
def('isLessThan', 'kubernetes.Semver.(kubernetes.Semver) bool', ([a, b]) => compareSemver(a as SemverValue, b as SemverValue) < 0);
def('compareTo', 'kubernetes.Semver.(kubernetes.Semver) int', ([a, b]) => BigInt(compareSemver(a as SemverValue, b as SemverValue)));

// ---- Format ------------------------------------------------------------------------

export class FormatValue extends CelOpaque {
  override readonly typeName = 'kubernetes.NamedFormat';
  constructor(
    readonly name: string,
    readonly check: (s: string) => string[],
  ) {
    super();
  }
  override equals(o: CelOpaque): boolean {
    return o instanceof FormatValue && o.name === this.name;
  }
}

const uuidRe = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const FORMATS: Record<string, (s: string) => string[]> = {
  dns1123Label: (s) => nameErrors('label', s),
  dns1123Subdomain: (s) => nameErrors('subdomain', s),
  dns1035Label: (s) => nameErrors('dns1035', s),
  qualifiedName: (s) => labelKeyErrors(s),
  dns1123LabelPrefix: (s) => nameErrors('label', s, true),
  dns1123SubdomainPrefix: (s) => nameErrors('subdomain', s, true),
  dns1035LabelPrefix: (s) => nameErrors('dns1035', s, true),
  labelValue: (s) => labelValueErrors(s),
  uri: (s) => (ok(() => parseURL(s)) ? [] : ['invalid URI']),
  uuid: (s) => (uuidRe.test(s) ? [] : ['does not match the UUID format']),
  byte: (s) => (/^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0 ? [] : ['invalid base64']),
  date: (s) => (parseDate(s) !== undefined ? [] : ['invalid date']),
  datetime: (s) => (parseRfc3339(s) !== undefined ? [] : ['invalid datetime']),
};
for (const [name, check] of Object.entries(FORMATS)) {
  const f = new FormatValue(name, check);
  def(`format.${name}`, '() kubernetes.NamedFormat', () => f);
}
def('format.named', '(string) optional(kubernetes.NamedFormat)', ([n]) => {
  const check = FORMATS[n as string];
  return check ? new CelOptional(true, new FormatValue(n as string, check)) : OPTIONAL_NONE;
});
def('validate', 'kubernetes.NamedFormat.(string) optional(list(string))', ([f, s]) => {
  const errs = (f as FormatValue).check(s as string);
  return errs.length ? new CelOptional(true, errs) : OPTIONAL_NONE;
});
