// Secrets: type defaulting, stringData folding, key names, size limit,
// required keys per type and immutability, after
// pkg/registry/core/secret/strategy.go and ValidateSecret.
import type { Strategy } from '../../generic/strategy.js';
import type { KObject } from '../../../machinery/objects.js';
import { defineStrategy, metaOf } from '../../shared/define.js';
import { type Errs, forbidden, invalid, isConfigMapKey, isObj, key, mapOf, required, str, tooLong, fieldImmutableErrorMsg } from '../../shared/field.js';
import { base64Length, isBase64, maxDataSize } from '../configmap/strategy.js';

/** stringData is write-only: it is merged into data (base64-encoded) and dropped */
export function defaultSecret(obj: KObject): void {
  if (!obj.type) obj.type = 'Opaque';
  if (isObj(obj.stringData)) {
    const data: Record<string, string> = isObj(obj.data) ? (obj.data as Record<string, string>) : {};
    for (const [k, v] of Object.entries(obj.stringData)) data[k] = Buffer.from(str(v), 'utf8').toString('base64');
    obj.data = data;
  }
  delete obj.stringData;
}

function decoded(v: unknown): Buffer | null {
  return isBase64(v) ? Buffer.from(str(v), 'base64') : null;
}

function jsonError(buf: Buffer): string | null {
  try {
    const v = JSON.parse(buf.toString('utf8'));
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'json: cannot unmarshal into Go value of type map[string]interface {}';
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

function validateSecret(s: KObject): Errs {
  const errs: Errs = [];
  const data = mapOf(s.data);
  let total = 0;
  for (const k of Object.keys(data).sort()) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(key('data', k), k, m));
    if (!isBase64(data[k])) errs.push(invalid(key('data', k), '<secret contents redacted>', 'illegal base64 data'));
    else total += base64Length(str(data[k]));
  }
  if (total > maxDataSize) errs.push(tooLong('data', maxDataSize));
  const ann = mapOf(metaOf(s).annotations);
  switch (s.type) {
    case 'kubernetes.io/service-account-token':
      if (!str(ann['kubernetes.io/service-account.name'])) errs.push(required(key('metadata.annotations', 'kubernetes.io/service-account.name')));
      break;
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const k = s.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!(k in data)) {
        errs.push(required(key('data', k)));
        break;
      }
      const b = decoded(data[k]);
      const je = b ? jsonError(b) : null;
      if (je) errs.push(invalid(key('data', k), '<secret contents redacted>', je));
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!('username' in data) && !('password' in data)) {
        errs.push(required(key('data', 'username')));
        errs.push(required(key('data', 'password')));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (!str(data['ssh-privatekey'])) errs.push(required(key('data', 'ssh-privatekey')));
      break;
    case 'kubernetes.io/tls':
      if (!('tls.crt' in data)) errs.push(required(key('data', 'tls.crt')));
      if (!('tls.key' in data)) errs.push(required(key('data', 'tls.key')));
      break;
    default:
      break;
  }
  return errs;
}

export const secretStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  allowUnconditionalUpdate: true,
  defaults: defaultSecret,
  validate: (obj) => validateSecret(obj),
  prepareForUpdate(obj, old) {
    if (!obj.type) obj.type = old.type;
  },
  validateUpdate(obj, old) {
    const errs: Errs = [];
    if (str(obj.type) !== str(old.type)) errs.push(invalid('type', str(obj.type), fieldImmutableErrorMsg));
    if (old.immutable === true) {
      if (obj.immutable !== true) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
      const a = JSON.stringify(Object.entries(mapOf(obj.data)).sort());
      const b = JSON.stringify(Object.entries(mapOf(old.data)).sort());
      if (a !== b) errs.push(forbidden('data', 'field is immutable when `immutable` is set'));
    }
    errs.push(...validateSecret(obj));
    return errs;
  },
  selectableFields: (obj) => ({ type: str(obj.type) }),
});
