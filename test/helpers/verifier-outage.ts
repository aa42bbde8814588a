/**
 * The sandbox verifiers with an outage switch: while `down`, every call goes to a gateway at an address nobody
 * listens on, so that the platform meets a real refused connection, not a thrown stand-in.
 */
import type { BusinessRegistry } from "../../api/src/verification/business-registry";
import { EmbeddedBusinessRegistry, EmbeddedInvoiceVerifier } from "../../api/src/verification/embedded-verifiers";
import { GatewayBusinessRegistry, GatewayInvoiceVerifier } from "../../api/src/verification/gateway-verifiers";
import type { InvoiceVerifier } from "../../api/src/verification/invoice-verifier";
import type { Verifiers } from "../../api/src/verification/verifiers";

// Port 1 (tcpmux) is closed on any machine the tests run on: connecting is refused at once.
const DEAD = { url: "http://127.0.0.1:1/", timeoutMs: 2_000, retries: 0, backoffMs: 0, failureThreshold: 1_000, coolDownMs: 0, now: () => 0, sleep: () => Promise.resolve() };

export class OutageSwitch {
  down = false;

  verifiers(): Verifiers {
    const registry = { up: new EmbeddedBusinessRegistry(), dead: new GatewayBusinessRegistry(DEAD) };
    const invoices = { up: new EmbeddedInvoiceVerifier(), dead: new GatewayInvoiceVerifier(DEAD) };
    const r: BusinessRegistry = { lookUp: (uscc) => (this.down ? registry.dead : registry.up).lookUp(uscc) };
    const i: InvoiceVerifier = { verify: (q) => (this.down ? invoices.dead : invoices.up).verify(q) };
    return { registry: r, invoices: i };
  }
}
