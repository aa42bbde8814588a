import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "../../../api/src/config";
import { EmbeddedBusinessRegistry, EmbeddedInvoiceVerifier } from "../../../api/src/verification/embedded-verifiers";
import { GatewayBusinessRegistry, GatewayInvoiceVerifier } from "../../../api/src/verification/gateway-verifiers";
import { verifiersFrom } from "../../../api/src/verification/verifiers";

describe("the verifiers' configuration", () => {
  it("when no gateway is configured, then both verifiers are the embedded sandbox", () => {
    const v = verifiersFrom(readConfig({}).verification);
    expect(v.registry).toBeInstanceOf(EmbeddedBusinessRegistry);
    expect(v.invoices).toBeInstanceOf(EmbeddedInvoiceVerifier);
  });

  it("when each gateway's URL is set, then that verifier goes through it with its own token and the shared timeout", () => {
    const config = readConfig({ SCF_REGISTRY_URL: "https://registry.example/api", SCF_REGISTRY_TOKEN: "r-token", SCF_INVOICE_VERIFIER_URL: "https://tax.example/", SCF_VERIFIER_TIMEOUT_MS: "1500" });
    expect(config.verification).toEqual({
      registry: { url: "https://registry.example/api", token: "r-token" },
      invoices: { url: "https://tax.example/", token: undefined },
      timeoutMs: 1500,
    });
    const v = verifiersFrom(config.verification);
    expect(v.registry).toBeInstanceOf(GatewayBusinessRegistry);
    expect(v.invoices).toBeInstanceOf(GatewayInvoiceVerifier);
    const onlyRegistry = verifiersFrom(readConfig({ SCF_REGISTRY_URL: "https://registry.example/" }).verification);
    expect(onlyRegistry.invoices).toBeInstanceOf(EmbeddedInvoiceVerifier);
  });

  it("when a gateway URL is malformed, then start-up stops naming the variable, never echoing its value", () => {
    const secret = "ftp://user:hunter2-secret@registry.example";
    const err = (() => {
      try {
        readConfig({ SCF_REGISTRY_URL: secret, SCF_INVOICE_VERIFIER_URL: "not a url" });
      } catch (e) {
        return e;
      }
      throw new Error("readConfig accepted it");
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/SCF_REGISTRY_URL/);
    expect((err as Error).message).toMatch(/SCF_INVOICE_VERIFIER_URL/);
    expect((err as Error).message).not.toContain("hunter2");
  });
});
