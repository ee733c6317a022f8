// Small building blocks shared by the resource strategies: field-error
// constructors, plain-JSON accessors and the common value validators
// (names, label selectors, ports, IPs, int-or-percent values). Messages are
// kept identical to upstream's k8s.io/apimachinery validation helpers so a
// client sees the same text it would get from a stock API server.
import { isIPv4, isIPv6 } from 'node:net';
import type { FieldError } from '../../machinery/errors.js';
import { deepEqual } from '../../machinery/objects.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type O = Record<string, any>;
export type Errs = FieldError[];

// ---- field errors -------------------------------------------------------------

export function required(field: string, detail = ''): FieldError {
  return detail ? { type: 'FieldValueRequired', field, detail } : { type: 'FieldValueRequired', field };
}

export function invalid(field: string, value: unknown, detail = ''): FieldError {
  return detail ? { type: 'FieldValueInvalid', field, value, detail } : { type: 'FieldValueInvalid', field, value };
}

export function quoteList(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(String(v))).join(', ');
}

export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  const e: FieldError = { type: 'FieldValueNotSupported', field, value };
  if (supported.length) e.detail = `supported values: ${quoteList(supported)}`;
  return e;
}

export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail };
}

export function duplicate(field: string, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, value };
}

export function notFoundErr(field: string, value: unknown, detail = ''): FieldError {
  return detail ? { type: 'FieldValueNotFound', field, value, detail } : { type: 'FieldValueNotFound', field, value };
}

export function tooLong(field: string, max: number): FieldError {
  return { type: 'FieldValueTooLong', field, detail: `may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}` };
}

export function tooMany(field: string, actual: number, max: number): FieldError {
  return { type: 'FieldValueTooMany', field, value: actual, detail: `must have at most ${max} ${max === 1 ? 'item' : 'items'}` };
}

export function internalErr(field: string, detail: string): FieldError {
  return { type: 'InternalError', field, detail };
}

// ---- paths -----------------------------------------------------------------------

export const child = (base: string, ...names: string[]): string => [base, ...names].filter((s) => s !== '').join('.');
export const idx = (base: string, i: number): string => `${base}[${i}]`;
export const key = (base: string, k: string): string => `${base}[${k}]`;

// ---- plain JSON accessors -----------------------------------------------------

export function isObj(v: unknown): v is O {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** the object at obj[k], created when missing */
export function ensureObj(obj: O, k: string): O {
  if (!isObj(obj[k])) obj[k] = {};
  return obj[k] as O;
}

export function arr(v: unknown): O[] {
  return Array.isArray(v) ? (v as O[]) : [];
}

export function strs(v: unknown): string[] {
  return Array.isArray(v) ? (v as string[]) : [];
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

export function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

export function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

export function mapOf(v: unknown): Record<string, string> {
  return isObj(v) ? (v as Record<string, string>) : {};
}

export function len(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  if (isObj(v)) return Object.keys(v).length;
  if (typeof v === 'string') return v.length;
  return 0;
}

/** a copy of a map with its keys sorted, as Go's encoding/json prints maps */
export function sortedMap<T>(m: Record<string, T> | undefined | null): Record<string, T> | null {
  if (!m) return null;
  const out: Record<string, T> = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k];
  return out;
}

/** deep copy with every map's keys sorted (for rendering values in messages) */
export function sortedDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedDeep);
  if (isObj(v)) {
    const out: O = {};
    for (const k of Object.keys(v).sort()) if (v[k] !== undefined) out[k] = sortedDeep(v[k]);
    return out;
  }
  return v;
}

export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

export const equal = deepEqual;

/** true when the value is empty as Go would see it (nil, "", 0, false, empty list or map) */
export function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

/** drop zero values and empty maps/lists recursively (list positions are kept) */
export function pruneZero(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? v.map((x) => pruneZero(x) ?? null) : undefined;
  if (isObj(v)) {
    const out: O = {};
    for (const k of Object.keys(v)) {
      const p = pruneZero(v[k]);
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return isZero(v) ? undefined : v;
}

/**
 * Semantic equality in the spirit of apiequality.Semantic.DeepEqual on
 * plain JSON: absent, null, zero values and empty lists/maps are alike.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  return deepEqual(pruneZero(a), pruneZero(b));
}

// ---- names ---------------------------------------------------------------------

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123LabelRe = new RegExp(`^${dns1123LabelFmt}$`);
const dns1123SubdomainRe = new RegExp(`^${dns1123SubdomainFmt}$`);
const dns1035LabelFmt = '[a-z]([-a-z0-9]*[a-z0-9])?';
const dns1035LabelRe = new RegExp(`^${dns1035LabelFmt}$`);
const dns1123LabelUnderscoreFmt = '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const dns1123SubdomainUnderscoreFmt = `${dns1123LabelUnderscoreFmt}(\\.${dns1123LabelUnderscoreFmt})*`;
const dns1123SubdomainUnderscoreRe = new RegExp(`^${dns1123SubdomainUnderscoreFmt}$`);

export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (!examples.length) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

export const maxLenError = (n: number): string => `must be no more than ${n} characters`;

export function isDNS1123Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLenError(63));
  if (!dns1123LabelRe.test(v)) {
    if (dns1123SubdomainRe.test(v)) errs.push('must not contain dots');
    else
      errs.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          dns1123LabelFmt,
          'my-name',
          '123-abc',
        ),
      );
  }
  return errs;
}

export function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLenError(253));
  if (!dns1123SubdomainRe.test(v))
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        dns1123SubdomainFmt,
        'example.com',
      ),
    );
  return errs;
}

export function isDNS1123SubdomainWithUnderscore(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLenError(253));
  if (!dns1123SubdomainUnderscoreRe.test(v))
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character",
        dns1123SubdomainUnderscoreFmt,
        'example.com',
      ),
    );
  return errs;
}

export function isDNS1035Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLenError(63));
  if (!dns1035LabelRe.test(v))
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        dns1035LabelFmt,
        'my-name',
        'abc-123',
      ),
    );
  return errs;
}

const labelKeyFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const labelKeyRe = new RegExp(`^${labelKeyFmt}$`);
const labelKeyErrMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** content.IsLabelKey / IsQualifiedName */
export function isQualifiedName(v: string): string[] {
  const errs: string[] = [];
  const parts = v.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0];
  else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (!prefix.length) errs.push('prefix part must be non-empty');
    else {
      const perr: string[] = [];
      if (prefix.length > 253) perr.push('must be no more than 253 bytes');
      if (!dns1123SubdomainRe.test(prefix))
        perr.push(
          regexError(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
            dns1123SubdomainFmt,
            'example.com',
          ),
        );
      errs.push(...perr.map((m) => `prefix part ${m}`));
    }
  } else {
    return [
      `a valid label key ${regexError(labelKeyErrMsg, labelKeyFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (!name.length) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 bytes');
  if (!labelKeyRe.test(name)) errs.push(`name part ${regexError(labelKeyErrMsg, labelKeyFmt, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

const labelValueFmt = `(${labelKeyFmt})?`;
const labelValueRe = new RegExp(`^${labelValueFmt}$`);

export function isLabelValue(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 bytes');
  if (!labelValueRe.test(v))
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        labelValueFmt,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  return errs;
}

export function validateDNS1123Label(v: string, path: string): Errs {
  return isDNS1123Label(v).map((m) => invalid(path, v, m));
}
export function validateDNS1123Subdomain(v: string, path: string): Errs {
  return isDNS1123Subdomain(v).map((m) => invalid(path, v, m));
}
export function validateDNS1035Label(v: string, path: string): Errs {
  return isDNS1035Label(v).map((m) => invalid(path, v, m));
}
export function validateQualifiedName(v: string, path: string): Errs {
  return isQualifiedName(v).map((m) => invalid(path, v, m));
}

/** metav1validation.ValidateLabels */
export function validateLabelMap(labels: unknown, path: string): Errs {
  const errs: Errs = [];
  for (const [k, v] of Object.entries(mapOf(labels))) {
    errs.push(...validateQualifiedName(k, path));
    for (const m of isLabelValue(str(v))) errs.push(invalid(path, str(v), m));
  }
  return errs;
}

const totalAnnotationSizeLimitB = 256 * 1024;

/** apimachinery ValidateAnnotations (for embedded template metadata) */
export function validateAnnotationMap(annotations: unknown, path: string): Errs {
  const errs: Errs = [];
  let total = 0;
  for (const [k, v] of Object.entries(mapOf(annotations))) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(path, k, m));
    total += k.length + str(v).length;
  }
  if (total > totalAnnotationSizeLimitB) errs.push(tooLong(path, totalAnnotationSizeLimitB));
  return errs;
}

// ---- numbers ---------------------------------------------------------------------

export const isNegativeErrorMsg = 'must be greater than or equal to 0';
export const isNotPositiveErrorMsg = 'must be greater than zero';
export const fieldImmutableErrorMsg = 'field is immutable';

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

export function validateNonnegative(v: unknown, path: string): Errs {
  return typeof v === 'number' && v < 0 ? [invalid(path, v, isNegativeErrorMsg)] : [];
}

export function validatePositive(v: unknown, path: string): Errs {
  return num(v) <= 0 ? [invalid(path, v ?? 0, isNotPositiveErrorMsg)] : [];
}

export function validateImmutable(newV: unknown, oldV: unknown, path: string): Errs {
  return semanticEqual(newV, oldV) ? [] : [invalid(path, newV ?? null, fieldImmutableErrorMsg)];
}

// ---- ports, percentages ----------------------------------------------------------

export function isValidPortNum(p: number): string[] {
  return Number.isInteger(p) && p >= 1 && p <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

export function isValidPortName(p: string): string[] {
  const errs: string[] = [];
  if (p.length > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(p)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(p)) errs.push('must contain at least one letter (a-z)');
  if (p.includes('--')) errs.push('must not contain consecutive hyphens');
  if (p.length > 0 && (p.startsWith('-') || p.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** core ValidatePortNumOrName for an IntOrString */
export function validatePortNumOrName(port: unknown, path: string): Errs {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => invalid(path, port, m));
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalid(path, port, m));
  // an unset IntOrString is the integer 0
  return isValidPortNum(0).map((m) => invalid(path, 0, m));
}

export function isValidPercent(v: string): string[] {
  return /^[0-9]+%$/.test(v) ? [] : [regexError("a valid percent string must be a numeric string followed by an ending '%'", '[0-9]+%', '1%', '93%')];
}

/** value of an int-or-percent (percent as its number, invalid strings as 0) */
export function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && isValidPercent(v).length === 0) return Number(v.slice(0, -1));
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return 0;
}

export function validatePositiveIntOrPercent(v: unknown, path: string): Errs {
  if (typeof v === 'string') return isValidPercent(v).map((m) => invalid(path, v, m));
  if (typeof v === 'number') return validateNonnegative(v, path);
  if (v === undefined || v === null) return [];
  return [invalid(path, v, "must be an integer or percentage (e.g '5%%')")];
}

export function isNotMoreThan100Percent(v: unknown, path: string): Errs {
  if (typeof v !== 'string' || isValidPercent(v).length) return [];
  return Number(v.slice(0, -1)) > 100 ? [invalid(path, v, 'must not be greater than 100%')] : [];
}

// ---- IPs -------------------------------------------------------------------------

const sloppyV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** netutils.ParseIPSloppy: like net.ParseIP but IPv4 octets may have leading zeros */
export function parseIPSloppy(v: string): 4 | 6 | 0 {
  if (isIPv4(v)) return 4;
  const m = sloppyV4.exec(v);
  if (m && m.slice(1).every((o) => Number(o) <= 255)) return 4;
  if (isIPv6(v) && !v.includes('%')) {
    // IPv4-mapped IPv6 addresses count as IPv4 in Go
    return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(v) ? 4 : 6;
  }
  return 0;
}

export function isIPv6String(v: string): boolean {
  return parseIPSloppy(v) === 6;
}

/** IsValidIPForLegacyField with StrictIPCIDRValidation off (the 1.35 default) */
export function validateIPLegacy(v: string, path: string, validOld: string[] = []): Errs {
  if (validOld.includes(v)) return [];
  if (!parseIPSloppy(v)) return [invalid(path, v, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
  return [];
}

/** IsValidIP (strict, canonical form) */
export function validateIPStrict(v: string, path: string): Errs {
  const fam = parseIPSloppy(v);
  if (!fam) return [invalid(path, v, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
  const errs: Errs = [];
  if (fam === 4 && !isIPv4(v)) {
    if (/^::ffff:/i.test(v)) errs.push(invalid(path, v, 'must not be an IPv4-mapped IPv6 address'));
    else errs.push(invalid(path, v, 'must not have leading 0s'));
    return errs;
  }
  const canon = canonicalIP(v);
  if (canon !== v) errs.push(invalid(path, v, `must be in canonical form (${JSON.stringify(canon)})`));
  return errs;
}

function canonicalIP(v: string): string {
  if (isIPv4(v)) return v;
  // expand and re-compress an IPv6 address (RFC 5952)
  let s = v.toLowerCase();
  let tail: number[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const o = v4[1].split('.').map(Number);
    tail = [(o[0] << 8) | o[1], (o[2] << 8) | o[3]];
    s = s.slice(0, -v4[1].length) + '0:0';
  }
  const [head, rest] = s.includes('::') ? s.split('::') : [s, undefined];
  const hs = head ? head.split(':') : [];
  const rs = rest !== undefined && rest ? rest.split(':') : [];
  const fill = rest !== undefined ? 8 - hs.length - rs.length : 0;
  const groups = [...hs, ...Array(fill).fill('0'), ...rs].map((g) => parseInt(g, 16));
  if (tail.length) groups.splice(6, 2, ...tail);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** IsValidCIDRForLegacyField (sloppy) */
export function validateCIDRLegacy(v: string, path: string, validOld: string[] = []): Errs {
  if (validOld.includes(v)) return [];
  const i = v.indexOf('/');
  const bad = [invalid(path, v, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
  if (i < 0) return bad;
  const ip = v.slice(0, i);
  const bits = v.slice(i + 1);
  const fam = parseIPSloppy(ip);
  if (!fam || !/^\d+$/.test(bits)) return bad;
  if (Number(bits) > (fam === 4 && !ip.includes(':') ? 32 : 128)) return bad;
  return [];
}

/** IsValidCIDR (strict) */
export function validateCIDRStrict(v: string, path: string): Errs {
  const errs = validateCIDRLegacy(v, path);
  if (errs.length) return errs;
  const [ip, bits] = v.split('/');
  if (!isIPv4(ip) && !isIPv6(ip)) return [invalid(path, v, 'must not have leading 0s in IP or prefix length')];
  if (bits.length > 1 && bits.startsWith('0')) return [invalid(path, v, 'must not have leading 0s in IP or prefix length')];
  return [];
}

// ---- label selectors ------------------------------------------------------------

export interface LabelSelectorOptions {
  allowInvalidLabelValueInSelector?: boolean;
}

/** metav1validation.ValidateLabelSelector */
export function validateLabelSelector(sel: unknown, path: string, opts: LabelSelectorOptions = {}): Errs {
  const errs: Errs = [];
  if (!isObj(sel)) return errs;
  errs.push(...validateLabelMap(sel.matchLabels, child(path, 'matchLabels')));
  arr(sel.matchExpressions).forEach((e, i) => {
    const p = idx(child(path, 'matchExpressions'), i);
    const values = strs(e.values);
    switch (e.operator) {
      case 'In':
      case 'NotIn':
        if (!values.length) errs.push(required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length) errs.push(forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalid(child(p, 'operator'), str(e.operator), 'not a valid selector operator'));
    }
    errs.push(...validateQualifiedName(str(e.key), child(p, 'key')));
    if (!opts.allowInvalidLabelValueInSelector)
      values.forEach((v, j) => {
        for (const m of isLabelValue(str(v))) errs.push(invalid(idx(child(p, 'values'), j), v, m));
      });
  });
  return errs;
}

/** does a metav1.LabelSelector (possibly nil) parse? (LabelSelectorAsSelector) */
export function labelSelectorParses(sel: unknown): boolean {
  if (!isObj(sel)) return true;
  for (const e of arr(sel.matchExpressions)) {
    const op = e.operator;
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(op)) return false;
    if ((op === 'In' || op === 'NotIn') && !strs(e.values).length) return false;
    if ((op === 'Exists' || op === 'DoesNotExist') && strs(e.values).length) return false;
    if (isQualifiedName(str(e.key)).length) return false;
  }
  for (const [k, v] of Object.entries(mapOf(sel.matchLabels))) if (isQualifiedName(k).length || isLabelValue(str(v)).length) return false;
  return true;
}

/** is the selector empty (matches everything)? A nil selector is "nothing" in LabelSelectorAsSelector. */
export function labelSelectorEmpty(sel: unknown): boolean {
  return isObj(sel) && len(sel.matchLabels) + len(sel.matchExpressions) === 0;
}

/** LabelSelectorAsSelector(sel).Matches(labels); nil selector matches nothing, empty matches everything */
export function labelSelectorMatches(sel: unknown, labels: unknown): boolean {
  if (!isObj(sel)) return false;
  const l = mapOf(labels);
  for (const [k, v] of Object.entries(mapOf(sel.matchLabels))) if (l[k] !== v) return false;
  for (const e of arr(sel.matchExpressions)) {
    const has = Object.prototype.hasOwnProperty.call(l, e.key);
    const values = strs(e.values);
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(l[e.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(l[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** labels.Set(m).AsSelector().Matches(labels) */
export function mapSelectorMatches(selector: unknown, labels: unknown): boolean {
  const l = mapOf(labels);
  return Object.entries(mapOf(selector)).every(([k, v]) => l[k] === v);
}

// ---- misc ------------------------------------------------------------------------

export function boolStr(v: unknown): string {
  return v === true ? 'true' : 'false';
}

/** IsConfigMapKey */
export function isConfigMapKey(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLenError(253));
  if (!/^[-._a-zA-Z0-9]+$/.test(v)) errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", '[-._a-zA-Z0-9]+', 'key.name', 'KEY_NAME', 'key-name'));
  errs.push(...chDirPrefix(v));
  return errs;
}

export function chDirPrefix(v: string): string[] {
  if (v === '.') return ["must not be '.'"];
  if (v === '..') return ["must not be '..'"];
  if (v.startsWith('..')) return ["must not start with '..'"];
  return [];
}

/** IsHTTPHeaderName */
export function isHTTPHeaderName(v: string): string[] {
  return /^[-A-Za-z0-9]+$/.test(v) ? [] : [regexError("a valid HTTP header must consist of alphanumeric characters or '-'", '[-A-Za-z0-9]+', 'X-Header-Name')];
}

/** ValidateSignerName (certificates, cluster trust bundles) */
export function validateSignerName(path: string, signerName: string): Errs {
  if (!signerName) return [required(path)];
  const errs: Errs = [];
  const segments = signerName.split('/');
  if (segments.length !== 2) return [invalid(path, signerName, "must be a fully qualified domain and path of the form 'example.com/signer-name'")];
  const [domain, rest] = segments;
  if (domain.length > 253) errs.push(tooLong(path, 253));
  const labels = domain.split('.');
  for (const l of labels) {
    const e = isDNS1123Label(l);
    if (e.length) {
      for (const m of e) errs.push(invalid(path, domain, `validating label ${JSON.stringify(l)}: ${m}`));
      break;
    }
  }
  if (labels.length < 2) errs.push(invalid(path, domain, 'should be a domain with at least two segments separated by dots'));
  for (const l of rest.split('.')) {
    const e = isDNS1123Subdomain(l);
    if (e.length) {
      for (const m of e) errs.push(invalid(path, rest, `validating label ${JSON.stringify(l)}: ${m}`));
      break;
    }
  }
  const max = 253 + 253 + 63 + 1 + 1;
  if (signerName.length > max) errs.push(tooLong(path, max));
  return errs;
}

/** IsDomainPrefixedPath */
export function validateDomainPrefixedPath(v: string, path: string): Errs {
  if (!v.length) return [required(path)];
  const i = v.indexOf('/');
  if (i <= 0 || i === v.length - 1) return [invalid(path, v, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const host = v.slice(0, i);
  const rest = v.slice(i + 1);
  const errs: Errs = isDNS1123Subdomain(host).map((m) => invalid(path, host, m));
  if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(rest)) errs.push(invalid(path, rest, regexError('Invalid path', "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+")));
  return errs;
}

/** IsValidPathSegmentName */
export function pathSegmentErrors(v: string): string[] {
  if (v === '.' || v === '..') return [`may not be '${v}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (v.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

/** IsWildcardDNS1123Subdomain */
export function isWildcardDNS1123Subdomain(v: string): string[] {
  const fmt = '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLenError(253));
  if (!new RegExp(`^${fmt}$`).test(v))
    errs.push(
      regexError(
        "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character",
        fmt,
        '*.example.com',
      ),
    );
  return errs;
}

/** metav1validation.ValidateConditions (metav1.Condition lists) */
export function validateConditions(conditions: unknown, path: string): Errs {
  const errs: Errs = [];
  const seen = new Set<string>();
  arr(conditions).forEach((c, i) => {
    const p = idx(path, i);
    const type = str(c?.type);
    if (seen.has(type)) errs.push(duplicate(child(p, 'type'), type));
    seen.add(type);
    errs.push(...validateQualifiedName(type, child(p, 'type')));
    if (!['False', 'True', 'Unknown'].includes(str(c?.status))) errs.push(notSupported(child(p, 'status'), str(c?.status), ['False', 'True', 'Unknown']));
    if (typeof c?.observedGeneration === 'number' && c.observedGeneration < 0)
      errs.push(invalid(child(p, 'observedGeneration'), c.observedGeneration, 'must be greater than or equal to zero'));
    if (!str(c?.lastTransitionTime)) errs.push(required(child(p, 'lastTransitionTime')));
    const reason = str(c?.reason);
    if (!reason) errs.push(required(child(p, 'reason')));
    else {
      const fmt = '[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?';
      if (!new RegExp(`^${fmt}$`).test(reason))
        errs.push(
          invalid(
            child(p, 'reason'),
            reason,
            regexError(
              "a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', and must end with an alphanumeric character or '_'",
              fmt,
              'my_name',
              'MY_NAME',
              'MyName',
              'ReasonA,ReasonB',
              'ReasonA:ReasonB',
            ),
          ),
        );
      if (reason.length > 1024) errs.push(tooLong(child(p, 'reason'), 1024));
    }
    if (str(c?.message).length > 32 * 1024) errs.push(tooLong(child(p, 'message'), 32 * 1024));
  });
  return errs;
}
