// Go regular expressions and kube-openapi string formats as custom resource
// validation sees them (kube-openapi pkg/validation/strfmt/default_test.go,
// apiextensions pkg/apiserver/validation/formats_test.go).
import assert from 'node:assert/strict';
import { compileGoRegexp, GoRegexpError } from '../../../src/machinery/regex/goRegexp.js';
import { formatValidates, isSupportedFormat } from '../../../src/registry/apiextensions/schema/formats.js';

const matches = (p: string, v: string): boolean => {
  const re = compileGoRegexp(p);
  assert.ok(!(re instanceof GoRegexpError), `${p}: ${String(re)}`);
  return (re as RegExp).test(v);
};
const error = (p: string): string => {
  const re = compileGoRegexp(p);
  assert.ok(re instanceof GoRegexpError, p);
  return (re as GoRegexpError).message;
};

describe('crdschema: Go regexps', () => {
  it('translates RE2 syntax', () => {
    assert.ok(matches('(?i)^abc$', 'ABC'));
    assert.ok(matches('^\\pL+$', 'héllo'));
    assert.ok(matches('^[[:alpha:]]+[[:digit:]]$', 'abc1'));
    assert.ok(matches('\\Aa\\z', 'a'));
    assert.ok(!matches('\\Aa\\z', 'a\n'));
    assert.ok(matches('^(?P<x>a)\\-b$', 'a-b'));
    assert.ok(matches('^\\Q.*\\E$', '.*'));
    assert.ok(!matches('^a.b$', 'a\nb'));
    assert.ok(matches('^a{2,3}?$', 'aa'));
    assert.ok(matches('^\\s$', ' ') && !matches('^\\s$', '\u00a0'));
  });
  it('rejects what RE2 rejects, with its messages', () => {
    assert.equal(error('+'), 'error parsing regexp: missing argument to repetition operator: `+`');
    assert.equal(error('(?=x)'), 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`');
    assert.equal(error('(a)\\1'), 'error parsing regexp: invalid escape sequence: `\\1`');
    assert.equal(error('(a'), 'error parsing regexp: missing closing ): `(a`');
    assert.equal(error('a)'), 'error parsing regexp: unexpected ): `a)`');
    assert.equal(error('[a'), 'error parsing regexp: missing closing ]: `[a`');
    assert.equal(error('a**'), 'error parsing regexp: invalid nested repetition operator: `**`');
    assert.equal(error('a{1001}'), 'error parsing regexp: invalid repeat count: `{1001}`');
  });
});

describe('crdschema: string formats', () => {
  it('supported formats (int32 and friends are dropped)', () => {
    for (const f of ['date-time', 'datetime', 'uuid', 'byte', 'k8s-short-name', 'cidr']) assert.ok(isSupportedFormat(f), f);
    for (const f of ['int32', 'int64', 'float', 'double', 'foo']) assert.ok(!isSupportedFormat(f), f);
  });
  const cases: [string, string[], string[]][] = [
    ['ipv4', ['1.2.3.4', '010.0.0.1'], ['1.2.3', '::1', '256.1.1.1']],
    ['ipv6', ['::1', 'fe80::1'], ['1.2.3.4', 'fe80::1%eth0']],
    ['cidr', ['10.0.0.0/8', '::/0'], ['10.0.0.0', '10.0.0.0/33']],
    ['uuid', ['123e4567-e89b-12d3-a456-426614174000', '123E4567E89B12D3A456426614174000'], ['123e4567']],
    ['date', ['2024-02-29'], ['2023-02-29', '2024-1-1']],
    ['date-time', ['2024-01-02T03:04:05Z', '2024-01-02T03:04:05.123+01:00'], ['2024-01-02 03:04:05', '2024-01-02T25:00:00Z']],
    ['byte', ['aGVsbG8='], ['', 'hello!']],
    ['email', ['a@b.c', 'Joe <joe@example.com>'], ['joe', '@x']],
    ['hostname', ['example.com', 'a'], ['-a.com', 'a..b']],
    ['mac', ['01:23:45:67:89:ab', '0123.4567.89ab'], ['01:23:45']],
    ['uri', ['https://example.com/x', '/abs', 'mailto:x'], ['rel/path', '']],
    ['duration', ['1h30m', '3 days'], ['soon']],
  ];
  for (const [f, good, bad] of cases) {
    it(f, () => {
      for (const v of good) assert.ok(formatValidates(f, v), `${f} ${v}`);
      for (const v of bad) assert.ok(!formatValidates(f, v), `${f} ${v}`);
    });
  }
});
