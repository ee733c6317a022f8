// resource.Quantity: parsing, exact comparison, arithmetic and the canonical
// string form the API server writes back ("0.5" -> "500m", "1024Mi" -> "1Gi").
// Values are kept exact as sign * mantissa * 10^exp with a BigInt mantissa;
// binary suffixes multiply the mantissa by powers of two, which is exact.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** signed unscaled value */
  m: bigint;
  /** decimal exponent: value = m * 10^e */
  e: number;
  format: QuantityFormat;
}

export const quantityRegexMessage = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const decSuffix: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binSuffix: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decByExp = new Map(Object.entries(decSuffix).map(([k, v]) => [v, k]));
const binByExp = new Map(Object.entries(binSuffix).map(([k, v]) => [v, k]));

const TEN = 10n;

function pow10(n: number): bigint {
  return TEN ** BigInt(n);
}

/** ParseQuantity; returns null when the text is not a quantity */
export function parseQuantity(input: unknown): Quantity | null {
  let s: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return null;
    s = String(input);
    // JS prints large/small numbers with an exponent the regex accepts (1e+21 -> 1e21)
    s = s.replace('e+', 'e');
  } else if (typeof input === 'string') s = input;
  else return null;
  if (!s.length) return null;
  if (s === '0') return { m: 0n, e: 0, format: 'DecimalSI' };
  const re = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[-+]?[0-9]*)$/;
  const mt = re.exec(s);
  if (!mt) return null;
  const [, sign, intPart, fracPart = '', suffix] = mt;
  if (!intPart.length && !fracPart.length && !s.includes('.')) return null;
  let base = 10;
  let exp: number;
  let format: QuantityFormat;
  if (suffix in decSuffix) {
    exp = decSuffix[suffix];
    format = 'DecimalSI';
  } else if (suffix in binSuffix) {
    base = 2;
    exp = binSuffix[suffix];
    format = 'BinarySI';
  } else if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[eE][-+]?[0-9]+$/.test(suffix)) {
    exp = Number(suffix.slice(1));
    format = 'DecimalExponent';
  } else return null;
  const digits = (intPart + fracPart).replace(/^0+(?=\d)/, '') || '0';
  let m = BigInt(digits);
  let e = -fracPart.length;
  if (base === 10) e += exp;
  else m = m * 2n ** BigInt(exp);
  if (sign === '-') m = -m;
  let q: Quantity = { m, e, format };
  // precision beyond nano units is rounded up (away from zero)
  if (q.e < -9) q = roundUp(q, -9);
  if (format === 'BinarySI' && cmp(q, { m: 1n, e: 0, format }) < 0 && q.m > 0n) q.format = 'DecimalSI';
  return normalize(q);
}

/** strip trailing decimal zeros from the mantissa */
function normalize(q: Quantity): Quantity {
  let { m, e } = q;
  if (m === 0n) return { m: 0n, e: 0, format: q.format };
  while (m % TEN === 0n) {
    m /= TEN;
    e++;
  }
  return { m, e, format: q.format };
}

/** round to 10^scale, away from zero (inf.RoundUp) */
export function roundUp(q: Quantity, scale: number): Quantity {
  if (q.e >= scale) return q;
  const d = pow10(scale - q.e);
  const neg = q.m < 0n;
  const a = neg ? -q.m : q.m;
  let r = a / d;
  if (r * d !== a) r += 1n;
  return normalize({ m: neg ? -r : r, e: scale, format: q.format });
}

export function cmp(a: Quantity, b: Quantity): number {
  const e = Math.min(a.e, b.e);
  const am = a.m * pow10(a.e - e);
  const bm = b.m * pow10(b.e - e);
  return am < bm ? -1 : am > bm ? 1 : 0;
}

export function add(a: Quantity, b: Quantity): Quantity {
  const e = Math.min(a.e, b.e);
  return normalize({ m: a.m * pow10(a.e - e) + b.m * pow10(b.e - e), e, format: a.format });
}

export function isZeroQ(q: Quantity): boolean {
  return q.m === 0n;
}

export function sign(q: Quantity): number {
  return q.m < 0n ? -1 : q.m > 0n ? 1 : 0;
}

/** integer value, rounded up (Quantity.Value()) */
export function value(q: Quantity): bigint {
  return roundUp(q, 0).m * pow10(Math.max(0, roundUp(q, 0).e));
}

/** milli value, rounded up (Quantity.MilliValue()) */
export function milliValue(q: Quantity): bigint {
  const r = roundUp(q, -3);
  return r.m * pow10(r.e + 3);
}

function integerValue(q: Quantity): bigint | null {
  if (q.e >= 0) return q.m * pow10(q.e);
  const d = pow10(-q.e);
  return q.m % d === 0n ? q.m / d : null;
}

/** the canonical text form (Quantity.String()) */
export function format(q: Quantity): string {
  if (q.m === 0n) return '0';
  let fmt = q.format;
  if (fmt === 'BinarySI') {
    const small = cmp(q, { m: -1024n, e: 0, format: fmt }) > 0 && cmp(q, { m: 1024n, e: 0, format: fmt }) < 0;
    if (small || integerValue(q) === null) fmt = 'DecimalSI';
  }
  if (fmt === 'BinarySI') {
    let v = integerValue(q)!;
    let exp = 0;
    while (v !== 0n && v % 1024n === 0n && exp < 60) {
      v /= 1024n;
      exp += 10;
    }
    return `${v}${binByExp.get(exp) ?? ''}`;
  }
  // decimal: exponent must be a multiple of 3
  let { m, e } = q;
  while (((e % 3) + 3) % 3 !== 0) {
    m *= TEN;
    e--;
  }
  if (fmt === 'DecimalSI') {
    // exponents beyond the suffix table fall back to the largest/smallest suffix
    while (e > 18) {
      m *= 1000n;
      e -= 3;
    }
    if (e < -9) {
      // cannot happen after rounding to nano
      return `${m}e${e}`;
    }
    return `${m}${decByExp.get(e) ?? ''}`;
  }
  return e === 0 ? `${m}` : `${m}e${e}`;
}

/** canonicalise a quantity value; returns the input unchanged when it does not parse */
export function canonical(v: unknown): unknown {
  const q = parseQuantity(v);
  return q ? format(q) : v;
}

/** canonicalise a ResourceList in place, rounding each value up to milli precision (SetDefaults_ResourceList) */
export function defaultResourceList(list: unknown): void {
  if (!list || typeof list !== 'object' || Array.isArray(list)) return;
  const l = list as Record<string, unknown>;
  for (const k of Object.keys(l)) {
    const q = parseQuantity(l[k]);
    if (q) l[k] = format(roundUp(q, -3));
  }
}

export function q(v: unknown): Quantity | null {
  return parseQuantity(v);
}
