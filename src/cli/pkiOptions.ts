// The names and addresses the certificates of a server are made for; shared by
// the server and by the start-up path that makes them early (see main.ts).
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import type { PkiOptions } from '../auth/pki.js';
import { nthIp, parseCidr } from '../machinery/net.js';

export interface AddressFlags {
  dataDir: string;
  bindAddress: string;
  advertiseAddress?: string;
  serviceClusterIPRange: string;
}

/**
 * The address published in the `kubernetes` Endpoints: pods must reach it, so
 * never a loopback address. Like upstream, an unspecified or loopback bind
 * address means the first non-loopback IPv4 address of the host.
 */
export function defaultAdvertiseAddress(bind: string): string {
  if (bind !== '0.0.0.0' && bind !== '::' && !bind.startsWith('127.') && bind !== '::1' && bind !== 'localhost') return bind;
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  // a host without any non-loopback address: a link-local stand-in keeps validation happy
  return '169.254.0.1';
}

/** the host name clients use to reach the server */
export function clientHostFor(bind: string): string {
  return bind === '0.0.0.0' || bind === '::' ? '127.0.0.1' : bind;
}

export function pkiOptionsFor(flags: AddressFlags): PkiOptions {
  const serviceIP = nthIp(parseCidr(flags.serviceClusterIPRange), 1n);
  const advertise = flags.advertiseAddress ?? defaultAdvertiseAddress(flags.bindAddress);
  return {
    dir: join(resolve(flags.dataDir), 'pki'),
    ips: [...new Set(['127.0.0.1', '::1', clientHostFor(flags.bindAddress), advertise, serviceIP])],
    dnsNames: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'],
  };
}
