// Which listen addresses stay on this machine.
import { isIP } from 'node:net';

/**
 * True for addresses that only this machine can reach: `localhost`, `127.0.0.0/8`, `::1` (and
 * its IPv4-mapped form).
 * @example
 * isLoopbackHost('127.0.0.1'); // true
 * isLoopbackHost('0.0.0.0'); // false
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * `http://host:port`, with brackets around an IPv6 host.
 * @example
 * httpUrl('::1', 8080); // 'http://[::1]:8080'
 */
export function httpUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
