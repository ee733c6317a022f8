// RE2 pattern syntax translated to a JS RegExp (with the 'u' flag). Constructs
// RE2 does not have (lookarounds, backreferences, possessive quantifiers) are
// rejected the way RE2 would reject them.

const cache = new Map<string, RegExp | string>();

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
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

function prop(e: string, name: string): string {
  return `\\${e}{${name.length > 2 && name !== 'Any' ? `Script=${name}` : name === 'Any' ? 'Any' : name}}`;
}

const SYNTAX = new Set('^$\\.*+?()[]{}|/-'.split(''));

/** error text in RE2's words */
function reErr(code: string, arg: string): string {
  return `error parsing regexp: ${code}: \`${arg}\``;
}

function translate(re: string): { src: string; flags: string } {
  let flags = 'u';
  let i = 0;
  // leading flag groups like (?i) (?s) (?m) (?U is not supported)
  for (;;) {
    const m = /^\(\?([imsU]+)\)/.exec(re.slice(i));
    if (!m) break;
    for (const f of m[1]) {
      if (f === 'U') throw new Error(reErr('invalid or unsupported Perl syntax', '(?U'));
      if (!flags.includes(f)) flags += f;
    }
    i += m[0].length;
  }
  let out = '';
  let depth = 0;
  const n = re.length;
  while (i < n) {
    const c = re[i];
    if (c === '\\') {
      const e = re[i + 1];
      if (e === undefined) throw new Error(reErr('trailing backslash at end of expression', ''));
      if (e >= '1' && e <= '9') throw new Error(reErr('invalid escape sequence', `\\${e}`));
      if (e === 'A') {
        out += '^';
        i += 2;
        continue;
      }
      if (e === 'z') {
        out += '$(?![\\s\\S])';
        i += 2;
        continue;
      }
      if (e === 'Q') {
        const end = re.indexOf('\\E', i + 2);
        const lit = end < 0 ? re.slice(i + 2) : re.slice(i + 2, end);
        out += lit.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? n : end + 2;
        continue;
      }
      if (e === 'p' || e === 'P') {
        if (re[i + 2] === '{') {
          const end = re.indexOf('}', i);
          out += prop(e, re.slice(i + 3, end));
          i = end + 1;
        } else {
          out += prop(e, re[i + 2]);
          i += 3;
        }
        continue;
      }
      if (e === 'C') throw new Error(reErr('invalid escape sequence', '\\C'));
      if ('dDsSwWbBntrfv0x'.includes(e)) {
        if (e === 'x' && re[i + 2] === '{') {
          const end = re.indexOf('}', i);
          out += `\\u{${re.slice(i + 3, end)}}`;
          i = end + 1;
          continue;
        }
        out += `\\${e}`;
        i += 2;
        continue;
      }
      if (/[a-zA-Z0-9]/.test(e)) throw new Error(reErr('invalid escape sequence', `\\${e}`));
      // escaped punctuation
      out += SYNTAX.has(e) ? `\\${e}` : e;
      i += 2;
      continue;
    }
    if (c === '[') {
      // character class
      let j = i + 1;
      let cls = '[';
      if (re[j] === '^') {
        cls += '^';
        j++;
      }
      if (re[j] === ']') {
        cls += '\\]';
        j++;
      }
      while (j < n && re[j] !== ']') {
        if (re.startsWith('[:', j)) {
          const end = re.indexOf(':]', j);
          if (end > 0) {
            let name = re.slice(j + 2, end);
            const neg = name.startsWith('^');
            if (neg) name = name.slice(1);
            const set = POSIX[name];
            if (!set) throw new Error(reErr('invalid character class range', re.slice(j, end + 2)));
            if (neg) throw new Error(reErr('invalid character class range', re.slice(j, end + 2)));
            cls += set;
            j = end + 2;
            continue;
          }
        }
        if (re[j] === '\\') {
          const e = re[j + 1];
          if (e === 'p' || e === 'P') {
            if (re[j + 2] === '{') {
              const end = re.indexOf('}', j);
              cls += prop(e, re.slice(j + 3, end));
              j = end + 1;
            } else {
              cls += prop(e, re[j + 2]);
              j += 3;
            }
            continue;
          }
          if ('dDsSwWntrfv0x'.includes(e)) cls += `\\${e}`;
          else if (/[a-zA-Z0-9]/.test(e)) throw new Error(reErr('invalid escape sequence', `\\${e}`));
          else cls += SYNTAX.has(e) ? `\\${e}` : e;
          j += 2;
          continue;
        }
        if (re[j] === '[' || re[j] === '/') cls += `\\${re[j]}`;
        else cls += re[j];
        j++;
      }
      if (j >= n) throw new Error(reErr('missing closing ]', re.slice(i)));
      out += cls + ']';
      i = j + 1;
      continue;
    }
    if (c === '(') {
      if (re[i + 1] === '?') {
        const rest = re.slice(i + 2);
        if (rest.startsWith('=') || rest.startsWith('!') || rest.startsWith('<=') || rest.startsWith('<!')) {
          throw new Error(reErr('invalid or unsupported Perl syntax', `(?${rest.startsWith('<') ? rest.slice(0, 2) : rest[0]}`));
        }
        if (rest.startsWith('P<')) {
          out += '(?<';
          i += 4;
          depth++;
          continue;
        }
        if (rest.startsWith('<')) {
          out += '(?<';
          i += 3;
          depth++;
          continue;
        }
        if (rest.startsWith(':')) {
          out += '(?:';
          i += 3;
          depth++;
          continue;
        }
        const fm = /^([imsU-]+)(:|\))/.exec(rest);
        if (fm) throw new Error(reErr('invalid or unsupported Perl syntax', `(?${fm[1]}${fm[2]}`));
        throw new Error(reErr('invalid or unsupported Perl syntax', `(?${rest[0] ?? ''}`));
      }
      depth++;
      out += '(';
      i++;
      continue;
    }
    if (c === ')') {
      if (depth === 0) throw new Error(reErr('unexpected )', re));
      depth--;
      out += ')';
      i++;
      continue;
    }
    if ((c === '*' || c === '+' || c === '?' || c === '}') && (re[i + 1] === '+') && c !== '}') {
      throw new Error(reErr('invalid nested repetition operator', `${c}+`));
    }
    if (c === '*' || c === '+' || c === '?') {
      const prev = out[out.length - 1];
      if (out === '' || prev === '(' || prev === '|') throw new Error(reErr('missing argument to repetition operator', c));
      if ((re[i + 1] === '*' || re[i + 1] === '+') || (re[i + 1] === '?' && re[i + 2] === '?')) {
        throw new Error(reErr('invalid nested repetition operator', re.slice(i, i + 2)));
      }
    }
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(re.slice(i));
      if (m) {
        if (Number(m[1]) > 1000 || (m[3] && Number(m[3]) > 1000)) throw new Error(reErr('invalid repeat count', m[0]));
        if (m[3] && Number(m[3]) < Number(m[1])) throw new Error(reErr('invalid repeat count', m[0]));
        out += m[0];
        i += m[0].length;
        continue;
      }
      out += '\\{';
      i++;
      continue;
    }
    if (c === '}') {
      out += '\\}';
      i++;
      continue;
    }
    if (c === '/') {
      out += '\\/';
      i++;
      continue;
    }
    out += c;
    i++;
  }
  if (depth > 0) throw new Error(reErr('missing closing )', re));
  return { src: out, flags };
}

/** compile an RE2 pattern; throws an Error with RE2-like text when invalid */
export function compileRe2(re: string): RegExp {
  const hit = cache.get(re);
  if (hit instanceof RegExp) return hit;
  if (typeof hit === 'string') throw new Error(hit);
  let out: RegExp;
  try {
    const { src, flags } = translate(re);
    try {
      out = new RegExp(src, flags);
    } catch {
      throw new Error(reErr('invalid regexp', re));
    }
  } catch (e) {
    const msg = (e as Error).message;
    if (cache.size > 2000) cache.clear();
    cache.set(re, msg);
    throw e;
  }
  if (cache.size > 2000) cache.clear();
  cache.set(re, out);
  return out;
}

export function withGlobal(re: RegExp): RegExp {
  return new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
}
