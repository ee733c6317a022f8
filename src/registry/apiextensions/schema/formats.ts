// String formats of the kube-openapi strfmt default registry that custom
// resource validation knows, and the checks behind each of them.
import { isIPv4 as netIsIPv4, isIPv6 as netIsIPv6 } from 'node:net';

/** formats custom resource validation keeps (names normalized without '-'), as of compatibility version 1.34 */
const SUPPORTED = new Set([
  'bsonobjectid',
  'uri',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'cidr',
  'mac',
  'uuid',
  'uuid3',
  'uuid4',
  'uuid5',
  'isbn',
  'isbn10',
  'isbn13',
  'creditcard',
  'ssn',
  'hexcolor',
  'rgbcolor',
  'byte',
  'password',
  'date',
  'duration',
  'datetime',
  'k8sshortname',
  'k8slongname',
]);

export function normalizeFormat(f: string): string {
  return f.replace(/-/g, '');
}

/** is the format one custom resource validation checks (others are dropped from the schema) */
export function isSupportedFormat(f: string): boolean {
  return SUPPORTED.has(normalizeFormat(f));
}

/** is the format in the strfmt default registry */
export function isKnownFormat(f: string): boolean {
  return SUPPORTED.has(normalizeFormat(f));
}

// ---- individual checks ------------------------------------------------------------

/** ParseIPSloppy: IPv4 allows leading zeros */
function parseIPSloppy(s: string): 4 | 6 | 0 {
  if (netIsIPv4(s)) return 4;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s) && s.split('.').every((o) => Number(o) <= 255)) return 4;
  if (s.includes(':')) {
    if (netIsIPv6(s)) return 6;
    // IPv6 with an embedded sloppy IPv4 tail
    const m = /^(.*:)(\d{1,3}(\.\d{1,3}){3})$/.exec(s);
    if (m && parseIPSloppy(m[2]) === 4) {
      const canon = m[2]
        .split('.')
        .map((o) => String(Number(o)))
        .join('.');
      return netIsIPv6(m[1] + canon) ? 6 : 0;
    }
  }
  return 0;
}

/** net.ParseIP (strict, no zones) */
function parseIP(s: string): 4 | 6 | 0 {
  if (s.includes('%')) return 0;
  if (netIsIPv4(s)) return 4;
  if (netIsIPv6(s)) return 6;
  return 0;
}

function isCIDRSloppy(s: string): boolean {
  const i = s.indexOf('/');
  if (i < 0) return false;
  const ip = s.slice(0, i);
  const bits = s.slice(i + 1);
  const fam = ip.includes(':') ? (parseIPSloppy(ip) === 6 ? 6 : 0) : parseIPSloppy(ip);
  if (!fam || !/^\d+$/.test(bits) || bits.length > 3) return false;
  return Number(bits) <= (fam === 4 ? 32 : 128);
}

function isMAC(s: string): boolean {
  // net.ParseMAC: 6, 8 or 20 octets with ':' or '-' separators, or dotted groups of four hex digits
  if (/^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2})*$/.test(s)) {
    const n = s.split(/[:-]/).length;
    return n === 6 || n === 8 || n === 20;
  }
  if (/^[0-9A-Fa-f]{4}(\.[0-9A-Fa-f]{4})*$/.test(s)) {
    const n = s.split('.').length * 2;
    return n === 6 || n === 8 || n === 20;
  }
  return false;
}

/** url.ParseRequestURI */
function isRequestURI(s: string): boolean {
  if (s === '') return false;
  if (/[\x00-\x1f\x7f]/.test(s)) return false;
  const hash = s.indexOf('#');
  const raw = hash >= 0 ? s : s;
  // a request URI is either an absolute path or an absolute URL
  if (raw.startsWith('/')) return checkEscapes(raw);
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(raw);
  if (!m) return false;
  const rest = m[2];
  if (rest.startsWith('//')) {
    const auth = rest.slice(2).split(/[/?]/, 1)[0];
    const host = auth.includes('@') ? auth.slice(auth.lastIndexOf('@') + 1) : auth;
    if (host.startsWith('[')) {
      const end = host.indexOf(']');
      if (end < 0) return false;
      const port = host.slice(end + 1);
      if (port && !/^:\d*$/.test(port)) return false;
    } else {
      const c = host.lastIndexOf(':');
      if (c >= 0 && !/^\d*$/.test(host.slice(c + 1))) return false;
      if (/[^A-Za-z0-9\-._~!$&'()*+,;=%:]/.test(host.slice(0, c < 0 ? undefined : c))) return false;
    }
  }
  return checkEscapes(rest);
}

function checkEscapes(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%') {
      if (!/^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) return false;
      i += 2;
    }
  }
  return true;
}

/** net/mail.ParseAddress, for the common shapes */
function isEmail(s: string): boolean {
  let addr = s.trim();
  const angle = /^(.*)<([^<>]*)>$/.exec(addr);
  if (angle) addr = angle[2];
  const at = addr.lastIndexOf('@');
  if (at <= 0 || at === addr.length - 1) return false;
  const local = addr.slice(0, at);
  const domain = addr.slice(at + 1);
  const atext = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
  const localOk = new RegExp(`^${atext}(\\.${atext})*$`).test(local) || /^"([^"\\]|\\.)*"$/.test(local);
  const domainOk = new RegExp(`^${atext}(\\.${atext})*$`).test(domain) || /^\[[^\]]*\]$/.test(domain);
  return localOk && domainOk;
}

const hostnameRe = /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;

function isHostname(s: string): boolean {
  if (!hostnameRe.test(s)) return false;
  if (Buffer.byteLength(s) > 255) return false;
  return s.split('.').every((p) => Buffer.byteLength(p) <= 63);
}

function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return d <= days;
}

function isDateTime(s: string): boolean {
  if (s.length < 4) return false;
  const parts = s.toLowerCase().split('t');
  if (parts.length < 2 || !isDate(parts[0])) return false;
  const m = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/.exec(parts[1]);
  if (!m) return false;
  return m[1] <= '23' && m[2] <= '59' && m[3] <= '59';
}

function isGoDuration(s: string): boolean {
  // time.ParseDuration
  if (s === '0' || s === '+0' || s === '-0') return true;
  return /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/.test(s);
}

function isDuration(s: string): boolean {
  if (isGoDuration(s)) return true;
  const units = [
    ['ns', 'nano'],
    ['us', 'µs', 'micro'],
    ['ms', 'milli'],
    ['s', 'sec'],
    ['m', 'min'],
    ['h', 'hr', 'hour'],
    ['d', 'day'],
    ['w', 'wk', 'week'],
  ];
  let ok = false;
  for (const m of s.matchAll(/((\d+)\s*([A-Za-zµ]+))/g)) {
    const unit = m[3].trim().toLowerCase();
    for (const variants of units) {
      const last = variants.length - 1;
      variants.forEach((v, i) => {
        if ((last === i && unit.startsWith(v)) || v.toLowerCase() === unit) ok = true;
      });
    }
  }
  return ok;
}

function isCreditCard(s: string): boolean {
  const sanitized = s.replace(/[^0-9]+/g, '');
  if (!/^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11})$/.test(sanitized))
    return false;
  let sum = 0;
  let dbl = false;
  for (let i = sanitized.length - 1; i >= 0; i--) {
    let n = Number(sanitized[i]);
    if (dbl) {
      n *= 2;
      sum += n >= 10 ? (n % 10) + 1 : n;
    } else sum += n;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

function isISBN(s: string, version: 10 | 13): boolean {
  const sanitized = s.replace(/[\s-]+/g, '');
  if (version === 10) {
    if (!/^(?:[0-9]{9}X|[0-9]{10})$/.test(sanitized)) return false;
    let sum = 0;
    for (let i = 0; i < 9; i++) sum += (i + 1) * Number(sanitized[i]);
    sum += sanitized[9] === 'X' ? 100 : 10 * Number(sanitized[9]);
    return sum % 11 === 0;
  }
  if (!/^(?:[0-9]{13})$/.test(sanitized)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 1 : 3) * Number(sanitized[i]);
  return Number(sanitized[12]) - ((10 - (sum % 10)) % 10) === 0;
}

const checks: Record<string, (s: string) => boolean> = {
  bsonobjectid: (s) => /^[0-9a-fA-F]{24}$/.test(s),
  uri: isRequestURI,
  email: isEmail,
  hostname: isHostname,
  ipv4: (s) => parseIPSloppy(s) !== 0 && s.includes('.'),
  ipv6: (s) => parseIP(s) !== 0 && s.includes(':'),
  cidr: isCIDRSloppy,
  mac: isMAC,
  uuid: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s),
  uuid3: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s),
  uuid4: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(s),
  uuid5: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i.test(s),
  isbn: (s) => isISBN(s, 10) || isISBN(s, 13),
  isbn10: (s) => isISBN(s, 10),
  isbn13: (s) => isISBN(s, 13),
  creditcard: isCreditCard,
  ssn: (s) => s.length === 11 && /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(s),
  hexcolor: (s) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s),
  rgbcolor: (s) =>
    /^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$/.test(s),
  byte: (s) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/.test(s),
  password: () => true,
  date: isDate,
  duration: isDuration,
  datetime: isDateTime,
  k8sshortname: (s) => s.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s),
  k8slongname: (s) => s.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s),
};

/** strfmt.Default.Validates(format, value) */
export function formatValidates(format: string, value: string): boolean {
  const f = checks[normalizeFormat(format)];
  return f ? f(value) : false;
}
