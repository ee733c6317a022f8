import assert from 'node:assert/strict';
import { converterFor } from '../../../src/registry/conversion.js';
import { eventConverter, hpaConverter, registerBuiltinConverters } from '../../../src/registry/converters/index.js';

describe('registerBuiltinConverters', () => {
  it('registers the Event and HorizontalPodAutoscaler converters under their storage ids, idempotently', () => {
    registerBuiltinConverters();
    registerBuiltinConverters();
    assert.equal(converterFor('events'), eventConverter);
    assert.equal(converterFor('autoscaling/horizontalpodautoscalers'), hpaConverter);
  });
});
