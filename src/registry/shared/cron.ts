// Cron schedules as CronJobs use them: the standard five fields (minute hour
// day-of-month month day-of-week), the @yearly/@monthly/@weekly/@daily/
// @midnight/@hourly and "@every <duration>" descriptors, and an optional
// TZ=/CRON_TZ= prefix. Parse errors use the wording of the cron library the
// upstream API server validates with, so clients see the same messages.

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const minutes: Bounds = { min: 0, max: 59 };
const hours: Bounds = { min: 0, max: 23 };
const dom: Bounds = { min: 1, max: 31 };
const months: Bounds = {
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const dow: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

export interface CronSchedule {
  kind: 'spec';
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  /** the day-of-month / day-of-week field was "*" or "?" (matching uses OR only when neither is a star) */
  domStar: boolean;
  dowStar: boolean;
  timeZone?: string;
}

export interface EverySchedule {
  kind: 'every';
  seconds: number;
}

export type Schedule = CronSchedule | EverySchedule;

export class CronParseError extends Error {}

function goList(fields: string[]): string {
  return `[${fields.join(' ')}]`;
}

function atoi(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) throw new CronParseError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (!Number.isSafeInteger(n) || Math.abs(n) > 2 ** 63 - 1) throw new CronParseError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: value out of range`);
  if (n < 0) throw new CronParseError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function intOrName(expr: string, names?: Record<string, number>): number {
  if (names) {
    const v = names[expr.toLowerCase()];
    if (v !== undefined) return v;
  }
  return atoi(expr);
}

function parseRange(expr: string, b: Bounds, out: Set<number>): boolean {
  const rangeAndStep = expr.split('/');
  const lowHigh = rangeAndStep[0].split('-');
  const single = lowHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowHigh[0] === '*' || lowHigh[0] === '?') {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    start = intOrName(lowHigh[0], b.names);
    if (lowHigh.length === 1) end = start;
    else if (lowHigh.length === 2) end = intOrName(lowHigh[1], b.names);
    else throw new CronParseError(`too many hyphens: ${expr}`);
  }
  let step: number;
  if (rangeAndStep.length === 1) step = 1;
  else if (rangeAndStep.length === 2) {
    step = atoi(rangeAndStep[1]);
    if (single) end = b.max;
    if (step > 1) star = false;
  } else throw new CronParseError(`too many slashes: ${expr}`);
  if (start < b.min) throw new CronParseError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new CronParseError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new CronParseError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronParseError(`step of range should be a positive number: ${expr}`);
  for (let i = start; i <= end; i += step) out.add(i);
  return star;
}

function parseField(field: string, b: Bounds): { set: Set<number>; star: boolean } {
  const set = new Set<number>();
  let star = false;
  for (const expr of field.split(',').filter((s) => s.length)) if (parseRange(expr, b, set)) star = true;
  return { set, star };
}

function range(b: Bounds): Set<number> {
  const s = new Set<number>();
  for (let i = b.min; i <= b.max; i++) s.add(i);
  return s;
}

/** Go's time.ParseDuration, in seconds */
export function parseGoDuration(s: string): number {
  const orig = s;
  if (s === '0') return 0;
  let neg = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (!s.length) throw new Error(`time: invalid duration ${JSON.stringify(orig)}`);
  const units: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, 'μs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let total = 0;
  while (s.length) {
    const m = /^(\d*\.?\d*)([a-zµμ]*)/.exec(s);
    if (!m || !m[1] || m[1] === '.') throw new Error(`time: invalid duration ${JSON.stringify(orig)}`);
    if (!m[2]) throw new Error(`time: missing unit in duration ${JSON.stringify(orig)}`);
    const u = units[m[2]];
    if (u === undefined) throw new Error(`time: unknown unit ${JSON.stringify(m[2])} in duration ${JSON.stringify(orig)}`);
    total += Number(m[1]) * u;
    s = s.slice(m[0].length);
  }
  return neg ? -total : total;
}

export function isValidTimeZone(tz: string): boolean {
  if (tz === '' || tz === 'UTC' || tz === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** cron.ParseStandard; throws CronParseError with upstream's message */
export function parseCron(spec: string): Schedule {
  if (!spec.length) throw new CronParseError('empty spec string');
  let timeZone: string | undefined;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const i = spec.indexOf(' ');
    const eq = spec.indexOf('=');
    if (i < 0) throw new CronParseError(`invalid schedule format: runtime error: slice bounds out of range [${eq + 1}:${i}]`);
    const tz = spec.slice(eq + 1, i);
    if (!isValidTimeZone(tz)) throw new CronParseError(`provided bad location ${tz}: unknown time zone ${tz}`);
    timeZone = tz;
    spec = spec.slice(i).trim();
  }
  if (spec.startsWith('@')) {
    const all = (b: Bounds) => range(b);
    const mk = (minute: number[], hour: Set<number> | number[], d: Set<number> | number[], mo: Set<number> | number[], w: Set<number> | number[], domStar: boolean, dowStar: boolean): CronSchedule => ({
      kind: 'spec',
      minute: new Set(minute),
      hour: new Set(hour),
      dom: new Set(d),
      month: new Set(mo),
      dow: new Set(w),
      domStar,
      dowStar,
      timeZone,
    });
    switch (spec) {
      case '@yearly':
      case '@annually':
        return mk([0], [0], [1], [1], all(dow), false, true);
      case '@monthly':
        return mk([0], [0], [1], all(months), all(dow), false, true);
      case '@weekly':
        return mk([0], [0], all(dom), all(months), [0], true, false);
      case '@daily':
      case '@midnight':
        return mk([0], [0], all(dom), all(months), all(dow), true, true);
      case '@hourly':
        return mk([0], all(hours), all(dom), all(months), all(dow), true, true);
    }
    if (spec.startsWith('@every ')) {
      try {
        const secs = parseGoDuration(spec.slice('@every '.length));
        return { kind: 'every', seconds: Math.max(1, Math.floor(secs)) };
      } catch (e) {
        throw new CronParseError(`failed to parse duration ${spec}: ${(e as Error).message}`);
      }
    }
    throw new CronParseError(`unrecognized descriptor: ${spec}`);
  }
  const fields = spec.split(/\s+/).filter((f) => f.length);
  if (fields.length !== 5) throw new CronParseError(`expected exactly 5 fields, found ${fields.length}: ${goList(fields)}`);
  const mi = parseField(fields[0], minutes);
  const h = parseField(fields[1], hours);
  const d = parseField(fields[2], dom);
  const mo = parseField(fields[3], months);
  const w = parseField(fields[4], dow);
  return { kind: 'spec', minute: mi.set, hour: h.set, dom: d.set, month: mo.set, dow: w.set, domStar: d.star, dowStar: w.star, timeZone };
}

/** the message upstream reports for an invalid schedule, or null when it parses */
export function cronScheduleError(spec: string): string | null {
  try {
    parseCron(spec);
    return null;
  } catch (e) {
    return e instanceof CronParseError ? e.message : `invalid schedule format: ${(e as Error).message}`;
  }
}

/** wall-clock fields of an instant in a time zone */
function wallClock(t: Date, tz: string | undefined): { y: number; mo: number; d: number; h: number; mi: number; dow: number } {
  if (!tz || tz === 'UTC' || tz === '') return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), dow: t.getUTCDay() };
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz === 'Local' ? undefined : tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' }).formatToParts(t);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  const wd: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
  return { y: Number(get('year')), mo: Number(get('month')), d: Number(get('day')), h: Number(get('hour')) % 24, mi: Number(get('minute')), dow: wd[get('weekday')] ?? 0 };
}

function dayMatches(s: CronSchedule, d: number, w: number): boolean {
  const domOk = s.dom.has(d);
  const dowOk = s.dow.has(w);
  if (s.domStar || s.dowStar) return domOk && dowOk;
  return domOk || dowOk;
}

/** the first activation strictly after `after` (minute resolution), or null within five years */
export function nextActivation(s: Schedule, after: Date): Date | null {
  if (s.kind === 'every') return new Date((Math.floor(after.getTime() / 1000) + s.seconds) * 1000);
  let t = new Date(Math.floor(after.getTime() / 60000) * 60000 + 60000);
  const limit = after.getTime() + 5 * 366 * 24 * 3600 * 1000;
  while (t.getTime() <= limit) {
    const w = wallClock(t, s.timeZone);
    if (!s.month.has(w.mo) || !dayMatches(s, w.d, w.dow)) {
      // skip to the next wall-clock day
      t = new Date(t.getTime() + ((23 - w.h) * 60 + (60 - w.mi)) * 60000);
      continue;
    }
    if (!s.hour.has(w.h)) {
      t = new Date(t.getTime() + (60 - w.mi) * 60000);
      continue;
    }
    if (!s.minute.has(w.mi)) {
      t = new Date(t.getTime() + 60000);
      continue;
    }
    return t;
  }
  return null;
}
