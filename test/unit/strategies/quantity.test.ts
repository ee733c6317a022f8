import assert from 'node:assert/strict';
import { canonical, cmp, defaultResourceList, format, milliValue, parseQuantity, value } from '../../../src/registry/shared/quantity.js';

const q = (s: string) => {
  const r = parseQuantity(s);
  if (!r) throw new Error(`not a quantity: ${s}`);
  return r;
};

describe('resource quantities', () => {
  it('canonical forms match resource.Quantity.String()', () => {
    const cases: [string, string][] = [
      ['0.5', '500m'],
      ['1024Mi', '1Gi'],
      ['1000Mi', '1000Mi'],
      ['1.5Gi', '1536Mi'],
      ['0.5Gi', '512Mi'],
      ['1536Ki', '1536Ki'],
      ['100m', '100m'],
      ['2000m', '2'],
      ['1500m', '1500m'],
      ['1.5', '1500m'],
      ['1k', '1k'],
      ['1000', '1k'],
      ['1e3', '1e3'],
      ['12e6', '12e6'],
      ['0', '0'],
      ['0Gi', '0'],
      ['-1', '-1'],
      ['0.0000000001', '1n'],
      ['512', '512'],
      ['1Ki', '1Ki'],
      ['100Ki', '100Ki'],
      ['0.1Gi', '107374182400m'],
      ['1M', '1M'],
      ['1000k', '1M'],
    ];
    for (const [input, want] of cases) assert.equal(canonical(input), want, input);
  });

  it('rejects text that is not a quantity', () => {
    for (const bad of ['', 'abc', '1Gb', '1.2.3', '--1', 'Mi', '1 Gi']) assert.equal(parseQuantity(bad), null, bad);
  });

  it('compares exactly across formats', () => {
    assert.equal(cmp(q('1Gi'), q('1073741824')), 0);
    assert.equal(cmp(q('1G'), q('1Gi')), -1);
    assert.equal(cmp(q('500m'), q('0.5')), 0);
    assert.equal(cmp(q('2'), q('1999m')), 1);
    assert.equal(cmp(q('-1'), q('0')), -1);
  });

  it('value and milli value round up', () => {
    assert.equal(value(q('1500m')), 2n);
    assert.equal(value(q('1Ki')), 1024n);
    assert.equal(milliValue(q('1.5')), 1500n);
    assert.equal(milliValue(q('1n')), 1n);
    assert.equal(format(q('1.0001')), '1000100u');
  });

  it('resource lists are canonicalised at milli precision', () => {
    const list: Record<string, unknown> = { cpu: '0.0001', memory: '1024Mi', 'example.com/gpu': '1' };
    defaultResourceList(list);
    assert.deepEqual(list, { cpu: '1m', memory: '1Gi', 'example.com/gpu': '1' });
  });
});
