// Where a webhook may be delivered. An admin's webhook must not become a way to reach the
// services beside Warroom (a database console, a cloud metadata endpoint, an internal admin
// page) and read their answers from the delivery log, so by default only public unicast
// addresses are reached; WARROOM_WEBHOOK_ALLOW_PRIVATE=true lifts that for internal receivers.
//
// Why at connect time: a host name is checked on the addresses the connection will use (the
// socket's own `lookup`), not on an earlier, separate resolution that a DNS server could answer
// differently the second time (DNS rebinding). A literal address never goes through `lookup`,
// so it is checked before the request. Classification is ipaddr.js's (IANA special-purpose
// registries), not hand-written prefix lists.
import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

export const ALLOW_PRIVATE_SETTING = 'WARROOM_WEBHOOK_ALLOW_PRIVATE';

/** 2000::/3, the only IPv6 block IANA allocates for global unicast. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');
/** The NAT64 well-known prefix (RFC 6052): the IPv4 address it carries decides. */
const NAT64_V6 = ipaddr.parseCIDR('64:ff9b::/96');

/**
 * Why `address` may not receive a webhook by default — its special-purpose range (`loopback`,
 * `private`, `linkLocal`, `uniqueLocal`, `carrierGradeNat`, `unspecified`, `multicast`,
 * `reserved`, …) — or null for a public unicast address. IPv4-mapped and NAT64 IPv6 forms are
 * judged by the IPv4 address they carry.
 */
export function restrictedRange(address: string): string | null {
	if (!ipaddr.isValid(address)) return 'invalid';
	const ip = ipaddr.parse(address);
	if (ip.kind() === 'ipv4') {
		const range = (ip as ipaddr.IPv4).range();
		return range === 'unicast' ? null : range;
	}
	const v6 = ip as ipaddr.IPv6;
	if (v6.isIPv4MappedAddress()) return restrictedRange(v6.toIPv4Address().toString());
	if (v6.match(NAT64_V6)) return restrictedRange(ipaddr.fromByteArray(v6.toByteArray().slice(12)).toString());
	const range = v6.range();
	if (range !== 'unicast') return range;
	return v6.match(GLOBAL_UNICAST_V6) ? null : 'reserved';
}

/** The refusal, worded once for the delivery log and for the 400 on create/update. */
export function refusalReason(address: string, range: string): string {
	return `private address ${address} (${range}) refused; set ${ALLOW_PRIVATE_SETTING}=true for internal receivers`;
}

/** A delivery to a destination that is not allowed: never connected, so it says nothing about the port. */
export class DestinationRefused extends Error {
	readonly code = 'destination_refused';
	constructor(
		readonly host: string,
		readonly address: string,
		readonly range: string
	) {
		super(`${host === address ? '' : `${host}: `}${refusalReason(address, range)}`);
		this.name = 'DestinationRefused';
	}
}

/** A URL's host without IPv6 brackets (`[::1]` → `::1`). */
const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * The refusal for a URL whose host is a literal address that is not allowed, or null (a host
 * name is judged when it is resolved, at delivery). The URL parser has already normalised the
 * odd numeric forms (`2130706433`, `0x7f000001`, `0177.0.0.1` → `127.0.0.1`).
 */
export function refusedLiteral(url: string | URL): DestinationRefused | null {
	const host = bareHost(typeof url === 'string' ? new URL(url) : url);
	if (!net.isIP(host)) return null;
	const range = restrictedRange(host);
	return range ? new DestinationRefused(host, host, range) : null;
}

export type Resolve = (hostname: string, options: dns.LookupAllOptions, callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void) => void;

/**
 * A socket `lookup` that resolves as usual and refuses the connection when any address the name
 * resolves to is not allowed; the socket then connects only to the addresses it returns.
 * `resolve` is injectable for tests (dns.lookup by default, which reads /etc/hosts as well).
 */
export function guardedLookup(resolve: Resolve = dns.lookup as Resolve): net.LookupFunction {
	return (hostname, options, callback) => {
		resolve(hostname, { ...options, all: true }, (err, addresses) => {
			if (err) return callback(err, '', 0);
			for (const a of addresses) {
				const range = restrictedRange(a.address);
				if (range) return callback(new DestinationRefused(hostname, a.address, range), '', 0);
			}
			if (options.all) return (callback as unknown as (e: null, all: dns.LookupAddress[]) => void)(null, addresses);
			if (addresses.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
			callback(null, addresses[0].address, addresses[0].family);
		});
	};
}
