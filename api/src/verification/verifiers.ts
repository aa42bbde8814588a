/**
 * The verifiers the platform asks about enterprises and invoices, chosen once at start: a gateway when its URL
 * is configured (SCF_REGISTRY_URL, SCF_INVOICE_VERIFIER_URL), otherwise the embedded sandbox. Each is chosen on
 * its own, so that a deployment may connect the registry before the tax bureau.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { BusinessRegistry } from "./business-registry";
import { EmbeddedBusinessRegistry, EmbeddedInvoiceVerifier } from "./embedded-verifiers";
import { DEFAULT_GATEWAY_TIMING } from "./gateway-client";
import { GatewayBusinessRegistry, GatewayInvoiceVerifier } from "./gateway-verifiers";
import type { InvoiceVerifier } from "./invoice-verifier";

export interface Verifiers {
  registry: BusinessRegistry;
  invoices: InvoiceVerifier;
}

export interface GatewayConfig {
  url: string;
  token: string | undefined;
}

export interface VerificationConfig {
  registry: GatewayConfig | undefined;
  invoices: GatewayConfig | undefined;
  timeoutMs: number;
}

export const embeddedVerifiers = (): Verifiers => ({ registry: new EmbeddedBusinessRegistry(), invoices: new EmbeddedInvoiceVerifier() });

export function verifiersFrom(config: VerificationConfig | undefined): Verifiers {
  const timing = { ...DEFAULT_GATEWAY_TIMING, timeoutMs: config?.timeoutMs ?? DEFAULT_GATEWAY_TIMING.timeoutMs, now: () => Date.now(), sleep: (ms: number) => sleep(ms) };
  return {
    registry: config?.registry ? new GatewayBusinessRegistry({ ...timing, ...config.registry }) : new EmbeddedBusinessRegistry(),
    invoices: config?.invoices ? new GatewayInvoiceVerifier({ ...timing, ...config.invoices }) : new EmbeddedInvoiceVerifier(),
  };
}
