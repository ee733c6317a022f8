// Timestamps (ns since epoch) and durations (ns): parsing, formatting,
// calendar accessors with time zones.
import { CelDuration, CelErr, CelTimestamp, INT_MAX, INT_MIN } from './values.js';

const NS = 1_000_000_000n;
export const TS_MIN = -62135596800n * NS; // 0001-01-01T00:00:00Z
export const TS_MAX = 253402300799n * NS + 999_999_999n; // 9999-12-31T23:59:59.999999999Z

function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(z: number): { y: number; m: number; d: number } {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { y: y + (m <= 2 ? 1 : 0), m, d };
}

export function checkTimestamp(ns: bigint): CelTimestamp {
  if (ns < TS_MIN || ns > TS_MAX) throw new CelErr('timestamp overflow');
  return new CelTimestamp(ns);
}

export function checkDuration(ns: bigint): CelDuration {
  if (ns < INT_MIN || ns > INT_MAX) throw new CelErr('duration overflow');
  return new CelDuration(ns);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** RFC 3339 text to ns since epoch; undefined when it does not parse */
export function parseRfc3339(s: string): bigint | undefined {
  const m = RFC3339.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, se] = m.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return undefined;
  const dim = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  if (d > dim) return undefined;
  let off = 0;
  if (m[8] !== 'Z' && m[8] !== 'z') {
    const oh = Number(m[8].slice(1, 3));
    const om = Number(m[8].slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    off = (oh * 60 + om) * 60 * (m[8][0] === '-' ? -1 : 1);
  }
  const secs = BigInt(daysFromCivil(y, mo, d)) * 86400n + BigInt(h * 3600 + mi * 60 + se - off);
  const frac = m[7] ? BigInt(m[7].slice(1).padEnd(9, '0')) : 0n;
  return secs * NS + frac;
}

/** date (YYYY-MM-DD) to ns since epoch */
export function parseDate(s: string): bigint | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  return parseRfc3339(`${s}T00:00:00Z`);
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function splitNs(ns: bigint): { secs: bigint; nanos: number } {
  let secs = ns / NS;
  let nanos = Number(ns % NS);
  if (nanos < 0) {
    nanos += 1_000_000_000;
    secs -= 1n;
  }
  return { secs, nanos };
}

/** RFC 3339 with trailing zeros of the fraction removed (Go's RFC3339Nano) */
export function formatTimestamp(ns: bigint): string {
  const { secs, nanos } = splitNs(ns);
  const days = Number(secs >= 0n ? secs / 86400n : (secs - 86399n) / 86400n);
  const sod = Number(secs - BigInt(days) * 86400n);
  const { y, m, d } = civilFromDays(days);
  let s = `${pad(y, 4)}-${pad(m)}-${pad(d)}T${pad(Math.floor(sod / 3600))}:${pad(Math.floor(sod / 60) % 60)}:${pad(sod % 60)}`;
  if (nanos) s += '.' + String(nanos).padStart(9, '0').replace(/0+$/, '');
  return s + 'Z';
}

/** protobuf JSON form of a duration: seconds with an optional fraction, suffixed 's' */
export function formatDuration(ns: bigint): string {
  const neg = ns < 0n;
  const a = neg ? -ns : ns;
  const secs = a / NS;
  const nanos = a % NS;
  let s = `${neg ? '-' : ''}${secs}`;
  if (nanos) s += '.' + String(nanos).padStart(9, '0').replace(/0+$/, '');
  return s + 's';
}

const UNITS: Record<string, bigint> = { ns: 1n, us: 1000n, 'µs': 1000n, 'μs': 1000n, ms: 1000000n, s: NS, m: 60n * NS, h: 3600n * NS };

/** Go's time.ParseDuration */
export function parseGoDuration(s: string): bigint | undefined {
  let i = 0;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    i = 1;
  }
  if (s.slice(i) === '0') return 0n;
  if (i >= s.length) return undefined;
  let total = 0n;
  while (i < s.length) {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s.slice(i))!;
    if (!m[1] && !m[2]) return undefined;
    if (m[0] === '.') return undefined;
    i += m[0].length;
    const u = /^[^\d.]+/.exec(s.slice(i));
    if (!u) return undefined;
    const unit = UNITS[u[0]];
    if (unit === undefined) return undefined;
    i += u[0].length;
    let v = BigInt(m[1] || '0') * unit;
    if (m[2]) {
      const frac = m[2];
      v += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    }
    total += v;
    if (total > INT_MAX + (neg ? 1n : 0n)) return undefined;
  }
  return neg ? -total : total;
}

/** offset in seconds east of UTC for a zone name at an instant */
function zoneOffset(tz: string, secs: bigint): number {
  const m = /^([+-])?(\d{2}):(\d{2})$/.exec(tz);
  if (m) {
    const off = Number(m[2]) * 3600 + Number(m[3]) * 60;
    return m[1] === '-' ? -off : off;
  }
  if (tz === 'UTC' || tz === '' || tz === 'Z') return 0;
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
  } catch {
    throw new CelErr(`unknown time zone ${tz}`);
  }
  const ms = Number(secs) * 1000;
  const parts = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  let y = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') y = 1 - y;
  const local = daysFromCivil(y, Number(parts.month), Number(parts.day)) * 86400 + Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second);
  return local - Math.floor(ms / 1000);
}

export interface Civil {
  y: number;
  m: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  dow: number;
  doy: number;
}

export function civil(ts: CelTimestamp, tz?: string): Civil {
  const { secs, nanos } = splitNs(ts.ns);
  const local = secs + BigInt(tz === undefined ? 0 : zoneOffset(tz, secs));
  const days = Number(local >= 0n ? local / 86400n : (local - 86399n) / 86400n);
  const sod = Number(local - BigInt(days) * 86400n);
  const { y, m, d } = civilFromDays(days);
  const dow = (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  const doy = days - daysFromCivil(y, 1, 1);
  return { y, m, d, h: Math.floor(sod / 3600), mi: Math.floor(sod / 60) % 60, s: sod % 60, ms: Math.floor(nanos / 1e6), dow, doy };
}
