// Static CEL types used by the checker and by overload declarations.

export type CelType =
  | { k: 'int' }
  | { k: 'uint' }
  | { k: 'double' }
  | { k: 'string' }
  | { k: 'bytes' }
  | { k: 'bool' }
  | { k: 'null' }
  | { k: 'dyn' }
  | { k: 'error' }
  | { k: 'timestamp' }
  | { k: 'duration' }
  | { k: 'list'; elem: CelType }
  | { k: 'map'; key: CelType; val: CelType }
  | { k: 'type'; of: CelType }
  | { k: 'optional'; elem: CelType }
  | { k: 'object'; name: string; fields: Map<string, CelType> }
  | { k: 'opaque'; name: string }
  | { k: 'param'; name: string };

export const T = {
  int: { k: 'int' } as CelType,
  uint: { k: 'uint' } as CelType,
  double: { k: 'double' } as CelType,
  string: { k: 'string' } as CelType,
  bytes: { k: 'bytes' } as CelType,
  bool: { k: 'bool' } as CelType,
  null: { k: 'null' } as CelType,
  dyn: { k: 'dyn' } as CelType,
  error: { k: 'error' } as CelType,
  timestamp: { k: 'timestamp' } as CelType,
  duration: { k: 'duration' } as CelType,
  list: (elem: CelType): CelType => ({ k: 'list', elem }),
  map: (key: CelType, val: CelType): CelType => ({ k: 'map', key, val }),
  type: (of: CelType): CelType => ({ k: 'type', of }),
  optional: (elem: CelType): CelType => ({ k: 'optional', elem }),
  opaque: (name: string): CelType => ({ k: 'opaque', name }),
  param: (name: string): CelType => ({ k: 'param', name }),
  object: (name: string, fields: Map<string, CelType>): CelType => ({ k: 'object', name, fields }),
};

export const A = T.param('A');
export const B = T.param('B');
export const K = T.param('K');
export const V = T.param('V');

/** cel-go's rendering of a type in checker messages */
export function fmtType(t: CelType): string {
  switch (t.k) {
    case 'null':
      return 'null_type';
    case 'timestamp':
      return 'google.protobuf.Timestamp';
    case 'duration':
      return 'google.protobuf.Duration';
    case 'list':
      return `list(${fmtType(t.elem)})`;
    case 'map':
      return `map(${fmtType(t.key)}, ${fmtType(t.val)})`;
    case 'type':
      return t.of.k === 'dyn' ? 'type' : `type(${fmtType(t.of)})`;
    case 'optional':
      return `optional_type(${fmtType(t.elem)})`;
    case 'object':
    case 'opaque':
    case 'param':
      return t.name;
    default:
      return t.k;
  }
}

export type Subst = Map<string, CelType>;

export function substitute(t: CelType, s: Subst, dynForUnbound = true): CelType {
  switch (t.k) {
    case 'param': {
      const b = s.get(t.name);
      return b ? substitute(b, s, dynForUnbound) : dynForUnbound ? T.dyn : t;
    }
    case 'list':
      return T.list(substitute(t.elem, s, dynForUnbound));
    case 'map':
      return T.map(substitute(t.key, s, dynForUnbound), substitute(t.val, s, dynForUnbound));
    case 'type':
      return T.type(substitute(t.of, s, dynForUnbound));
    case 'optional':
      return T.optional(substitute(t.elem, s, dynForUnbound));
    default:
      return t;
  }
}

function occurs(name: string, t: CelType, s: Subst): boolean {
  switch (t.k) {
    case 'param':
      if (t.name === name) return true;
      return s.has(t.name) ? occurs(name, s.get(t.name)!, s) : false;
    case 'list':
      return occurs(name, t.elem, s);
    case 'map':
      return occurs(name, t.key, s) || occurs(name, t.val, s);
    case 'type':
      return occurs(name, t.of, s);
    case 'optional':
      return occurs(name, t.elem, s);
    default:
      return false;
  }
}

/** can a value of type `arg` be passed where `param` is expected (binding type parameters in s) */
export function assignable(param: CelType, arg: CelType, s: Subst): boolean {
  if (param.k === 'param') {
    const b = s.get(param.name);
    if (b) {
      if (assignable(b, arg, s)) return true;
      // widen the binding when the new argument is more general (e.g. dyn)
      if (assignable(arg, b, s)) {
        s.set(param.name, arg);
        return true;
      }
      return false;
    }
    if (occurs(param.name, arg, s)) return false;
    s.set(param.name, arg);
    return true;
  }
  if (arg.k === 'param') {
    const b = s.get(arg.name);
    if (b) return assignable(param, b, s);
    s.set(arg.name, param);
    return true;
  }
  if (param.k === 'dyn' || arg.k === 'dyn' || param.k === 'error' || arg.k === 'error') return true;
  if (arg.k === 'null') {
    return param.k === 'null' || param.k === 'object' || param.k === 'timestamp' || param.k === 'duration' || param.k === 'opaque';
  }
  switch (param.k) {
    case 'list':
      return arg.k === 'list' && assignable(param.elem, arg.elem, s);
    case 'map':
      return arg.k === 'map' && assignable(param.key, arg.key, s) && assignable(param.val, arg.val, s);
    case 'type':
      return arg.k === 'type' && (param.of.k === 'dyn' || arg.of.k === 'dyn' || assignable(param.of, arg.of, s));
    case 'optional':
      return arg.k === 'optional' && assignable(param.elem, arg.elem, s);
    case 'object':
      return arg.k === 'object' && arg.name === param.name;
    case 'opaque':
      return arg.k === 'opaque' && arg.name === param.name;
    default:
      return param.k === arg.k;
  }
}

export function typeEquals(a: CelType, b: CelType): boolean {
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'list':
      return typeEquals(a.elem, (b as typeof a).elem);
    case 'map':
      return typeEquals(a.key, (b as typeof a).key) && typeEquals(a.val, (b as typeof a).val);
    case 'type':
      return typeEquals(a.of, (b as typeof a).of);
    case 'optional':
      return typeEquals(a.elem, (b as typeof a).elem);
    case 'object':
    case 'opaque':
    case 'param':
      return a.name === (b as typeof a).name;
    default:
      return true;
  }
}

/** the most general of two types, used to join branches and aggregate elements */
export function joinTypes(a: CelType, b: CelType): CelType | null {
  if (a.k === 'dyn' || a.k === 'error') return a;
  if (b.k === 'dyn' || b.k === 'error') return b;
  const s: Subst = new Map();
  if (assignable(a, b, s)) return a.k === 'null' ? b : a;
  if (assignable(b, a, s)) return b;
  return null;
}
