/**
 * Enrolment through Fabric CA's REST API, as `fabric-ca-client register` and `enroll` do it: the platform's
 * registrar (the CA admin's enrolment) registers `scf-<account>` with the `scf.account` and `scf.roles`
 * attributes written into enrolment certificates, or updates them when the identity exists (its roles grew);
 * then the platform enrols it with a new key and a signing request, and keeps the key (sealed, by its caller).
 * Requests to the registrar's endpoints carry Fabric CA's token: the registrar's certificate and its ECDSA
 * signature over method, URI, body and certificate.
 */
import { createHash, createPrivateKey, randomBytes, type KeyObject } from "node:crypto";
import * as http from "node:http";
import * as https from "node:https";
import { signers } from "@hyperledger/fabric-gateway";
import { ChainError, ChainUnavailableError } from "../errors";
import type { Account, Role } from "../ledger";
import { signingRequest } from "./csr";
import type { FabricEnroller, FabricIdentity } from "./identities";

export interface FabricCaOptions {
  /** The CA's base URL, e.g. https://localhost:7054. */
  url: string;
  /** The CA's name on a server that hosts several (`--caname`). */
  caName?: string;
  /** PEM root of the CA server's TLS certificate. */
  tlsRootCert?: string;
  /** The MSP the CA's certificates belong to. */
  mspId: string;
  /** The registrar's enrolment: an identity allowed to register clients with these attributes. */
  registrar: { certificate: string; privateKey: string };
  affiliation?: string;
  timeoutMs?: number;
}

interface CaResponse<T> {
  success: boolean;
  result?: T;
  errors?: { code?: number; message: string }[];
}

const sign = (key: KeyObject) => signers.newPrivateKeySigner(key);
const b64 = (data: string | Buffer) => Buffer.from(data).toString("base64");

export class FabricCaEnroller implements FabricEnroller {
  private readonly registrarKey: KeyObject;

  constructor(private readonly options: FabricCaOptions) {
    this.registrarKey = createPrivateKey(options.registrar.privateKey);
  }

  async enrol(account: Account, roles: readonly Role[]): Promise<FabricIdentity> {
    const id = `scf-${account.toLowerCase()}`;
    const secret = randomBytes(18).toString("base64url");
    const identity = {
      type: "client",
      affiliation: this.options.affiliation ?? "",
      attrs: [
        { name: "scf.account", value: account.toLowerCase(), ecert: true },
        { name: "scf.roles", value: roles.join(","), ecert: true },
      ],
      secret,
    };
    const registered = await this.call<{ secret: string }>("POST", "/api/v1/register", { id, ...identity, caname: this.options.caName ?? "" }, "token");
    if (!registered.success) {
      if (!registered.errors?.some((e) => /already registered/i.test(e.message))) throw refused("register", registered);
      const query = this.options.caName ? `?ca=${encodeURIComponent(this.options.caName)}` : "";
      const modified = await this.call("PUT", `/api/v1/identities/${encodeURIComponent(id)}${query}`, identity, "token");
      if (!modified.success) throw refused("update", modified);
    }
    const request = await signingRequest(id, sign);
    const enrolled = await this.call<{ Cert: string }>(
      "POST",
      "/api/v1/enroll",
      { certificate_request: request.csr, caname: this.options.caName ?? "" },
      { user: id, secret },
    );
    if (!enrolled.success || !enrolled.result) throw refused("enrol", enrolled);
    return { mspId: this.options.mspId, certificate: Buffer.from(enrolled.result.Cert, "base64").toString("utf8"), privateKey: request.privateKey };
  }

  /** Fabric CA's token: base64(cert) "." base64(signature over method.b64(uri).b64(body).b64(cert)). */
  private async token(method: string, uri: string, body: string): Promise<string> {
    const cert = b64(this.options.registrar.certificate);
    const payload = `${method}.${b64(uri)}.${b64(body)}.${cert}`;
    const signature = await sign(this.registrarKey)(createHash("sha256").update(payload).digest());
    return `${cert}.${b64(Buffer.from(signature))}`;
  }

  private async call<T>(method: string, uri: string, json: unknown, auth: "token" | { user: string; secret: string }): Promise<CaResponse<T>> {
    const body = JSON.stringify(json);
    const authorization = auth === "token" ? await this.token(method, uri, body) : `Basic ${b64(`${auth.user}:${auth.secret}`)}`;
    const url = new URL(uri, this.options.url);
    const client = url.protocol === "https:" ? https : http;
    return new Promise((resolve, reject) => {
      const req = client.request(
        url,
        {
          method,
          headers: { "content-type": "application/json", authorization, "content-length": Buffer.byteLength(body) },
          ...(this.options.tlsRootCert ? { ca: this.options.tlsRootCert } : {}),
          timeout: this.options.timeoutMs ?? 15_000,
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (d: string) => (text += d));
          res.on("end", () => {
            try {
              resolve(JSON.parse(text) as CaResponse<T>);
            } catch {
              reject(new ChainError("SIGNER_UNKNOWN", `Fabric CA answered ${String(res.statusCode)} without JSON to ${method} ${url.pathname}`, false));
            }
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error("timed out")));
      req.on("error", (e) => reject(new ChainUnavailableError(`Fabric CA at ${url.origin} does not answer`, { cause: e })));
      req.end(body);
    });
  }
}

function refused(what: string, r: CaResponse<unknown>): ChainError {
  const reason = r.errors?.map((e) => e.message).join("; ") || "no reason given";
  return new ChainError("SIGNER_UNKNOWN", `Fabric CA refused to ${what} the identity: ${reason}`, false);
}
