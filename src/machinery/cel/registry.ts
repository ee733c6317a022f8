// Function/overload registry shared by the checker (static signatures) and
// the interpreter (runtime dispatch).
import { T, type CelType } from './types.js';
import type { CelValue } from './values.js';

export interface CallCtx {
  /** add runtime cost */
  cost(n: number): void;
}

export type Impl = (args: CelValue[], ctx: CallCtx) => CelValue;

export interface Overload {
  name: string;
  recv: boolean;
  /** receiver first when recv */
  params: CelType[];
  result: CelType;
  impl: Impl;
}

export const FUNCS = new Map<string, Overload[]>();

const opaqueNames = new Set<string>();
export function registerOpaque(name: string): void {
  opaqueNames.add(name);
}
export function isOpaqueName(name: string): boolean {
  return opaqueNames.has(name);
}

function parseType(s: string): CelType {
  s = s.trim();
  const m = /^([\w.]+)(?:\((.*)\))?$/.exec(s);
  if (!m) throw new Error(`bad type ${s}`);
  const [, name, inner] = m;
  const parts = inner === undefined ? [] : splitTop(inner);
  switch (name) {
    case 'int':
    case 'uint':
    case 'double':
    case 'string':
    case 'bytes':
    case 'bool':
    case 'dyn':
    case 'timestamp':
    case 'duration':
      return { k: name } as CelType;
    case 'null_type':
      return T.null;
    case 'list':
      return T.list(parseType(parts[0]));
    case 'map':
      return T.map(parseType(parts[0]), parseType(parts[1]));
    case 'type':
      return T.type(parts.length ? parseType(parts[0]) : T.dyn);
    case 'optional':
      return T.optional(parseType(parts[0]));
    case 'A':
    case 'B':
    case 'K':
    case 'V':
      return T.param(name);
    default:
      registerOpaque(name);
      return T.opaque(name);
  }
}

function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur);
  return out;
}

/**
 * declare overloads: "(int, int) int" for a global function,
 * "string.(string) bool" for a receiver-style one
 */
export function def(name: string, sigs: string | string[], impl: Impl): void {
  for (const sig of Array.isArray(sigs) ? sigs : [sigs]) {
    const open = sig.startsWith('(') ? 0 : sig.indexOf('.(') + 1;
    let depth = 0;
    let close = open;
    for (; close < sig.length; close++) {
      if (sig[close] === '(') depth++;
      else if (sig[close] === ')' && --depth === 0) break;
    }
    const recvText = open > 0 ? sig.slice(0, open - 1) : undefined;
    const recv = recvText !== undefined;
    const params = splitTop(sig.slice(open + 1, close)).map(parseType);
    if (recvText !== undefined) params.unshift(parseType(recvText));
    const result = parseType(sig.slice(close + 1));
    const list = FUNCS.get(name) ?? [];
    list.push({ name, recv, params, result, impl });
    FUNCS.set(name, list);
  }
}
