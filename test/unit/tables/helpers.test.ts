// The shared table helpers: quantities, durations, label and selector text,
// and the safe readers of plain JSON.
import assert from 'node:assert/strict';
import {
  formatLabelSelector,
  formatLabels,
  formatQuantity,
  formatQuantityPtr,
  goLabelSelectorStruct,
  humanDurationMs,
  labelSelectorString,
  listWithMore,
  parseTime,
  since,
  containerCells,
  boolPtr,
  intOrString,
} from '../../../src/registry/generic/tableHelpers.js';

describe('tables: helpers', () => {
  describe('formatQuantity', () => {
    // [input, what Quantity.String() prints after parsing it]
    const table: [string, string][] = [
      ['0', '0'],
      ['1000', '1k'],
      ['1500', '1500'],
      ['1024', '1024'],
      ['0.5', '500m'],
      ['0.1', '100m'],
      ['1.5', '1500m'],
      ['1e3', '1e3'],
      ['1E3', '1E3'],
      ['1e-3', '1e-3'],
      ['1.5e3', '1500'],
      ['100m', '100m'],
      ['1000m', '1'],
      ['0.5m', '500u'],
      ['0.1n', '1n'],
      ['1000k', '1M'],
      ['1Ki', '1Ki'],
      ['8Ki', '8Ki'],
      ['1024Ki', '1Mi'],
      ['1.5Mi', '1536Ki'],
      ['1.5Gi', '1536Mi'],
      ['0.5Gi', '512Mi'],
      ['0.5Ki', '512'],
      ['2048Mi', '2Gi'],
      ['1000Mi', '1000Mi'],
      ['1023Ki', '1023Ki'],
      ['-1.5Gi', '-1536Mi'],
      ['+5', '+5'],
      ['010', '010'],
      ['0.0', '0'],
      ['0Gi', '0'],
      ['100e-3', '100e-3'],
      ['50Ei', '9223372036854775807'],
      ['1.1Ki', '1126400m'],
      ['3Ti', '3Ti'],
    ];
    for (const [input, expected] of table) {
      it(`${input} → ${expected}`, () => assert.equal(formatQuantity(input), expected));
    }

    it('treats a missing quantity as zero and a nil pointer as <nil>', () => {
      assert.equal(formatQuantity(undefined), '0');
      assert.equal(formatQuantityPtr(undefined), '<nil>');
      assert.equal(formatQuantityPtr('2Gi'), '2Gi');
    });

    it('reads numbers and leaves garbage alone', () => {
      assert.equal(formatQuantity(2000), '2k');
      assert.equal(formatQuantity('12 apples'), '12 apples');
    });
  });

  describe('durations', () => {
    // [milliseconds, upstream's HumanDuration]
    const table: [number, string][] = [
      [-2500, '<invalid>'],
      [-1500, '0s'],
      [0, '0s'],
      [59_999, '59s'],
      [119_999, '119s'],
      [120_000, '2m'],
      [130_000, '2m10s'],
      [599_000, '9m59s'],
      [600_000, '10m'],
      [10_799_000, '179m'],
      [10_800_000, '3h'],
      [11_100_000, '3h5m'],
      [28_799_000, '7h59m'],
      [28_800_000, '8h'],
      [172_799_000, '47h'],
      [172_800_000, '2d'],
      [180_000_000, '2d2h'],
      [691_199_000, '7d23h'],
      [691_200_000, '8d'],
      [63_071_999_000, '729d'],
      [63_072_000_000, '2y'],
      [65_000_000_000, '2y22d'],
      [252_287_999_000, '7y364d'],
      [252_288_000_000, '8y'],
    ];
    for (const [ms, expected] of table) {
      it(`${ms}ms → ${expected}`, () => assert.equal(humanDurationMs(ms), expected));
    }

    it('since() reads RFC 3339 and micro-time stamps and reports unset ones', () => {
      const now = new Date('2025-06-01T12:00:00Z');
      assert.equal(since('2025-06-01T11:55:00Z', now), '5m');
      assert.equal(since('2025-06-01T11:59:30.123456Z', now), '29s');
      assert.equal(since(undefined, now), '<unknown>');
      assert.equal(since(null, now), '<unknown>');
      assert.equal(since('', now), '<unknown>');
      assert.equal(since('0001-01-01T00:00:00Z', now), '<unknown>');
      assert.equal(since('2025-06-01T12:00:10Z', now), '<invalid>');
      assert.equal(parseTime('not a time'), undefined);
    });
  });

  describe('labels and selectors', () => {
    it('formats label maps sorted, <none> when empty', () => {
      assert.equal(formatLabels({ tier: 'web', app: 'shop', 'app.kubernetes.io/name': 'x' }), 'app.kubernetes.io/name=x,app=shop,tier=web');
      assert.equal(formatLabels({}), '<none>');
      assert.equal(formatLabels(undefined), '<none>');
    });

    it('formats label selectors ordered by key with sorted values', () => {
      const sel = {
        matchLabels: { z: '1', a: '2' },
        matchExpressions: [
          { key: 'm', operator: 'In', values: ['y', 'x'] },
          { key: 'b', operator: 'DoesNotExist' },
          { key: 'n', operator: 'NotIn', values: ['q'] },
          { key: 'c', operator: 'Exists' },
        ],
      };
      assert.equal(formatLabelSelector(sel), 'a=2,!b,c,m in (x,y),n notin (q),z=1');
      assert.equal(labelSelectorString(sel), 'a=2,!b,c,m in (x,y),n notin (q),z=1');
    });

    it('distinguishes empty, absent and malformed selectors', () => {
      assert.equal(formatLabelSelector({}), '<none>');
      assert.equal(formatLabelSelector(undefined), '<none>');
      assert.equal(labelSelectorString(undefined), '');
      assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), '<error>');
      assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }), '<error>');
      assert.equal(labelSelectorString({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }), undefined);
    });

    it('prints a selector struct the way Go prints it', () => {
      assert.equal(goLabelSelectorStruct({}), '&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}');
      assert.equal(
        goLabelSelectorStruct({ matchExpressions: [{ key: 'k', operator: 'Exists' }] }),
        '&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:k,Operator:Exists,Values:[],},},}',
      );
    });
  });

  describe('small formatters', () => {
    it('lists with " + N more..."', () => {
      assert.equal(listWithMore(['a', 'b', 'c', 'd', 'e'], 3), 'a,b,c + 2 more...');
      assert.equal(listWithMore(['a', 'b', 'c'], 3), 'a,b,c');
      assert.equal(listWithMore([], 3), '<unset>');
    });

    it('container names and images', () => {
      assert.deepEqual(containerCells({ containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] }), ['a,b', 'x,y']);
      assert.deepEqual(containerCells(undefined), ['', '']);
    });

    it('bool pointers and int-or-strings', () => {
      assert.equal(boolPtr(true), 'True');
      assert.equal(boolPtr(false), 'False');
      assert.equal(boolPtr(undefined), '<unset>');
      assert.equal(intOrString(3), '3');
      assert.equal(intOrString('50%'), '50%');
    });
  });
});
