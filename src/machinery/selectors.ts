// Label and field selectors: parsing (the string forms used in
// ?labelSelector= and ?fieldSelector=) and matching.
// Grammar as k8s.io/apimachinery/pkg/labels/selector.go and pkg/fields/selector.go.
import { badRequest } from './errors.js';

export type LabelOp = 'exists' | '!' | '=' | '!=' | 'in' | 'notin' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  op: LabelOp;
  values: string[];
}

export interface LabelSelector {
  requirements: LabelRequirement[];
  matches(labels: Record<string, string> | undefined): boolean;
  empty: boolean;
  /** requirement on key with op '=' (used to pick indexes) */
  string(): string;
}

const labelValueRe = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const qualifiedNameRe = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const dns1123SubdomainRe = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Returns an error message list for an invalid label key (qualified name). */
export function labelKeyErrors(key: string): string[] {
  const errs: string[] = [];
  const parts = key.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0];
  else if (parts.length === 2) {
    const [prefix, n] = parts;
    name = n;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else {
      if (prefix.length > 253) errs.push('prefix part must be no more than 253 bytes');
      if (!dns1123SubdomainRe.test(prefix))
        errs.push(
          "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        );
    }
  } else {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else {
    if (name.length > 63) errs.push('name part must be no more than 63 bytes');
    if (!qualifiedNameRe.test(name))
      errs.push(
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      );
  }
  return errs;
}

export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 bytes');
  if (!labelValueRe.test(value))
    errs.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    );
  return errs;
}

function matchRequirement(r: LabelRequirement, labels: Record<string, string> | undefined): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels![r.key] : undefined;
  switch (r.op) {
    case 'exists':
      return has;
    case '!':
      return !has;
    case '=':
    case 'in':
      return has && r.values.includes(v!);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(v!);
    case 'gt':
    case 'lt': {
      if (!has) return false;
      const n = Number(v);
      if (!Number.isInteger(n)) return false;
      const lim = Number(r.values[0]);
      return r.op === 'gt' ? n > lim : n < lim;
    }
  }
}

function makeLabelSelector(reqs: LabelRequirement[]): LabelSelector {
  const sorted = [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    requirements: sorted,
    empty: sorted.length === 0,
    matches: (labels) => sorted.every((r) => matchRequirement(r, labels)),
    string: () =>
      sorted
        .map((r) => {
          switch (r.op) {
            case 'exists':
              return r.key;
            case '!':
              return `!${r.key}`;
            case 'in':
            case 'notin':
              return `${r.key} ${r.op} (${r.values.join(',')})`;
            case 'gt':
              return `${r.key}>${r.values[0]}`;
            case 'lt':
              return `${r.key}<${r.values[0]}`;
            default:
              return `${r.key}${r.op}${r.values[0]}`;
          }
        })
        .join(','),
  };
}

export const everythingLabels: LabelSelector = makeLabelSelector([]);

type Tok = { t: 'id' | 'op' | 'comma' | 'open' | 'close' | 'not' | 'in' | 'notin' | 'end'; v: string };

function lexLabel(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const special = '=!(),<> \t\n';
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\n') {
      i++;
      continue;
    }
    if (c === ',') {
      out.push({ t: 'comma', v: c });
      i++;
    } else if (c === '(') {
      out.push({ t: 'open', v: c });
      i++;
    } else if (c === ')') {
      out.push({ t: 'close', v: c });
      i++;
    } else if (c === '!' && s[i + 1] === '=') {
      out.push({ t: 'op', v: '!=' });
      i += 2;
    } else if (c === '!') {
      out.push({ t: 'not', v: '!' });
      i++;
    } else if (c === '=' && s[i + 1] === '=') {
      out.push({ t: 'op', v: '==' });
      i += 2;
    } else if (c === '=') {
      out.push({ t: 'op', v: '=' });
      i++;
    } else if (c === '>' || c === '<') {
      out.push({ t: 'op', v: c });
      i++;
    } else {
      let j = i;
      while (j < s.length && !special.includes(s[j])) j++;
      const w = s.slice(i, j);
      if (w === 'in') out.push({ t: 'in', v: w });
      else if (w === 'notin') out.push({ t: 'notin', v: w });
      else out.push({ t: 'id', v: w });
      i = j;
    }
  }
  out.push({ t: 'end', v: '' });
  return out;
}

/** Parse a label selector string; throws a 400 ApiError on bad syntax. */
export function parseLabelSelector(s: string | undefined): LabelSelector {
  if (!s || !s.trim()) return everythingLabels;
  const toks = lexLabel(s);
  let p = 0;
  const reqs: LabelRequirement[] = [];
  const fail = (why: string): never => {
    throw badRequest(`unable to parse requirement: ${why}`);
  };
  const checkKey = (k: string) => {
    const errs = labelKeyErrors(k);
    if (errs.length) fail(`<nil>: Invalid value: "${k}": ${errs.join('; ')}`);
  };
  const checkValue = (k: string, v: string) => {
    const errs = labelValueErrors(v);
    if (errs.length) fail(`values[0][${k}]: Invalid value: "${v}": ${errs.join('; ')}`);
  };
  for (;;) {
    let tk = toks[p];
    if (tk.t === 'not') {
      p++;
      const id = toks[p];
      if (id.t !== 'id') throw badRequest(`unable to parse requirement: found '${id.v}', expected: identifier`);
      p++;
      checkKey(id.v);
      reqs.push({ key: id.v, op: '!', values: [] });
    } else if (tk.t === 'id') {
      const key = tk.v;
      checkKey(key);
      p++;
      tk = toks[p];
      if (tk.t === 'comma' || tk.t === 'end') {
        reqs.push({ key, op: 'exists', values: [] });
      } else if (tk.t === 'op') {
        p++;
        const val = toks[p];
        let v = '';
        if (val.t === 'id') {
          v = val.v;
          p++;
        } else if (val.t !== 'comma' && val.t !== 'end') {
          throw badRequest(`found '${val.v}', expected: identifier for value`);
        }
        if (tk.v === '>' || tk.v === '<') {
          if (!/^-?\d+$/.test(v)) throw badRequest(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
          reqs.push({ key, op: tk.v === '>' ? 'gt' : 'lt', values: [v] });
        } else {
          checkValue(key, v);
          reqs.push({ key, op: tk.v === '!=' ? '!=' : '=', values: [v] });
        }
      } else if (tk.t === 'in' || tk.t === 'notin') {
        p++;
        if (toks[p].t !== 'open') throw badRequest(`found '${toks[p].v}', expected: '('`);
        p++;
        const vals: string[] = [];
        for (;;) {
          const t = toks[p];
          if (t.t === 'id') {
            checkValue(key, t.v);
            vals.push(t.v);
            p++;
          } else if (t.t === 'comma' || t.t === 'close') {
            if (vals.length === 0 || toks[p - 1].t === 'comma' || toks[p - 1].t === 'open') vals.push('');
          } else {
            throw badRequest(`found '${t.v}', expected: ',', ')' or identifier`);
          }
          if (toks[p].t === 'comma') {
            p++;
            continue;
          }
          if (toks[p].t === 'close') {
            p++;
            break;
          }
          if (toks[p].t !== 'id') throw badRequest(`found '${toks[p].v}', expected: ',' or ')'`);
        }
        reqs.push({ key, op: tk.t, values: [...new Set(vals)].sort() });
      } else {
        throw badRequest(`found '${tk.v}', expected: in, notin, =, ==, !=, gt, lt`);
      }
    } else if (tk.t === 'end' && reqs.length === 0) {
      break;
    } else {
      throw badRequest(`found '${tk.v}', expected: !, identifier, or 'end of string'`);
    }
    if (toks[p].t === 'end') break;
    if (toks[p].t !== 'comma') throw badRequest(`found '${toks[p].v}', expected: ',' or 'end of string'`);
    p++;
  }
  return makeLabelSelector(reqs);
}

/** metav1.LabelSelector (the structured form used in specs) to a LabelSelector. */
export function labelSelectorFromStruct(
  sel: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | null | undefined,
): LabelSelector {
  if (!sel) return makeLabelSelector([{ key: '', op: 'in', values: [] }]); // nil selector matches nothing
  const reqs: LabelRequirement[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, op: '=', values: [v] });
  for (const e of sel.matchExpressions ?? []) {
    const op = e.operator;
    if (op === 'In') reqs.push({ key: e.key, op: 'in', values: e.values ?? [] });
    else if (op === 'NotIn') reqs.push({ key: e.key, op: 'notin', values: e.values ?? [] });
    else if (op === 'Exists') reqs.push({ key: e.key, op: 'exists', values: [] });
    else if (op === 'DoesNotExist') reqs.push({ key: e.key, op: '!', values: [] });
    else throw badRequest(`"${op}" is not a valid label selector operator`);
  }
  return makeLabelSelector(reqs);
}

// ---- field selectors ----------------------------------------------------------

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

export interface FieldSelector {
  requirements: FieldRequirement[];
  empty: boolean;
  matches(fields: Record<string, string>): boolean;
}

export const everythingFields: FieldSelector = { requirements: [], empty: true, matches: () => true };

function unescapeFieldValue(v: string): string {
  let out = '';
  for (let i = 0; i < v.length; i++) {
    if (v[i] === '\\') {
      const n = v[i + 1];
      if (n === '\\' || n === ',' || n === '=') {
        out += n;
        i++;
        continue;
      }
      throw badRequest(`invalid field selector: invalid escape sequence`);
    }
    out += v[i];
  }
  return out;
}

function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length) {
      cur += s[i] + s[i + 1];
      i++;
    } else if (s[i] === sep) {
      out.push(cur);
      cur = '';
    } else cur += s[i];
  }
  out.push(cur);
  return out;
}

export function parseFieldSelector(s: string | undefined): FieldSelector {
  if (!s || !s.trim()) return everythingFields;
  const reqs: FieldRequirement[] = [];
  for (const part of splitUnescaped(s, ',')) {
    if (part === '') continue;
    let m: RegExpExecArray | null;
    let field: string;
    let op: '=' | '!=';
    let value: string;
    if ((m = /^([^=!]*)!=(.*)$/.exec(part))) {
      [field, op, value] = [m[1], '!=', m[2]];
    } else if ((m = /^([^=!]*)==(.*)$/.exec(part))) {
      [field, op, value] = [m[1], '=', m[2]];
    } else if ((m = /^([^=!]*)=(.*)$/.exec(part))) {
      [field, op, value] = [m[1], '=', m[2]];
    } else {
      throw badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    }
    reqs.push({ field: field.trim(), op, value: unescapeFieldValue(value) });
  }
  return {
    requirements: reqs,
    empty: reqs.length === 0,
    matches: (fields) => reqs.every((r) => (r.op === '=' ? fields[r.field] === r.value : fields[r.field] !== r.value)),
  };
}
