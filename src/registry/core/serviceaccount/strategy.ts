// ServiceAccounts: secret references are reduced to their names, after
// pkg/registry/core/serviceaccount/strategy.go.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy } from '../../shared/define.js';
import { arr, str } from '../../shared/field.js';

function cleanSecretReferences(obj: KObject): void {
  if (Array.isArray(obj.secrets)) obj.secrets = arr(obj.secrets).map((s) => ({ name: str(s?.name) }));
}

export const serviceAccountStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  allowUnconditionalUpdate: true,
  returnDeletedObject: true,
  prepareForCreate: cleanSecretReferences,
  prepareForUpdate: (obj) => cleanSecretReferences(obj),
  warnings(obj) {
    const ann = obj.metadata?.annotations ?? {};
    return ann['kubernetes.io/enforce-mountable-secrets']
      ? ['metadata.annotations[kubernetes.io/enforce-mountable-secrets]: deprecated in v1.32+; prefer separate namespaces to isolate access to mounted secrets']
      : [];
  },
});
