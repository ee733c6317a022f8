// Go (RE2) regular expressions on top of JavaScript's RegExp. Patterns in
// CRD schemas are Go regexps: this translates the RE2 syntax JavaScript
// spells differently (\A, \z, \pL, [[:alpha:]], \Q..\E, (?P<n>), leading
// flag groups, Go's \s and '.') and rejects what RE2 does not support
// (look-around, back references) with Go's error texts.

export class GoRegexpError extends Error {}

const cache = new Map<string, RegExp | GoRegexpError>();

const GENERAL_CATEGORIES = new Set([
  'L', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'M', 'Mn', 'Mc', 'Me', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf', 'Po',
  'S', 'Sm', 'Sc', 'Sk', 'So', 'Z', 'Zs', 'Zl', 'Zp', 'C', 'Cc', 'Cf', 'Cs', 'Co',
]);

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`\\{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

// characters that may be escaped with a backslash in a JavaScript 'u' regexp
const JS_SYNTAX = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/', '-']);

function err(msg: string): GoRegexpError {
  return new GoRegexpError(`error parsing regexp: ${msg}`);
}

function lit(c: string): string {
  const cp = c.codePointAt(0) ?? 0;
  if (/[0-9A-Za-z_ ]/.test(c)) return c;
  if (JS_SYNTAX.has(c) && c !== '-') return `\\${c}`;
  return `\\u{${cp.toString(16)}}`;
}

function unicodeClass(name: string, negated: boolean): string {
  let neg = negated;
  let n = name;
  if (n.startsWith('^')) {
    neg = !neg;
    n = n.slice(1);
  }
  if (n === 'Any') return neg ? '[^\\s\\S]' : '[\\s\\S]';
  const body = GENERAL_CATEGORIES.has(n) ? n : `Script=${n}`;
  return `${neg ? '\\P' : '\\p'}{${body}}`;
}

interface Escape {
  text: string;
  len: number;
}

/** translate one escape sequence starting at s[i] === '\\' */
function escape(s: string, i: number, inClass: boolean): Escape {
  const c = s[i + 1];
  if (c === undefined) throw err('trailing backslash at end of expression: ``');
  switch (c) {
    case 'A':
      if (inClass) throw err(`invalid escape sequence: \`\\A\``);
      return { text: '(?<![\\s\\S])', len: 2 };
    case 'z':
      if (inClass) throw err(`invalid escape sequence: \`\\z\``);
      return { text: '(?![\\s\\S])', len: 2 };
    case 'b':
    case 'B':
      if (inClass) throw err(`invalid escape sequence: \`\\${c}\``);
      return { text: `\\${c}`, len: 2 };
    case 'd':
    case 'D':
    case 'w':
    case 'W':
    case 'f':
    case 't':
    case 'n':
    case 'r':
    case 'v':
      return { text: `\\${c}`, len: 2 };
    case 'a':
      return { text: '\\x07', len: 2 };
    case 's':
      return { text: inClass ? '\\t\\n\\f\\r ' : '[\\t\\n\\f\\r ]', len: 2 };
    case 'S':
      if (inClass) return { text: '\\x00-\\x08\\x0B\\x0E-\\x1F\\x21-\\u{10FFFF}', len: 2 };
      return { text: '[^\\t\\n\\f\\r ]', len: 2 };
    case 'p':
    case 'P': {
      const neg = c === 'P';
      if (s[i + 2] === '{') {
        const end = s.indexOf('}', i + 3);
        if (end < 0) throw err(`invalid character class range: \`${s.slice(i)}\``);
        const name = s.slice(i + 3, end);
        const t = unicodeClass(name, neg);
        return { text: inClass && t.startsWith('[') ? t.slice(1, -1) : t, len: end - i + 1 };
      }
      const name = s[i + 2];
      if (!name) throw err(`invalid character class range: \`${s.slice(i)}\``);
      return { text: unicodeClass(name, neg), len: 3 };
    }
    case 'x': {
      if (s[i + 2] === '{') {
        const end = s.indexOf('}', i + 3);
        const hex = end < 0 ? '' : s.slice(i + 3, end);
        if (!/^[0-9A-Fa-f]{1,6}$/.test(hex) || parseInt(hex, 16) > 0x10ffff) throw err(`invalid escape sequence: \`${s.slice(i, end < 0 ? s.length : end + 1)}\``);
        return { text: `\\u{${hex}}`, len: end - i + 1 };
      }
      const hex = s.slice(i + 2, i + 4);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw err(`invalid escape sequence: \`${s.slice(i, i + 4)}\``);
      return { text: `\\x${hex}`, len: 4 };
    }
    default:
      break;
  }
  if (c >= '1' && c <= '9') throw err(`invalid escape sequence: \`\\${c}\``);
  if (c === '0') {
    const m = /^[0-7]{1,3}/.exec(s.slice(i + 1)) as RegExpExecArray;
    return { text: `\\u{${parseInt(m[0], 8).toString(16)}}`, len: 1 + m[0].length };
  }
  if (/[A-Za-z0-9]/.test(c)) throw err(`invalid escape sequence: \`\\${c}\``);
  // any other punctuation is a literal
  return { text: lit(c), len: 2 };
}

function translate(pattern: string): { source: string; flags: string } {
  let flags = 'u';
  let s = pattern;
  let dotAll = false;
  // leading flag group (?i) / (?s) / (?m) / (?is) ...
  const lead = /^\(\?([imsU]+)\)/.exec(s);
  if (lead) {
    for (const f of lead[1]) {
      if (f === 'i') flags += 'i';
      if (f === 'm') flags += 'm';
      if (f === 's') dotAll = true;
    }
    s = s.slice(lead[0].length);
  }
  let out = '';
  let depth = 0;
  let prevAtom = false; // something a repetition operator may apply to
  let repeat = 0; // 1 after a repetition operator, 2 after its non-greedy marker
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c === '\\') {
      if (s[i + 1] === 'Q') {
        const end = s.indexOf('\\E', i + 2);
        const text = end < 0 ? s.slice(i + 2) : s.slice(i + 2, end);
        for (const ch of text) out += lit(ch);
        i = end < 0 ? s.length : end + 2;
        prevAtom = text.length > 0;
        repeat = 0;
        continue;
      }
      const e = escape(s, i, false);
      out += e.text;
      i += e.len;
      prevAtom = !['A', 'z', 'b', 'B'].includes(s[i - e.len + 1]);
      repeat = 0;
      continue;
    }
    if (c === '[') {
      const start = i;
      let j = i + 1;
      let body = '';
      if (s[j] === '^') {
        body += '^';
        j++;
      }
      let first = true;
      for (;;) {
        if (j >= s.length) throw err(`missing closing ]: \`${s.slice(start)}\``);
        const d = s[j];
        if (d === ']' && !first) break;
        first = false;
        if (d === '[' && s[j + 1] === ':') {
          const end = s.indexOf(':]', j + 2);
          if (end > 0) {
            let name = s.slice(j + 2, end);
            let neg = false;
            if (name.startsWith('^')) {
              neg = true;
              name = name.slice(1);
            }
            const cls = POSIX[name];
            if (!cls) throw err(`invalid character class range: \`${s.slice(j, end + 2)}\``);
            if (neg) throw err(`invalid character class range: \`${s.slice(j, end + 2)}\``);
            body += cls;
            j = end + 2;
            continue;
          }
        }
        if (d === '\\') {
          const e = escape(s, j, true);
          body += e.text;
          j += e.len;
          continue;
        }
        if (d === '[' || d === ']' || d === '/' || d === '{' || d === '}' || d === '(' || d === ')' || d === '|') {
          body += `\\${d}`;
          j++;
          continue;
        }
        const cp = s.codePointAt(j) ?? 0;
        const ch = String.fromCodePoint(cp);
        body += ch;
        j += ch.length;
      }
      out += `[${body}]`;
      i = j + 1;
      prevAtom = true;
      repeat = 0;
      continue;
    }
    if (c === '(') {
      if (s[i + 1] === '?') {
        const rest = s.slice(i + 2);
        if (rest.startsWith('P<') || rest.startsWith('<')) {
          const off = rest.startsWith('P<') ? 2 : 1;
          if (rest.startsWith('<=') || rest.startsWith('<!')) throw err(`invalid or unsupported Perl syntax: \`(?${rest.slice(0, 2)}\``);
          const end = rest.indexOf('>');
          const name = end < 0 ? '' : rest.slice(off, end);
          if (!/^[A-Za-z0-9_]+$/.test(name)) throw err(`invalid named capture: \`${s.slice(i, end < 0 ? s.length : i + 3 + end)}\``);
          out += `(?<${name}>`;
          i += 2 + end + 1;
        } else if (rest.startsWith(':')) {
          out += '(?:';
          i += 3;
        } else {
          const m = /^([imsU-]*)(:|\))/.exec(rest);
          if (!m) throw err(`invalid or unsupported Perl syntax: \`${s.slice(i, i + 3)}\``);
          // inline flags: applied to the whole expression (an approximation)
          for (const f of m[1]) {
            if (f === 'i' && !flags.includes('i')) flags += 'i';
            if (f === 's') dotAll = true;
            if (f === 'm' && !flags.includes('m')) flags += 'm';
          }
          if (m[2] === ')') {
            i += 2 + m[0].length;
            continue;
          }
          out += '(?:';
          i += 2 + m[0].length;
        }
      } else {
        out += '(';
        i++;
      }
      depth++;
      prevAtom = false;
      repeat = 0;
      continue;
    }
    if (c === ')') {
      if (depth === 0) throw err(`unexpected ): \`${pattern}\``);
      depth--;
      out += ')';
      i++;
      prevAtom = true;
      repeat = 0;
      continue;
    }
    if (c === '*' || c === '+' || c === '?') {
      if (repeat === 1 && c === '?') {
        out += c;
        i++;
        repeat = 2;
        continue;
      }
      if (repeat > 0) throw err(`invalid nested repetition operator: \`${s.slice(i - 1, i + 1)}\``);
      if (!prevAtom) throw err(`missing argument to repetition operator: \`${c}\``);
      out += c;
      i++;
      repeat = 1;
      continue;
    }
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(i));
      if (m) {
        const lo = Number(m[1]);
        const hi = m[3] ? Number(m[3]) : lo;
        if (lo > 1000 || hi > 1000 || (m[3] && hi < lo)) throw err(`invalid repeat count: \`${m[0]}\``);
        if (repeat > 0) throw err(`invalid nested repetition operator: \`${m[0]}\``);
        if (!prevAtom) throw err(`missing argument to repetition operator: \`${m[0]}\``);
        out += m[0];
        i += m[0].length;
        repeat = 1;
        continue;
      }
      out += '\\{';
      i++;
      prevAtom = true;
      repeat = 0;
      continue;
    }
    if (c === '}') {
      out += '\\}';
      i++;
      prevAtom = true;
      repeat = 0;
      continue;
    }
    if (c === '.') {
      out += dotAll ? '[\\s\\S]' : '[^\\n]';
      i++;
      prevAtom = true;
      repeat = 0;
      continue;
    }
    if (c === '^' || c === '$' || c === '|') {
      out += c;
      i++;
      prevAtom = false;
      repeat = 0;
      continue;
    }
    if (c === '/') {
      out += '\\/';
      i++;
      prevAtom = true;
      repeat = 0;
      continue;
    }
    const cp = s.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    out += ch;
    i += ch.length;
    prevAtom = true;
    repeat = 0;
  }
  if (depth > 0) throw err(`missing closing ): \`${pattern}\``);
  return { source: out, flags };
}

/** regexp.Compile: a RegExp, or a GoRegexpError with Go's message */
export function compileGoRegexp(pattern: string): RegExp | GoRegexpError {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let res: RegExp | GoRegexpError;
  try {
    const t = translate(pattern);
    res = new RegExp(t.source, t.flags);
  } catch (e) {
    res = e instanceof GoRegexpError ? e : err(`${(e as Error).message}: \`${pattern}\``);
  }
  if (cache.size > 2000) cache.clear();
  cache.set(pattern, res);
  return res;
}

/** regexp.MatchString for a pattern known to compile */
export function goRegexpMatch(pattern: string, value: string): boolean {
  const re = compileGoRegexp(pattern);
  if (re instanceof GoRegexpError) return false;
  return re.test(value);
}
