// IPv4/IPv6 CIDR helpers for Service IP ranges.
import { isIPv4, isIPv6 } from 'node:net';

export interface Cidr {
  family: 4 | 6;
  base: bigint;
  bits: number;
  prefix: number;
}

function ipToBig(ip: string): { v: bigint; family: 4 | 6 } {
  if (isIPv4(ip)) return { v: ip.split('.').reduce((a, p) => (a << 8n) | BigInt(Number(p)), 0n), family: 4 };
  if (isIPv6(ip)) {
    let [head, tail] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail !== undefined && tail ? tail.split(':') : [];
    const fill = ip.includes('::') ? 8 - h.length - t.length : 0;
    const parts = [...h, ...Array(fill).fill('0'), ...t];
    return { v: parts.reduce((a, p) => (a << 16n) | BigInt(parseInt(p || '0', 16)), 0n), family: 6 };
  }
  throw new Error(`invalid IP address: ${ip}`);
}

export function bigToIp(v: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
  const parts: string[] = [];
  for (let i = 7; i >= 0; i--) parts.push(((v >> BigInt(i * 16)) & 0xffffn).toString(16));
  return parts.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

export function parseCidr(s: string): Cidr {
  const [ip, p] = s.split('/');
  const { v, family } = ipToBig(ip);
  const bits = family === 4 ? 32 : 128;
  const prefix = Number(p);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) throw new Error(`invalid CIDR: ${s}`);
  const mask = ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n);
  return { family, base: v & mask, bits, prefix };
}

/** the n-th address of the range (0 = network address) */
export function nthIp(c: Cidr, n: bigint): string {
  return bigToIp(c.base + n, c.family);
}

export function cidrSize(c: Cidr): bigint {
  return 1n << BigInt(c.bits - c.prefix);
}

export function cidrContains(c: Cidr, ip: string): boolean {
  try {
    const { v, family } = ipToBig(ip);
    if (family !== c.family) return false;
    return v >= c.base && v < c.base + cidrSize(c);
  } catch {
    return false;
  }
}

export function ipOffset(c: Cidr, ip: string): bigint {
  return ipToBig(ip).v - c.base;
}
