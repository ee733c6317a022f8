// Type checker: resolves identifiers, fields and overloads against the
// declared variables, reporting errors in cel-go's wording.
import type { Expr } from './parser.js';
import { FUNCS, isOpaqueName, type Overload } from './registry.js';
import { T, assignable, fmtType, joinTypes, substitute, type CelType, type Subst } from './types.js';
import { compileRe2 } from './regex.js';
import { parseGoDuration, parseRfc3339 } from './time.js';
import { CelDuration, CelTimestamp, CelUint, type CelValue } from './values.js';

export interface CheckIssue {
  pos: number;
  message: string;
}

export interface Checked {
  type: CelType;
  issues: CheckIssue[];
  /** overload candidates per call node id */
  overloads: Map<number, Overload[]>;
  /** call nodes whose target is a namespace: node id -> qualified function name */
  qualified: Map<number, string>;
  /** ident / select nodes that name a type: node id -> type name */
  typeRefs: Map<number, string>;
  /** variables referenced */
  refs: Set<string>;
}

const TYPE_NAMES: Record<string, string> = {
  int: 'int',
  uint: 'uint',
  double: 'double',
  bool: 'bool',
  string: 'string',
  bytes: 'bytes',
  list: 'list',
  map: 'map',
  null_type: 'null_type',
  type: 'type',
  'google.protobuf.Timestamp': 'google.protobuf.Timestamp',
  'google.protobuf.Duration': 'google.protobuf.Duration',
  optional_type: 'optional_type',
};

function typeOfLiteral(v: CelValue): CelType {
  if (v === null) return T.null;
  switch (typeof v) {
    case 'bigint':
      return T.int;
    case 'number':
      return T.double;
    case 'string':
      return T.string;
    case 'boolean':
      return T.bool;
  }
  if (v instanceof Uint8Array) return T.bytes;
  if (v instanceof CelUint) return T.uint;
  if (v instanceof CelTimestamp) return T.timestamp;
  if (v instanceof CelDuration) return T.duration;
  return T.dyn;
}

type Scope = { name: string; type: CelType; parent?: Scope } | undefined;

function lookup(scope: Scope, name: string): CelType | undefined {
  for (let s = scope; s; s = s.parent) if (s.name === name) return s.type;
  return undefined;
}

/** dotted name of an ident/select chain, when it is one */
export function qualifiedName(e: Expr): string | undefined {
  if (e.t === 'ident') return e.name;
  if (e.t === 'select' && !e.optional) {
    const q = qualifiedName(e.operand);
    return q === undefined ? undefined : `${q}.${e.field}`;
  }
  return undefined;
}

function rootIdent(e: Expr): string | undefined {
  if (e.t === 'ident') return e.name;
  if (e.t === 'select') return rootIdent(e.operand);
  return undefined;
}

export function check(root: Expr, vars: Map<string, CelType>): Checked {
  const out: Checked = { type: T.dyn, issues: [], overloads: new Map(), qualified: new Map(), typeRefs: new Map(), refs: new Set() };
  const issue = (pos: number, message: string): CelType => {
    out.issues.push({ pos, message });
    return T.error;
  };
  const formatArgs = new Set<number>();
  const isVar = (name: string, scope: Scope) => lookup(scope, name) !== undefined || vars.has(name);

  function resolveCall(e: Expr & { t: 'call' }, name: string, recv: boolean, argTypes: CelType[], scope: Scope): CelType {
    void scope;
    const all = FUNCS.get(name);
    if (!all) return issue(e.pos, `undeclared reference to '${name}' (in container '')`);
    if (argTypes.some((t) => t.k === 'error')) return T.error;
    const matches: Overload[] = [];
    const results: CelType[] = [];
    for (const o of all) {
      if (o.recv !== recv || o.params.length !== argTypes.length) continue;
      const s: Subst = new Map();
      if (o.params.every((p, i) => assignable(p, argTypes[i], s))) {
        matches.push(o);
        results.push(substitute(o.result, s));
      }
    }
    if (!matches.length) {
      const shown = recv ? `${fmtType(argTypes[0])}.(${argTypes.slice(1).map(fmtType).join(', ')})` : `(${argTypes.map(fmtType).join(', ')})`;
      return issue(e.pos, `found no matching overload for '${name}' applied to '${shown}'`);
    }
    out.overloads.set(e.id, matches);
    literalChecks(e, name, recv);
    let r = results[0];
    for (const x of results.slice(1)) {
      const j = joinTypes(r, x);
      if (!j || j.k !== r.k) {
        r = T.dyn;
        break;
      }
    }
    return r;
  }

  // literal arguments validated at compile time (regex, duration, timestamp)
  function literalChecks(e: Expr & { t: 'call' }, name: string, recv: boolean) {
    const litArg = (i: number): string | undefined => {
      const a = e.args[i];
      return a && a.t === 'lit' && typeof a.v === 'string' ? a.v : undefined;
    };
    if (name === 'matches' || name === 'find' || name === 'findAll') {
      const idx = recv ? 0 : 1;
      const pat = litArg(idx);
      if (pat !== undefined) {
        try {
          compileRe2(pat);
        } catch (err) {
          issue(e.args[idx].pos, `invalid matches argument`);
          void err;
        }
      }
    } else if (!recv && (name === 'duration' || name === 'timestamp')) {
      const v = litArg(0);
      if (v === undefined) return;
      const okv = name === 'duration' ? parseGoDuration(v) !== undefined : parseRfc3339(v) !== undefined;
      if (!okv) issue(e.args[0].pos, `invalid ${name} argument`);
    }
  }

  function fieldType(e: Expr, t: CelType, field: string): CelType {
    switch (t.k) {
      case 'object': {
        const f = t.fields.get(field);
        return f ?? issue(e.pos, `undefined field '${field}'`);
      }
      case 'map':
        if (t.key.k !== 'string' && t.key.k !== 'dyn' && t.key.k !== 'param') return issue(e.pos, `type '${fmtType(t)}' does not support field selection`);
        return t.val;
      case 'dyn':
      case 'error':
      case 'param':
        return T.dyn;
      default:
        return issue(e.pos, `type '${fmtType(t)}' does not support field selection`);
    }
  }

  function rangeVars(e: Expr & { t: 'macro' }, t: CelType, two: boolean): [CelType, CelType] | undefined {
    switch (t.k) {
      case 'list':
        return two ? [T.int, t.elem] : [t.elem, T.dyn];
      case 'map':
        return [t.key, t.val];
      case 'dyn':
      case 'error':
      case 'param':
        return [T.dyn, T.dyn];
      default:
        issue(e.target.pos, `expression of type '${fmtType(t)}' cannot be range of a comprehension (must be list, map, or dynamic)`);
        return undefined;
    }
  }

  function wantBool(e: Expr, t: CelType, op: string, accu = 'bool') {
    if (t.k !== 'bool' && t.k !== 'dyn' && t.k !== 'error') issue(e.pos, `found no matching overload for '${op}' applied to '(${accu}, ${fmtType(t)})'`);
  }

  function ck(e: Expr, scope: Scope): CelType {
    switch (e.t) {
      case 'lit':
        return typeOfLiteral(e.v);
      case 'ident': {
        const local = lookup(scope, e.name);
        if (local) return local;
        const v = vars.get(e.name);
        if (v) {
          out.refs.add(e.name);
          return v;
        }
        if (TYPE_NAMES[e.name]) {
          out.typeRefs.set(e.id, TYPE_NAMES[e.name]);
          return T.type(T.dyn);
        }
        return issue(e.pos, `undeclared reference to '${e.name}' (in container '')`);
      }
      case 'select': {
        const q = qualifiedName(e);
        const r = rootIdent(e);
        if (q !== undefined && r !== undefined && !isVar(r, scope)) {
          if (TYPE_NAMES[q] || isOpaqueName(q)) {
            out.typeRefs.set(e.id, TYPE_NAMES[q] ?? q);
            return T.type(T.dyn);
          }
        }
        let t = ck(e.operand, scope);
        if (e.optional) {
          if (t.k === 'optional') t = t.elem;
          const f = fieldType(e, t, e.field);
          return f.k === 'error' ? f : T.optional(f);
        }
        return fieldType(e, t, e.field);
      }
      case 'has': {
        const t = ck(e.operand, scope);
        if (t.k === 'object' || t.k === 'map' || t.k === 'dyn' || t.k === 'error') {
          const f = fieldType(e, t, e.field);
          return f.k === 'error' ? f : T.bool;
        }
        return issue(e.pos, `invalid argument to has() macro`);
      }
      case 'list': {
        if (formatArgs.has(e.id)) {
          e.elems.forEach((x) => ck(x, scope));
          return T.list(T.dyn);
        }
        let elem: CelType | undefined;
        e.elems.forEach((x, i) => {
          let t = ck(x, scope);
          if (e.optional[i]) {
            if (t.k === 'optional') t = t.elem;
            else if (t.k !== 'dyn' && t.k !== 'error') t = issue(x.pos, `found no matching overload for 'optional list element' applied to '(${fmtType(t)})'`);
          }
          if (t.k === 'error') return;
          if (!elem) elem = t;
          else {
            const j = joinTypes(elem, t);
            if (!j) issue(x.pos, `expected type '${fmtType(elem)}' but found '${fmtType(t)}'`);
            else elem = j;
          }
        });
        return T.list(elem ?? T.dyn);
      }
      case 'map': {
        let kt: CelType | undefined;
        let vt: CelType | undefined;
        for (const en of e.entries) {
          const k = ck(en.key, scope);
          let v = ck(en.val, scope);
          if (en.optional && v.k === 'optional') v = v.elem;
          if (!['int', 'uint', 'string', 'bool', 'dyn', 'error'].includes(k.k)) issue(en.key.pos, `unsupported map key type: ${fmtType(k)}`);
          if (k.k !== 'error') {
            if (!kt) kt = k;
            else {
              const j = joinTypes(kt, k);
              if (!j) issue(en.key.pos, `expected type '${fmtType(kt)}' but found '${fmtType(k)}'`);
              else kt = j;
            }
          }
          if (v.k !== 'error') {
            if (!vt) vt = v;
            else {
              const j = joinTypes(vt, v);
              if (!j) issue(en.val.pos, `expected type '${fmtType(vt)}' but found '${fmtType(v)}'`);
              else vt = j;
            }
          }
        }
        return T.map(kt ?? T.dyn, vt ?? T.dyn);
      }
      case 'call':
        return ckCall(e, scope);
      case 'macro':
        return ckMacro(e, scope);
    }
  }

  function ckCall(e: Expr & { t: 'call' }, scope: Scope): CelType {
    switch (e.fn) {
      case '_&&_':
      case '_||_': {
        const a = ck(e.args[0], scope);
        const b = ck(e.args[1], scope);
        if ([a, b].some((t) => t.k !== 'bool' && t.k !== 'dyn' && t.k !== 'error'))
          return issue(e.pos, `found no matching overload for '${e.fn}' applied to '(${fmtType(a)}, ${fmtType(b)})'`);
        return T.bool;
      }
      case '_?_:_': {
        const c = ck(e.args[0], scope);
        const a = ck(e.args[1], scope);
        const b = ck(e.args[2], scope);
        if (c.k !== 'bool' && c.k !== 'dyn' && c.k !== 'error') return issue(e.pos, `found no matching overload for '_?_:_' applied to '(${fmtType(c)}, ${fmtType(a)}, ${fmtType(b)})'`);
        if (a.k === 'error' || b.k === 'error') return T.error;
        const j = joinTypes(a, b);
        if (!j) return issue(e.pos, `found no matching overload for '_?_:_' applied to '(${fmtType(c)}, ${fmtType(a)}, ${fmtType(b)})'`);
        return j;
      }
      case '_[_]':
      case '_[?_]': {
        let t = ck(e.args[0], scope);
        const i = ck(e.args[1], scope);
        if (t.k === 'error' || i.k === 'error') return T.error;
        const opt = e.fn === '_[?_]';
        if (opt && t.k === 'optional') t = t.elem;
        const wrap = (r: CelType) => (opt ? T.optional(r) : r);
        if (t.k === 'list' && ['int', 'uint', 'dyn'].includes(i.k)) return wrap(t.elem);
        if (t.k === 'map' && assignable(t.key, i, new Map())) return wrap(t.val);
        if (t.k === 'dyn') return wrap(T.dyn);
        return issue(e.pos, `found no matching overload for '${e.fn}' applied to '(${fmtType(t)}, ${fmtType(i)})'`);
      }
    }
    // list literals passed to string.format may mix element types
    if (e.fn === 'format' && e.target && e.args.length === 1 && e.args[0].t === 'list') formatArgs.add(e.args[0].id);
    if (e.target) {
      const q = qualifiedName(e.target);
      const r = rootIdent(e.target);
      if (q !== undefined && r !== undefined && !isVar(r, scope) && FUNCS.has(`${q}.${e.fn}`)) {
        const name = `${q}.${e.fn}`;
        out.qualified.set(e.id, name);
        return resolveCall(e, name, false, e.args.map((a) => ck(a, scope)), scope);
      }
      const tt = ck(e.target, scope);
      return resolveCall(e, e.fn, true, [tt, ...e.args.map((a) => ck(a, scope))], scope);
    }
    return resolveCall(e, e.fn, false, e.args.map((a) => ck(a, scope)), scope);
  }

  function ckMacro(e: Expr & { t: 'macro' }, scope: Scope): CelType {
    const tt = ck(e.target, scope);
    if (e.name === 'optMap' || e.name === 'optFlatMap') {
      if (tt.k !== 'optional' && tt.k !== 'dyn' && tt.k !== 'error') return issue(e.pos, `found no matching overload for '${e.name}' applied to '${fmtType(tt)}'`);
      const inner = tt.k === 'optional' ? tt.elem : T.dyn;
      const r = ck(e.args[0], { name: e.vars[0], type: inner, parent: scope });
      if (e.name === 'optMap') return T.optional(r);
      if (r.k !== 'optional' && r.k !== 'dyn' && r.k !== 'error') return issue(e.args[0].pos, `found no matching overload for 'optFlatMap' applied to '(${fmtType(r)})'`);
      return r.k === 'optional' ? r : T.optional(T.dyn);
    }
    const two = e.vars.length === 2;
    const rv = rangeVars(e, tt, two);
    if (!rv) return T.error;
    let s: Scope = { name: e.vars[0], type: rv[0], parent: scope };
    if (two) s = { name: e.vars[1], type: rv[1], parent: s };
    switch (e.name) {
      case 'all':
      case 'exists':
      case 'exists_one':
      case 'existsOne': {
        const p = ck(e.args[0], s);
        wantBool(e.args[0], p, e.name === 'all' ? '_&&_' : e.name === 'exists' ? '_||_' : '_==_');
        return T.bool;
      }
      case 'map': {
        if (e.args.length === 2) wantBool(e.args[0], ck(e.args[0], s), '_?_:_', 'bool');
        const f = ck(e.args[e.args.length - 1], s);
        return T.list(f.k === 'error' ? T.dyn : f);
      }
      case 'filter': {
        wantBool(e.args[0], ck(e.args[0], s), '_?_:_', 'bool');
        return T.list(rv[0]);
      }
      case 'sortBy': {
        ck(e.args[0], s);
        return tt.k === 'list' ? tt : T.list(T.dyn);
      }
      case 'transformList':
      case 'transformMap':
      case 'transformMapEntry': {
        if (e.args.length === 2) wantBool(e.args[0], ck(e.args[0], s), '_?_:_', 'bool');
        const f = ck(e.args[e.args.length - 1], s);
        if (e.name === 'transformList') return T.list(f.k === 'error' ? T.dyn : f);
        if (e.name === 'transformMap') return T.map(tt.k === 'list' ? T.int : rv[0], f.k === 'error' ? T.dyn : f);
        if (f.k === 'map') return f;
        if (f.k !== 'dyn' && f.k !== 'error') return issue(e.args[e.args.length - 1].pos, `found no matching overload for 'transformMapEntry' applied to '(${fmtType(f)})'`);
        return T.map(T.dyn, T.dyn);
      }
    }
    return issue(e.pos, `undeclared reference to '${e.name}' (in container '')`);
  }

  out.type = ck(root, undefined);
  return out;
}
