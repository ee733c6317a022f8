import { applyMergePatch } from '../../../src/machinery/patch/index.js';
import { checkCase } from './assertions.js';
import { mergeCases } from './merge-cases.js';

describe('patch: JSON merge patch', () => {
  for (const c of mergeCases) {
    it(c.name, () => checkCase(c, (o, p) => applyMergePatch(o, p)));
  }
});
