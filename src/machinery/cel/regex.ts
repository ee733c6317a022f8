// CEL's regular expressions are RE2: the shared Go regexp translation
// (machinery/regex/goRegexp) compiles them, with RE2's error texts.
import { compileGoRegexp, GoRegexpError } from '../regex/goRegexp.js';

/** compile an RE2 pattern; throws an Error with RE2's text when invalid */
export function compileRe2(re: string): RegExp {
  const out = compileGoRegexp(re);
  if (out instanceof GoRegexpError) throw new Error(out.message);
  return out;
}

export function withGlobal(re: RegExp): RegExp {
  return new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
}
