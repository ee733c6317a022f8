// CEL lexer and recursive-descent parser producing a small AST. Macros
// (has, all, exists, exists_one, map, filter and the two-variable forms)
// are recognised here and become 'macro' / 'has' nodes.
import { CelUint, INT_MAX, INT_MIN, UINT_MAX, type CelValue } from './values.js';

export type Expr =
  | { id: number; pos: number; t: 'lit'; v: CelValue }
  | { id: number; pos: number; t: 'ident'; name: string }
  | { id: number; pos: number; t: 'select'; operand: Expr; field: string; optional: boolean }
  | { id: number; pos: number; t: 'has'; operand: Expr; field: string }
  | { id: number; pos: number; t: 'call'; fn: string; target?: Expr; args: Expr[] }
  | { id: number; pos: number; t: 'list'; elems: Expr[]; optional: boolean[] }
  | { id: number; pos: number; t: 'map'; entries: { key: Expr; val: Expr; optional: boolean }[] }
  | { id: number; pos: number; t: 'macro'; name: string; target: Expr; vars: string[]; args: Expr[] };

type DistOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export class CelSyntaxError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

type TokKind = 'ident' | 'int' | 'uint' | 'double' | 'string' | 'bytes' | 'punct' | 'eof';
interface Tok {
  k: TokKind;
  text: string;
  pos: number;
  v?: CelValue;
}

const RESERVED = new Set([
  'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);

const PUNCT = ['&&', '||', '==', '!=', '<=', '>=', '.?', '[?', '<', '>', '+', '-', '*', '/', '%', '!', '?', ':', '.', ',', '(', ')', '[', ']', '{', '}', '='];

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
function isIdStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isHex(c: string): boolean {
  return /^[0-9a-fA-F]$/.test(c);
}

function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    const start = i;
    // string / bytes literal with optional prefix
    let j = i;
    let raw = false;
    let bytes = false;
    while (j < n && j - i < 2 && /[rRbB]/.test(src[j])) {
      if (src[j] === 'r' || src[j] === 'R') {
        if (raw) break;
        raw = true;
      } else {
        if (bytes) break;
        bytes = true;
      }
      j++;
    }
    if (j < n && (src[j] === '"' || src[j] === "'")) {
      const { value, end } = lexString(src, j, raw, bytes);
      toks.push({ k: bytes ? 'bytes' : 'string', text: src.slice(start, end), pos: start, v: value });
      i = end;
      continue;
    }
    if (isIdStart(c)) {
      while (i < n && (isIdStart(src[i]) || isDigit(src[i]))) i++;
      toks.push({ k: 'ident', text: src.slice(start, i), pos: start });
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(src[i + 1] ?? ''))) {
      if (c === '0' && (src[i + 1] === 'x' || src[i + 1] === 'X') && isHex(src[i + 2] ?? '')) {
        i += 2;
        while (i < n && isHex(src[i])) i++;
        const text = src.slice(start, i);
        const v = BigInt(text);
        if (src[i] === 'u' || src[i] === 'U') {
          i++;
          toks.push({ k: 'uint', text: src.slice(start, i), pos: start, v });
        } else toks.push({ k: 'int', text, pos: start, v });
        continue;
      }
      while (i < n && isDigit(src[i])) i++;
      let isDouble = false;
      if (src[i] === '.' && isDigit(src[i + 1] ?? '')) {
        isDouble = true;
        i++;
        while (i < n && isDigit(src[i])) i++;
      }
      if ((src[i] === 'e' || src[i] === 'E') && (isDigit(src[i + 1] ?? '') || ((src[i + 1] === '+' || src[i + 1] === '-') && isDigit(src[i + 2] ?? '')))) {
        isDouble = true;
        i += 2;
        while (i < n && isDigit(src[i])) i++;
      }
      const text = src.slice(start, i);
      if (isDouble) {
        toks.push({ k: 'double', text, pos: start, v: Number(text) });
      } else if (src[i] === 'u' || src[i] === 'U') {
        i++;
        toks.push({ k: 'uint', text: src.slice(start, i), pos: start, v: BigInt(text) });
      } else toks.push({ k: 'int', text, pos: start, v: BigInt(text) });
      continue;
    }
    const p = PUNCT.find((x) => src.startsWith(x, i));
    if (p) {
      // '.?' only when followed by an identifier start (else it's '.' then '?')
      if (p === '.?' && !isIdStart(src[i + 2] ?? '') && src[i + 2] !== ' ') {
        toks.push({ k: 'punct', text: '.', pos: start });
        i++;
        continue;
      }
      toks.push({ k: 'punct', text: p, pos: start });
      i += p.length;
      continue;
    }
    throw new CelSyntaxError(`Syntax error: token recognition error at: '${c}'`, i);
  }
  toks.push({ k: 'eof', text: '<EOF>', pos: n });
  return toks;
}

function lexString(src: string, at: number, raw: boolean, bytes: boolean): { value: CelValue; end: number } {
  const q = src[at];
  const triple = src.startsWith(q + q + q, at);
  const delim = triple ? q + q + q : q;
  let i = at + delim.length;
  const out: number[] = []; // code points (string) or bytes
  const pushChar = (cp: number) => {
    if (bytes) out.push(...new TextEncoder().encode(String.fromCodePoint(cp)));
    else out.push(cp);
  };
  for (;;) {
    if (i >= src.length) throw new CelSyntaxError(`Syntax error: token recognition error at: '${src.slice(at)}'`, at);
    if (src.startsWith(delim, i)) {
      i += delim.length;
      break;
    }
    const c = src[i];
    if (!triple && (c === '\n' || c === '\r')) throw new CelSyntaxError(`Syntax error: token recognition error at: '${src.slice(at, i + 1)}'`, at);
    if (c === '\\' && !raw) {
      const e = src[i + 1];
      const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, "'": 39, '"': 34, '`': 96, '?': 63 };
      if (e in simple) {
        out.push(simple[e]);
        i += 2;
        continue;
      }
      if (e === 'x' || e === 'X') {
        const h = src.slice(i + 2, i + 4);
        if (!/^[0-9a-fA-F]{2}$/.test(h)) throw new CelSyntaxError(`Syntax error: token recognition error at: '${src.slice(at, i + 2)}'`, at);
        if (bytes) out.push(parseInt(h, 16));
        else pushChar(parseInt(h, 16));
        i += 4;
        continue;
      }
      if (e === 'u' || e === 'U') {
        const len = e === 'u' ? 4 : 8;
        const h = src.slice(i + 2, i + 2 + len);
        if (bytes || !new RegExp(`^[0-9a-fA-F]{${len}}$`).test(h)) throw new CelSyntaxError(`Syntax error: token recognition error at: '${src.slice(at, i + 2)}'`, at);
        const cp = parseInt(h, 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) throw new CelSyntaxError(`Syntax error: invalid unicode code point`, at);
        pushChar(cp);
        i += 2 + len;
        continue;
      }
      if (e >= '0' && e <= '3') {
        const o = src.slice(i + 1, i + 4);
        if (!/^[0-3][0-7]{2}$/.test(o)) throw new CelSyntaxError(`Syntax error: token recognition error at: '${src.slice(at, i + 2)}'`, at);
        if (bytes) out.push(parseInt(o, 8));
        else pushChar(parseInt(o, 8));
        i += 4;
        continue;
      }
      throw new CelSyntaxError(`Syntax error: token recognition error at: '${src.slice(at, i + 2)}'`, at);
    }
    const cp = src.codePointAt(i)!;
    pushChar(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  if (bytes) return { value: Uint8Array.from(out), end: i };
  return { value: String.fromCodePoint(...out), end: i };
}

const TWO_VAR_MACROS = new Set(['all', 'exists', 'existsOne', 'exists_one', 'transformList', 'transformMap', 'transformMapEntry']);

export function parse(src: string): Expr {
  const toks = lex(src);
  let p = 0;
  let nextId = 1;
  const peek = () => toks[p];
  const next = () => toks[p++];
    const mk = (e: DistOmit<Expr, 'id'>): Expr => ({ ...e, id: nextId++ }) as Expr;
  const err = (tok: Tok, expecting?: string): never => {
    const t = tok.k === 'eof' ? '<EOF>' : tok.text;
    throw new CelSyntaxError(expecting ? `Syntax error: mismatched input '${t}' expecting ${expecting}` : `Syntax error: extraneous input '${t}'`, tok.pos);
  };
  const is = (text: string) => peek().k === 'punct' && peek().text === text;
  const expect = (text: string) => {
    if (!is(text)) err(peek(), `'${text}'`);
    return next();
  };
  let depth = 0;

  function expr(): Expr {
    if (++depth > 250) throw new CelSyntaxError('expression recursion limit exceeded', peek().pos);
    const cond = or();
    let result = cond;
    if (is('?')) {
      const q = next();
      const a = or();
      expect(':');
      const b = expr();
      result = mk({ t: 'call', fn: '_?_:_', args: [cond, a, b], pos: q.pos });
    }
    depth--;
    return result;
  }
  function or(): Expr {
    let l = and();
    while (is('||')) {
      const op = next();
      l = mk({ t: 'call', fn: '_||_', args: [l, and()], pos: op.pos });
    }
    return l;
  }
  function and(): Expr {
    let l = rel();
    while (is('&&')) {
      const op = next();
      l = mk({ t: 'call', fn: '_&&_', args: [l, rel()], pos: op.pos });
    }
    return l;
  }
  const relOps: Record<string, string> = { '<': '_<_', '<=': '_<=_', '>': '_>_', '>=': '_>=_', '==': '_==_', '!=': '_!=_' };
  function rel(): Expr {
    let l = add();
    for (;;) {
      const t = peek();
      if (t.k === 'punct' && relOps[t.text]) {
        next();
        l = mk({ t: 'call', fn: relOps[t.text], args: [l, add()], pos: t.pos });
      } else if (t.k === 'ident' && t.text === 'in') {
        next();
        l = mk({ t: 'call', fn: '@in', args: [l, add()], pos: t.pos });
      } else return l;
    }
  }
  function add(): Expr {
    let l = mul();
    while (is('+') || is('-')) {
      const op = next();
      l = mk({ t: 'call', fn: op.text === '+' ? '_+_' : '_-_', args: [l, mul()], pos: op.pos });
    }
    return l;
  }
  function mul(): Expr {
    let l = unary();
    while (is('*') || is('/') || is('%')) {
      const op = next();
      l = mk({ t: 'call', fn: `_${op.text}_`, args: [l, unary()], pos: op.pos });
    }
    return l;
  }
  function unary(): Expr {
    if (is('!')) {
      const op = next();
      return mk({ t: 'call', fn: '!_', args: [unary()], pos: op.pos });
    }
    if (is('-')) {
      const op = next();
      // negative numeric literals are folded
      const t = peek();
      if (t.k === 'int' && !isMemberFollow(toks[p + 1])) {
        next();
        const v = -(t.v as bigint);
        if (v < INT_MIN) throw new CelSyntaxError('invalid int literal', t.pos);
        return mk({ t: 'lit', v, pos: op.pos });
      }
      if (t.k === 'double' && !isMemberFollow(toks[p + 1])) {
        next();
        return mk({ t: 'lit', v: -(t.v as number), pos: op.pos });
      }
      return mk({ t: 'call', fn: '-_', args: [unary()], pos: op.pos });
    }
    return member();
  }
  function isMemberFollow(t: Tok | undefined): boolean {
    return !!t && t.k === 'punct' && (t.text === '.' || t.text === '[' || t.text === '.?' || t.text === '[?');
  }
  function args(close: string): Expr[] {
    const out: Expr[] = [];
    if (is(close)) {
      next();
      return out;
    }
    for (;;) {
      out.push(expr());
      if (is(',')) {
        next();
        if (is(close) && close !== ')') {
          next();
          return out;
        }
        continue;
      }
      expect(close);
      return out;
    }
  }
  function member(): Expr {
    let e = primary();
    for (;;) {
      if (is('.') || is('.?')) {
        const dot = next();
        const id = peek();
        if (id.k !== 'ident') err(id, 'IDENTIFIER');
        next();
        if (dot.text === '.' && is('(')) {
          const open = next();
          const a = args(')');
          e = makeCall(id.text, e, a, open.pos, id.pos);
        } else {
          e = mk({ t: 'select', operand: e, field: id.text, optional: dot.text === '.?', pos: dot.pos });
        }
      } else if (is('[') || is('[?')) {
        const open = next();
        const i = expr();
        expect(']');
        e = mk({ t: 'call', fn: open.text === '[' ? '_[_]' : '_[?_]', args: [e, i], pos: open.pos });
      } else return e;
    }
  }
  function primary(): Expr {
    const t = peek();
    switch (t.k) {
      case 'int': {
        next();
        if ((t.v as bigint) > INT_MAX) throw new CelSyntaxError('invalid int literal', t.pos);
        return mk({ t: 'lit', v: t.v!, pos: t.pos });
      }
      case 'uint': {
        next();
        if ((t.v as bigint) > UINT_MAX) throw new CelSyntaxError('invalid uint literal', t.pos);
        return mk({ t: 'lit', v: new CelUint(t.v as bigint), pos: t.pos });
      }
      case 'double':
      case 'string':
      case 'bytes':
        next();
        return mk({ t: 'lit', v: t.v!, pos: t.pos });
      case 'ident': {
        next();
        if (t.text === 'true' || t.text === 'false') return mk({ t: 'lit', v: t.text === 'true', pos: t.pos });
        if (t.text === 'null') return mk({ t: 'lit', v: null, pos: t.pos });
        if (t.text === 'in' || RESERVED.has(t.text)) return err(t, undefined);
        if (is('(')) {
          const open = next();
          return makeCall(t.text, undefined, args(')'), open.pos, t.pos);
        }
        return mk({ t: 'ident', name: t.text, pos: t.pos });
      }
      case 'punct':
        if (t.text === '(') {
          next();
          const e = expr();
          expect(')');
          return e;
        }
        if (t.text === '[') {
          next();
          const elems: Expr[] = [];
          const optional: boolean[] = [];
          while (!is(']')) {
            let opt = false;
            if (is('?')) {
              next();
              opt = true;
            }
            elems.push(expr());
            optional.push(opt);
            if (is(',')) next();
            else if (!is(']')) err(peek(), "{']', ','}");
          }
          next();
          return mk({ t: 'list', elems, optional, pos: t.pos });
        }
        if (t.text === '{') {
          next();
          const entries: { key: Expr; val: Expr; optional: boolean }[] = [];
          while (!is('}')) {
            let opt = false;
            if (is('?')) {
              next();
              opt = true;
            }
            const key = expr();
            expect(':');
            const val = expr();
            entries.push({ key, val, optional: opt });
            if (is(',')) next();
            else if (!is('}')) err(peek(), "{'}', ','}");
          }
          next();
          return mk({ t: 'map', entries, pos: t.pos });
        }
        if (t.text === '.') {
          // leading-dot (root scope) identifier
          next();
          const id = peek();
          if (id.k !== 'ident') err(id, 'IDENTIFIER');
          next();
          if (is('(')) {
            const open = next();
            return makeCall(id.text, undefined, args(')'), open.pos, id.pos);
          }
          return mk({ t: 'ident', name: id.text, pos: id.pos });
        }
        break;
      case 'eof':
        break;
    }
    return err(t, "{'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}");
  }

  function simpleName(e: Expr): string {
    if (e.t !== 'ident') throw new CelSyntaxError('argument must be a simple name', e.pos);
    return e.name;
  }

  function makeCall(name: string, target: Expr | undefined, a: Expr[], pos: number, namePos: number): Expr {
    if (!target) {
      if (name === 'has' && a.length === 1) {
        const s = a[0];
        if (s.t !== 'select' || s.optional) throw new CelSyntaxError('invalid argument to has() macro', pos);
        return mk({ t: 'has', operand: s.operand, field: s.field, pos });
      }
      return mk({ t: 'call', fn: name, args: a, pos });
    }
    const macro = (vars: number): Expr => {
      const names = a.slice(0, vars).map(simpleName);
      return mk({ t: 'macro', name, target, vars: names, args: a.slice(vars), pos });
    };
    switch (name) {
      case 'all':
      case 'exists':
      case 'exists_one':
      case 'existsOne':
        if (a.length === 2) return macro(1);
        if (a.length === 3) return macro(2);
        break;
      case 'map':
        if (a.length === 2 || a.length === 3) return macro(1);
        break;
      case 'filter':
        if (a.length === 2) return macro(1);
        break;
      case 'transformList':
      case 'transformMap':
      case 'transformMapEntry':
        if (a.length === 3 || a.length === 4) return macro(2);
        break;
      case 'optMap':
      case 'optFlatMap':
      case 'sortBy':
        if (a.length === 2) return macro(1);
        break;
    }
    void namePos;
    void TWO_VAR_MACROS;
    return mk({ t: 'call', fn: name, target, args: a, pos });
  }

  const e = expr();
  if (peek().k !== 'eof') err(peek(), '<EOF>');
  return e;
}
