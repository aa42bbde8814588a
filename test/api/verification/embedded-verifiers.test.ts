import { describe, expect, it } from "vitest";
import { EmbeddedBusinessRegistry, EmbeddedInvoiceVerifier } from "../../../api/src/verification/embedded-verifiers";
import { shippedDataset } from "../../../api/src/verification/sandbox-dataset";
import { ORGANISATIONS, seededOrganisation } from "../../../seeds/organisations";
import { REGISTRY_CASES, SANDBOX_APPLICANTS } from "../../../seeds/registry";

const uscc = (handle: string) => seededOrganisation(handle).uscc;

describe("the embedded business registry", () => {
  const registry = new EmbeddedBusinessRegistry();

  it("when asked about any organisation of the cast, then it is registered, active, under its registered Chinese name", async () => {
    for (const o of ORGANISATIONS) expect(await registry.lookUp(o.uscc), o.handle).toMatchObject({ uscc: o.uscc, name: o.name, status: "active" });
  });

  it("when asked about the revoked, the cancelled and an unknown code, then it says so; capital is whole fen", async () => {
    expect((await registry.lookUp(REGISTRY_CASES.revoked.uscc))?.status).toBe("revoked");
    expect((await registry.lookUp(REGISTRY_CASES.cancelled.uscc))?.status).toBe("cancelled");
    expect(await registry.lookUp("91360100MA00000000")).toBeUndefined();
    expect(typeof (await registry.lookUp(uscc("core")))?.registeredCapital).toBe("bigint");
  });

  it("when the dataset is read, then every code passes its check character and none appears twice", () => {
    const codes = shippedDataset().enterprises.map((e) => e.uscc);
    expect(new Set(codes).size).toBe(codes.length);
    expect(SANDBOX_APPLICANTS.length).toBeGreaterThanOrEqual(100);
  });
});

describe("the embedded invoice verifier", () => {
  const verifier = new EmbeddedInvoiceVerifier();
  const cast = { sellerUscc: uscc("tier1"), buyerUscc: uscc("core") };
  const listed = (number: string, over: Partial<{ issueDate: string; amountBeforeTax: bigint }> = {}) =>
    verifier.verify({ number, issueDate: "2026-10-08", amountBeforeTax: 5_000_000n, claimed: cast, ...over });

  it("when an invoice is listed, then its listed outcome and parties come back, whoever is claimed", async () => {
    expect(await listed("26360000000000000091")).toEqual({ outcome: "void", ...cast });
    expect(await listed("26360000000000000092")).toEqual({ outcome: "red-flushed", ...cast });
    expect(await listed("26360000000000000093")).toEqual({ outcome: "valid", sellerUscc: uscc("core2-tier1"), buyerUscc: uscc("core2") });
    expect(await listed("26360000000000000094")).toEqual({ outcome: "not-found" });
    expect(await verifier.verify({ code: "3600251130", number: "00000001", issueDate: "2026-10-08", amountBeforeTax: 10_000_000n, claimed: cast })).toEqual({ outcome: "valid", ...cast });
  });

  it("when a listed invoice is asked with another date or amount, then it is not found", async () => {
    expect(await listed("26360000000000000095")).toEqual({ outcome: "valid", ...cast });
    expect(await listed("26360000000000000095", { amountBeforeTax: 5_000_001n })).toEqual({ outcome: "not-found" });
    expect(await listed("26360000000000000095", { issueDate: "2026-10-09" })).toEqual({ outcome: "not-found" });
  });

  it("when an unlisted invoice names active parties established by its issue day, then it is valid between them; otherwise not found", async () => {
    const other = (claimed: { sellerUscc: string; buyerUscc: string }, issueDate = "2026-06-01") => verifier.verify({ number: "26369999999999999999", issueDate, amountBeforeTax: 1n, claimed });
    expect(await other(cast)).toEqual({ outcome: "valid", ...cast });
    expect(await other({ ...cast, buyerUscc: REGISTRY_CASES.revoked.uscc })).toEqual({ outcome: "not-found" });
    expect(await other({ ...cast, sellerUscc: REGISTRY_CASES.cancelled.uscc })).toEqual({ outcome: "not-found" });
    expect(await other({ ...cast, sellerUscc: "91360100MA00000000" })).toEqual({ outcome: "not-found" });
    // tier1 was established in 2016: an invoice it "issued" before then does not exist.
    expect(await other(cast, "2015-01-01")).toEqual({ outcome: "not-found" });
  });
});
