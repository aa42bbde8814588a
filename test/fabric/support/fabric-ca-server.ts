/**
 * A test double of Fabric CA's REST API (register, identity update, enrol), over real HTTP, for the enroller
 * in chain/fabric/fabric-ca.ts. It checks what a CA checks: the registrar's token (a certificate the CA issued
 * to its admin, and its ECDSA signature over method, URI, body and certificate), the enrolment secret, and the
 * signing request's own signature and common name; it issues certificates from the throwaway CA with the
 * registered attributes that carry `ecert: true`, as Fabric CA writes them.
 */
import "reflect-metadata";
import { verify, webcrypto, X509Certificate } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as x509 from "@peculiar/x509";
import type { TestCa } from "./test-ca";

interface Registered {
  secret: string;
  attrs: { name: string; value: string; ecert?: boolean }[];
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");
const success = (status: number, result: unknown): [number, unknown] => [status, { success: true, result, errors: [], messages: [] }];
const failure = (status: number, code: number, message: string): [number, unknown] => [status, { success: false, result: null, errors: [{ code, message }], messages: [] }];

export class FabricCaTestServer {
  readonly identities = new Map<string, Registered>();
  /** Every request, as method and path, in order. */
  readonly requests: string[] = [];
  private readonly server: Server;

  private constructor(
    private readonly ca: TestCa,
    private readonly registrar: string,
  ) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** A CA whose admin is enrolled as `registrar` (its common name). */
  static async start(ca: TestCa, registrar = "admin"): Promise<FabricCaTestServer> {
    const s = new FabricCaTestServer(ca, registrar);
    await new Promise<void>((resolve) => s.server.listen(0, "127.0.0.1", resolve));
    return s;
  }

  get url(): string {
    return `http://127.0.0.1:${String((this.server.address() as AddressInfo).port)}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = "";
    for await (const chunk of req) body += String(chunk);
    const uri = req.url ?? "";
    this.requests.push(`${req.method ?? ""} ${uri.split("?")[0]}`);
    let answer: [number, unknown];
    try {
      answer = await this.route(req.method ?? "", uri, body, req.headers.authorization ?? "");
    } catch (e) {
      answer = failure(500, 0, e instanceof Error ? e.message : String(e));
    }
    res.writeHead(answer[0], { "content-type": "application/json" }).end(JSON.stringify(answer[1]));
  }

  private async route(method: string, uri: string, body: string, authorization: string): Promise<[number, unknown]> {
    if (method === "POST" && uri === "/api/v1/enroll") return this.enrol(body, authorization);
    if (!this.tokenValid(method, uri, body, authorization)) return failure(401, 20, "Authentication failure");
    const input = JSON.parse(body) as { id?: string } & Registered;
    if (method === "POST" && uri === "/api/v1/register") {
      const id = input.id ?? "";
      if (this.identities.has(id)) return failure(400, 74, `Identity '${id}' is already registered`);
      this.identities.set(id, { secret: input.secret, attrs: input.attrs });
      return success(201, { secret: input.secret });
    }
    const modify = /^\/api\/v1\/identities\/([^/?]+)/.exec(uri);
    if (method === "PUT" && modify) {
      const id = decodeURIComponent(modify[1]);
      if (!this.identities.has(id)) return failure(404, 63, `Identity '${id}' not found`);
      this.identities.set(id, { secret: input.secret, attrs: input.attrs });
      return success(200, { id });
    }
    return failure(404, 0, "no such endpoint");
  }

  /** The registrar's token: its certificate, issued by this CA to the admin, and a signature that verifies. */
  private tokenValid(method: string, uri: string, body: string, token: string): boolean {
    const [cert64, sig64] = token.split(".");
    if (!cert64 || !sig64) return false;
    const cert = new X509Certificate(Buffer.from(cert64, "base64"));
    const root = new X509Certificate(this.ca.certificate);
    if (!cert.checkIssued(root) || !cert.verify(root.publicKey) || !cert.subject.includes(`CN=${this.registrar}`)) return false;
    const payload = `${method}.${b64(uri)}.${b64(body)}.${cert64}`;
    return verify("sha256", Buffer.from(payload), cert.publicKey, Buffer.from(sig64, "base64"));
  }

  private async enrol(body: string, authorization: string): Promise<[number, unknown]> {
    const [user, secret] = Buffer.from(authorization.replace(/^Basic /, ""), "base64").toString().split(":") as [string, string | undefined];
    const id = this.identities.get(user);
    if (id === undefined || secret === undefined || id.secret !== secret) return failure(401, 20, "Authentication failure");
    const csr = new x509.Pkcs10CertificateRequest((JSON.parse(body) as { certificate_request: string }).certificate_request);
    if (!(await csr.verify())) return failure(400, 0, "The certificate request's signature does not verify");
    if (csr.subject !== `CN=${user}`) return failure(400, 0, "The CN of the certificate request must be the enrolment id");
    const attrs = Object.fromEntries(id.attrs.filter((a) => a.ecert).map((a) => [a.name, a.value]));
    // @peculiar/x509 declares the DOM's CryptoKey, which is Node's WebCrypto key.
    const publicKey = (await csr.publicKey.export()) as unknown as webcrypto.CryptoKey;
    const cert = await this.ca.issue(user, attrs, publicKey);
    return success(201, { Cert: b64(cert), ServerInfo: { CAName: "", CAChain: b64(this.ca.certificate) } });
  }
}
