// Webhook URLs are typed in by a user and fetched by the server: without a guard they reach
// the cloud metadata service (169.254.169.254), the database gate on loopback or anything on
// the private network, with our signature headers attached. Only http(s) to public addresses
// is allowed; a host named in WEBHOOK_ALLOW_HOSTS is exempt (a receiver on the same machine or
// network, as the tests use). Every address a name resolves to is checked, at save time and
// again inside the connection (the lookup the socket actually uses), so DNS rebinding between
// the two gains nothing.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

export class WebhookUrlError extends Error {}

const blocked = new BlockList();
// IPv4: "this" network, private, carrier-grade NAT, loopback, link-local (cloud metadata),
// IETF protocol assignments, documentation, benchmarking, multicast, reserved and broadcast.
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16],
  ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
// IPv6: unspecified, loopback, IPv4-mapped/translated (checked again as IPv4 below), discard,
// documentation, unique local, link-local, site-local and multicast.
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001:db8::', 32],
  ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const) blocked.addSubnet(net, prefix, 'ipv6');

/** True when `address` (an IP literal) is loopback, link-local, private, multicast or reserved. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    const lower = address.toLowerCase();
    // ::ffff:a.b.c.d and ::a.b.c.d carry an IPv4 address: judge that one.
    const mapped = lower.match(/^::(?:ffff:(?:0:)?)?(\d+\.\d+\.\d+\.\d+)$/);
    if (mapped) return blocked.check(mapped[1]!, 'ipv4');
    const hexMapped = lower.match(/^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/);
    if (hexMapped) {
      const hi = parseInt(hexMapped[1]!, 16);
      const lo = parseInt(hexMapped[2]!, 16);
      return blocked.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, 'ipv4');
    }
    return blocked.check(address, 'ipv6');
  }
  return true; // not an address at all
}

function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/** Whether `hostname` is named in the allow setting (exactly, case-insensitive). */
export function isAllowedHost(hostname: string, allowHosts: readonly string[]): boolean {
  const host = bareHost(hostname);
  return allowHosts.some((h) => bareHost(h) === host);
}

/** Checks everything that can be checked without DNS; throws WebhookUrlError saying why. */
export function parseWebhookUrl(raw: string, allowHosts: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlError('is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new WebhookUrlError(`must be an http(s) URL, not ${url.protocol}`);
  if (url.username || url.password) throw new WebhookUrlError('must not contain credentials');
  const host = bareHost(url.hostname);
  if (!host) throw new WebhookUrlError('has no host');
  if (isAllowedHost(host, allowHosts)) return url;
  if (isIP(host) && isForbiddenAddress(host)) {
    throw new WebhookUrlError(`points at a loopback, link-local, private or multicast address (${host}); name it in WEBHOOK_ALLOW_HOSTS to allow it`);
  }
  if (host === 'localhost' || host.endsWith('.localhost')) {
    throw new WebhookUrlError('points at this machine; name it in WEBHOOK_ALLOW_HOSTS to allow it');
  }
  return url;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that resolves every address of a name and refuses the
 * connection when any of them is forbidden (unless the host is allowed).
 */
export function guardedLookup(allowHosts: readonly string[], resolve: typeof dnsLookup = dnsLookup) {
  return (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback) => {
    resolve(hostname, { all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const list = addresses as LookupAddress[];
      if (!isAllowedHost(hostname, allowHosts)) {
        const bad = list.find((a) => isForbiddenAddress(a.address));
        if (bad || list.length === 0) {
          const refusal = Object.assign(new WebhookUrlError(`webhook host ${hostname} resolves to a forbidden address (${bad?.address ?? 'none'})`), { code: 'EFORBIDDEN' });
          return callback(refusal, '');
        }
      }
      if (options.all) return callback(null, list);
      const first = list[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** The save-time check: the URL's shape, then every address its host resolves to now. */
export async function assertWebhookUrlAllowed(raw: string, allowHosts: readonly string[], resolve: typeof dnsLookup = dnsLookup): Promise<void> {
  const url = parseWebhookUrl(raw, allowHosts);
  const host = bareHost(url.hostname);
  if (isIP(host) || isAllowedHost(host, allowHosts)) return;
  const addresses = await new Promise<LookupAddress[] | null>((done) => {
    const timer = setTimeout(() => done(null), 2_000);
    resolve(host, { all: true }, (error, list) => {
      clearTimeout(timer);
      // A name that does not resolve now may later: the send-time check is the one that counts.
      done(error ? null : (list as LookupAddress[]));
    });
  });
  const bad = addresses?.find((a) => isForbiddenAddress(a.address));
  if (bad) throw new WebhookUrlError(`resolves to a loopback, link-local, private or multicast address (${bad.address}); name the host in WEBHOOK_ALLOW_HOSTS to allow it`);
}
