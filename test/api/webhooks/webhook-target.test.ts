/**
 * The SSRF guard on webhook endpoints, with generated hostile input: every spelling of a loopback, private,
 * link-local or metadata address is refused, public hosts pass, and at delivery the socket connects only to
 * addresses the guard saw (a name that resolves elsewhere later, DNS rebinding, is refused then).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postWebhook } from "../../../api/src/webhooks/webhook-post";
import { isForbiddenAddress, urlRefusal, WebhookTargets, type Resolve } from "../../../api/src/webhooks/webhook-target";

const STRICT = { allowPrivate: false };
const LAX = { allowPrivate: true };

/** The ranges the guard must refuse, written out here from the RFCs rather than taken from the product. */
const V4_PRIVATE: [number[], number][] = [
  [[0, 0, 0, 0], 8],
  [[10, 0, 0, 0], 8],
  [[100, 64, 0, 0], 10],
  [[127, 0, 0, 0], 8],
  [[169, 254, 0, 0], 16],
  [[172, 16, 0, 0], 12],
  [[192, 168, 0, 0], 16],
];

/** A random address inside one of those ranges, as four octets. */
const privateV4 = fc
  .tuple(fc.constantFrom(...V4_PRIVATE), fc.integer({ min: 0, max: 2 ** 32 - 1 }))
  .map(([[base, bits], r]) => {
    const b = base.reduce((n, o) => n * 256 + o, 0);
    const n = b + (r % 2 ** (32 - bits));
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  });
/** A public IPv4 address: first octet 11–99 is all public unicast. */
const publicV4 = fc.tuple(fc.integer({ min: 11, max: 99 }), fc.nat(255), fc.nat(255), fc.nat(255));

const dotted = (o: number[]) => o.join(".");
const hex = (o: number[]) => `${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
/** Other spellings the WHATWG URL parser reads as the same IPv4 address. */
const spellings = (o: number[]): string[] => {
  const n = (o[0] * 2 ** 24 + o[1] * 2 ** 16 + o[2] * 2 ** 8 + o[3]) >>> 0;
  return [dotted(o), String(n), `0x${n.toString(16)}`, o.map((x) => `0${x.toString(8)}`).join("."), `${o[0]}.${(o[1] << 16) | (o[2] << 8) | o[3]}`];
};

describe("webhook endpoint URLs: what the guard refuses from the URL alone", () => {
  it("when the host is a private, loopback or link-local IPv4 address in any spelling, then https or not, it is refused", () => {
    fc.assert(
      fc.property(privateV4, fc.constantFrom("https", "http"), fc.webPath(), (o, scheme, p) => {
        for (const host of spellings(o)) expect(urlRefusal(`${scheme}://${host}${p}`, STRICT), host).toBeDefined();
      }),
    );
  });

  it("when the host is such an address inside IPv6 (mapped, NAT64, 6to4, compatible), then it is refused", () => {
    fc.assert(
      fc.property(privateV4, (o) => {
        for (const host of [`[::ffff:${dotted(o)}]`, `[::ffff:${hex(o)}]`, `[64:ff9b::${dotted(o)}]`, `[2002:${hex(o)}::1]`, `[::${dotted(o)}]`]) {
          expect(urlRefusal(`https://${host}/hook`, STRICT), host).toBeDefined();
        }
      }),
    );
  });

  it("when the host is a link-local, unique-local, loopback or unspecified IPv6 address, then it is refused", () => {
    const word = fc.integer({ min: 0, max: 0xffff }).map((w) => w.toString(16));
    const linkLocal = fc.tuple(fc.integer({ min: 0xfe80, max: 0xfebf }), word, word).map(([a, b, c]) => `${a.toString(16)}::${b}:${c}`);
    const uniqueLocal = fc.tuple(fc.integer({ min: 0xfc00, max: 0xfdff }), word, word).map(([a, b, c]) => `${a.toString(16)}:${b}::${c}`);
    fc.assert(
      fc.property(fc.oneof(linkLocal, uniqueLocal, fc.constantFrom("::1", "::", "0:0:0:0:0:0:0:1", "fd00:ec2::254")), (ip) => {
        expect(urlRefusal(`https://[${ip}]/`, STRICT), ip).toBeDefined();
        expect(isForbiddenAddress(ip)).toBe(true);
      }),
    );
  });

  it("when the host is a public IPv4 address over https, then it passes; over http, it is refused", () => {
    fc.assert(
      fc.property(publicV4, fc.webPath(), (o, p) => {
        expect(urlRefusal(`https://${dotted(o)}${p}`, STRICT)).toBeUndefined();
        expect(urlRefusal(`http://${dotted(o)}${p}`, STRICT)).toBe("webhook endpoints must use https");
        expect(isForbiddenAddress(`::ffff:${dotted(o)}`)).toBe(false);
      }),
    );
  });

  it("when the host names the local machine or a metadata service, or is a single label, then it is refused", () => {
    for (const url of [
      "https://localhost/",
      "https://LOCALHOST./hook",
      "https://api.localhost/",
      "https://metadata.google.internal/computeMetadata/v1/",
      "https://metadata/",
      "https://169.254.169.254/latest/meta-data/",
      "https://[fd00:ec2::254]/",
      "https://intranet/",
      "https://0/",
      "https://127.1/",
    ]) {
      expect(urlRefusal(url, STRICT), url).toBeDefined();
    }
  });

  it("when the URL carries credentials, or is not a URL at all, then it is refused even where private targets are allowed", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const why = urlRefusal(s, LAX);
        if (why === undefined) expect(["http:", "https:"]).toContain(new URL(s).protocol);
      }),
    );
    expect(urlRefusal("https://user:secret@example.com/", LAX)).toBe("the URL may not carry credentials");
    expect(urlRefusal("ftp://example.com/", LAX)).toBeDefined();
  });

  it("when private targets are allowed (SCF_WEBHOOK_ALLOW_PRIVATE=1), then loopback over http passes", () => {
    fc.assert(
      fc.property(privateV4, (o) => {
        expect(urlRefusal(`http://${dotted(o)}:8080/hook`, LAX)).toBeUndefined();
      }),
    );
  });

  it("when generated web URLs are checked, then the guard never throws, and what it lets through is https to a public host", () => {
    fc.assert(
      fc.property(fc.webUrl({ validSchemes: ["https", "http"], withQueryParameters: true, withFragments: true }), (url) => {
        const why = urlRefusal(url, STRICT);
        if (why !== undefined) return;
        const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
        expect(new URL(url).protocol).toBe("https:");
        expect(host.includes(".") || host.includes(":")).toBe(true);
      }),
    );
  });
});

describe("webhook endpoint hosts: what they resolve to", () => {
  const resolver =
    (table: Partial<Record<string, string[]>>): Resolve =>
    (host) => {
      const found = table[host];
      return found ? Promise.resolve(found.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }))) : Promise.reject(new Error("ENOTFOUND"));
    };

  it("when a name resolves to any private address, then registration is refused; to public ones only, it passes; to nothing, it is refused", async () => {
    const t = new WebhookTargets(STRICT, resolver({ "erp.example.com": ["93.184.216.34", "2606:2800:220:1::1"], "sneaky.example.com": ["93.184.216.34", "10.0.0.5"], "v6.example.com": ["::ffff:127.0.0.1"] }));
    expect(await t.refusal("https://erp.example.com/hooks")).toBeUndefined();
    expect(await t.refusal("https://sneaky.example.com/hooks")).toMatch(/10\.0\.0\.5/);
    expect(await t.refusal("https://v6.example.com/hooks")).toMatch(/not a public address/);
    expect(await t.refusal("https://nowhere.example.com/hooks")).toMatch(/does not resolve/);
  });

  describe("at delivery, on a local receiver", () => {
    let server: Server;
    let port: number;
    let hits = 0;
    beforeAll(async () => {
      server = createServer((req, res) => {
        hits += 1;
        req.resume();
        res.writeHead(204).end();
      });
      server.listen(0, "127.0.0.1");
      await new Promise((r) => server.once("listening", r));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => {
      server.closeAllConnections();
      server.close();
    });

    it("when a name that passed registration now resolves to loopback (DNS rebinding), then the connection is refused and nothing reaches it", async () => {
      let answer = "93.184.216.34";
      const t = new WebhookTargets(STRICT, (host) => Promise.resolve(host === "rebind.example.com" ? [{ address: answer, family: 4 }] : []));
      expect(await t.refusal(`https://rebind.example.com:${port}/hook`)).toBeUndefined();
      answer = "127.0.0.1";
      await expect(postWebhook(t, `https://rebind.example.com:${port}/hook`, {}, "{}", 2_000)).rejects.toMatchObject({ code: "EWEBHOOKTARGET" });
      expect(hits).toBe(0);
    });

    it("when private targets are allowed, then the connection goes to the address the guard's lookup gave (the name exists nowhere else)", async () => {
      const t = new WebhookTargets(LAX, (host) => Promise.resolve(host === "receiver.test" ? [{ address: "127.0.0.1", family: 4 }] : []));
      expect(await postWebhook(t, `http://receiver.test:${port}/hook`, {}, "{}", 2_000)).toBe(204);
      expect(hits).toBe(1);
    });

    it("when the endpoint is an address literal the guard refuses, then nothing is sent", async () => {
      const t = new WebhookTargets(STRICT);
      await expect(postWebhook(t, `https://127.0.0.1:${port}/hook`, {}, "{}", 2_000)).rejects.toThrow(/not a public address/);
      expect(hits).toBe(1);
    });
  });
});
