// The admission chain, in order. Every write through the generic store passes it.
import type { AdmissionAttributes, AdmissionPlugin } from './types.js';

export class AdmissionChain {
  constructor(private readonly plugins: AdmissionPlugin[]) {}

  async admit(a: AdmissionAttributes): Promise<void> {
    for (const p of this.plugins) await p.admit(a);
  }
}
