// CEL values back to plain JSON-like data.
import { formatDuration, formatTimestamp } from './time.js';
import { CelDuration, CelErr, CelMap, CelObject, CelOpaque, CelOptional, CelTimestamp, CelTypeValue, CelUint, type CelValue } from './values.js';

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** ints become numbers (strings beyond 2^53), timestamps/durations their text forms, bytes base64 */
export function celToJson(v: CelValue): unknown {
  if (typeof v === 'bigint') return v >= -SAFE && v <= SAFE ? Number(v) : v.toString();
  if (v instanceof CelUint) return v.v <= SAFE ? Number(v.v) : v.v.toString();
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(celToJson);
  if (v instanceof CelMap) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v.entries.values()) o[String(k instanceof CelUint ? k.v : k)] = celToJson(x);
    return o;
  }
  if (v instanceof CelObject) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v.fields) o[k] = celToJson(x);
    return o;
  }
  if (v instanceof CelTimestamp) return formatTimestamp(v.ns);
  if (v instanceof CelDuration) return formatDuration(v.ns);
  if (v instanceof CelTypeValue) return v.name;
  if (v instanceof CelOptional) return v.has ? celToJson(v.value!) : null;
  if (v instanceof CelErr) return { error: v.message };
  if (v instanceof CelOpaque) return String(v);
  return null;
}
