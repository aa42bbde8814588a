/**
 * Where webhooks may be sent. An endpoint URL is an organisation's to choose, and the platform's server is the one
 * that connects to it: without a guard, an admin could make it POST to the platform's own loopback services, the
 * hosting network's private addresses or a cloud metadata service (SSRF). So an endpoint must be https to a host
 * that is, and resolves to, public addresses only. It is checked at registration, and again at every delivery on
 * the very addresses the connection uses (the lookup the socket calls is this guard's), since a name can resolve
 * elsewhere later (DNS rebinding). SCF_WEBHOOK_ALLOW_PRIVATE=1 lifts both rules, for receivers on a private
 * network or in tests.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";

export interface TargetPolicy {
  /** Allow plain http and private, loopback and link-local targets. */
  allowPrivate: boolean;
}

/** Resolves a host name to every address it has, as the socket's own lookup would. */
export type Resolve = (host: string) => Promise<LookupAddress[]>;

const systemResolve: Resolve = (host) =>
  new Promise((resolve, reject) => {
    dnsLookup(host, { all: true, order: "verbatim" }, (err, addresses) => (err ? reject(err) : resolve(addresses)));
  });

/** IPv4 ranges no webhook goes to, as [first address, prefix length]. */
const IPV4_FORBIDDEN: readonly [string, number][] = [
  ["0.0.0.0", 8], // "this network"; 0.0.0.0 reaches the local host
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT, shared with the provider's network
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, where cloud metadata services answer (169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments (some clouds' metadata, 192.0.0.192)
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and the broadcast address
];

/** Names that reach the local host or a cloud's metadata service whatever DNS says. */
const FORBIDDEN_NAMES = new Set(["localhost", "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal"]);

const v4Number = (ip: string): number => ip.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);

function forbiddenV4(n: number): boolean {
  return IPV4_FORBIDDEN.some(([first, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(v4Number(first) / 2 ** (32 - bits)));
}

/** The eight 16-bit words of a valid IPv6 address (isIP already said it is one), an IPv4 tail included. */
function v6Words(ip: string): number[] {
  let s = ip.split("%")[0].toLowerCase();
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number);
    s = `${s.slice(0, tail.index)}${(a * 256 + b).toString(16)}:${(c * 256 + d).toString(16)}`;
  }
  const [head, rest] = s.includes("::") ? s.split("::") : [s, undefined];
  const h = head ? head.split(":") : [];
  const t = rest ? rest.split(":") : [];
  const zeros = rest === undefined ? [] : Array<string>(8 - h.length - t.length).fill("0");
  return [...h, ...zeros, ...t].map((w) => parseInt(w, 16));
}

function forbiddenV6(ip: string): boolean {
  const w = v6Words(ip);
  const v4 = (hi: number, lo: number) => forbiddenV4(hi * 65536 + lo);
  const zeroUpTo = (n: number) => w.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(6)) return true; // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d: none is a public host
  if (zeroUpTo(5) && w[5] === 0xffff) return v4(w[6], w[7]); // IPv4-mapped
  if (w[0] === 0x64 && w[1] === 0xff9b && w.slice(2, 6).every((x) => x === 0)) return v4(w[6], w[7]); // NAT64
  if (w[0] === 0x2002) return v4(w[1], w[2]); // 6to4 carries the IPv4 address it tunnels to
  const top = w[0];
  return (
    (top & 0xffc0) === 0xfe80 || // link-local
    (top & 0xffc0) === 0xfec0 || // site-local (deprecated, still private)
    (top & 0xfe00) === 0xfc00 || // unique local, where some clouds' metadata answers (fd00:ec2::254)
    (top & 0xff00) === 0xff00 // multicast
  );
}

/** Whether `ip` (an IPv4 or IPv6 address) is loopback, private, link-local, unspecified or otherwise not a public host. */
export function isForbiddenAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return forbiddenV4(v4Number(ip));
  if (family === 6) return forbiddenV6(ip);
  return true;
}

/** The URL's host, as the connection will use it: lowercase, without brackets or a trailing dot. */
function hostOf(u: URL): string {
  return u.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
}

/**
 * Why `url` may not be a webhook endpoint, from the URL alone (scheme, host name, address literal), or undefined.
 * The WHATWG parser has already turned 0x7f.1, 2130706433 and the like into their dotted form.
 */
export function urlRefusal(url: string, policy: TargetPolicy): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "the URL is not valid";
  }
  if (u.protocol !== "https:" && !(policy.allowPrivate && u.protocol === "http:")) return "webhook endpoints must use https";
  if (u.username || u.password) return "the URL may not carry credentials";
  if (policy.allowPrivate) return undefined;
  const host = hostOf(u);
  if (!host) return "the URL has no host";
  if (isIP(host)) return isForbiddenAddress(host) ? `${host} is not a public address` : undefined;
  if (FORBIDDEN_NAMES.has(host) || host.endsWith(".localhost")) return `${host} is a local or metadata host`;
  if (!host.includes(".")) return `${host} is not a fully qualified domain name`;
  return undefined;
}

export class WebhookTargets {
  constructor(
    readonly policy: TargetPolicy,
    private readonly resolve: Resolve = systemResolve,
  ) {}

  /** Why `url` may not be registered: the URL itself, then every address its host resolves to now. */
  async refusal(url: string): Promise<string | undefined> {
    const why = urlRefusal(url, this.policy);
    if (why || this.policy.allowPrivate) return why;
    const host = hostOf(new URL(url));
    if (isIP(host)) return undefined;
    let addresses: LookupAddress[];
    try {
      addresses = await this.resolve(host);
    } catch {
      return `${host} does not resolve`;
    }
    const bad = addresses.find((a) => isForbiddenAddress(a.address));
    return bad ? `${host} resolves to ${bad.address}, which is not a public address` : undefined;
  }

  /**
   * The socket's lookup at delivery: resolves as usual, and refuses the connection when any address is not public,
   * so that what was checked is what is connected to.
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.resolve(hostname).then(
      (all) => {
        const family = typeof options.family === "number" && options.family !== 0 ? options.family : undefined;
        const addresses = family ? all.filter((a) => a.family === family) : all;
        const bad = this.policy.allowPrivate ? undefined : all.find((a) => isForbiddenAddress(a.address));
        if (bad) {
          callback(Object.assign(new Error(`${hostname} resolves to ${bad.address}, which is not a public address`), { code: "EWEBHOOKTARGET" }), "", 4);
        } else if (!addresses.length) {
          callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 4);
        } else if (options.all) {
          (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
        } else {
          callback(null, addresses[0].address, addresses[0].family);
        }
      },
      (e: unknown) => callback(e as NodeJS.ErrnoException, "", 4),
    );
  };
}
