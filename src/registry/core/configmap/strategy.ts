// ConfigMaps: key names, the 1 MiB size limit and immutability, after
// pkg/registry/core/configmap/strategy.go and ValidateConfigMap.
import type { Strategy } from '../../generic/strategy.js';
import { defineStrategy } from '../../shared/define.js';
import { type Errs, forbidden, invalid, isConfigMapKey, isObj, key, mapOf, str, tooLong, byteLength } from '../../shared/field.js';
import type { KObject } from '../../../machinery/objects.js';

export const maxDataSize = 1024 * 1024;

/** decoded length of a base64 value */
export function base64Length(v: string): number {
  const s = v.replace(/\s/g, '');
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return Math.floor((s.length * 3) / 4) - pad;
}

export function isBase64(v: unknown): boolean {
  return typeof v === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v.replace(/\s/g, '')) && v.replace(/\s/g, '').length % 4 === 0;
}

function validateConfigMap(cm: KObject): Errs {
  const errs: Errs = [];
  const data = mapOf(cm.data);
  const bin = mapOf(cm.binaryData);
  let total = 0;
  for (const k of Object.keys(data).sort()) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(key('data', k), k, m));
    if (k in bin) errs.push(invalid(key('data', k), k, 'duplicate of key present in binaryData'));
    total += byteLength(str(data[k]));
  }
  for (const k of Object.keys(bin).sort()) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(key('binaryData', k), k, m));
    if (!isBase64(bin[k])) errs.push(invalid(key('binaryData', k), '<value omitted>', 'illegal base64 data'));
    else total += base64Length(str(bin[k]));
  }
  if (total > maxDataSize) errs.push(tooLong('[]', maxDataSize));
  return errs;
}

export const configMapStrategy: Strategy = defineStrategy({
  nameRule: 'subdomain',
  allowUnconditionalUpdate: true,
  defaults(obj) {
    // SetDefaults_ConfigMap gives an empty data map; it is omitted again on output when empty
    if (obj.data === null) delete obj.data;
  },
  validate: (obj) => validateConfigMap(obj),
  validateUpdate(obj, old) {
    const errs: Errs = [];
    if (old.immutable === true) {
      if (obj.immutable !== true) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
      if (JSON.stringify(sortObj(obj.data)) !== JSON.stringify(sortObj(old.data))) errs.push(forbidden('data', 'field is immutable when `immutable` is set'));
      if (JSON.stringify(sortObj(obj.binaryData)) !== JSON.stringify(sortObj(old.binaryData))) errs.push(forbidden('binaryData', 'field is immutable when `immutable` is set'));
    }
    errs.push(...validateConfigMap(obj));
    return errs;
  },
});

function sortObj(v: unknown): unknown {
  if (!isObj(v) || !Object.keys(v).length) return null;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = v[k];
  return out;
}
