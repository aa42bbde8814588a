/**
 * What the inventory pages compute in the browser: grams read as tonnes and typed as kilograms, a yearly rate typed
 * as a percentage, and a reading's Merkle proof checked against its root with the browser's own SHA-256, which must
 * agree with the platform's tree (api/src/iot/merkle.ts) on every leaf of trees of every shape.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auditPath, leafHash, rootOf } from "../../api/src/iot/merkle";
import { gramsOfKg, tonnesOf } from "../../web/src/format/quantity";
import { checkProof } from "../../web/src/pages/iot/merkle";
import { bpsOfPercent } from "../../web/src/pages/pledges/rate";

const hex = (b: Buffer) => `0x${b.toString("hex")}`;

describe("quantities", () => {
  it("when grams are shown, then they read as tonnes with separators and no trailing zeros; other text as it came", () => {
    expect(tonnesOf("25000000")).toBe("25");
    expect(tonnesOf("12345678")).toBe("12.345678");
    expect(tonnesOf("1234500000000")).toBe("1,234,500");
    expect(tonnesOf("1")).toBe("0.000001");
    expect(tonnesOf("12.5")).toBe("12.5");
  });

  it("when a clerk types kilograms, then exact grams come out; zero, four decimals and misplaced separators are refused", () => {
    expect(gramsOfKg("25,000")).toBe("25000000");
    expect(gramsOfKg("１２.５")).toBe("12500");
    expect(gramsOfKg("0.001")).toBe("1");
    for (const bad of ["0", "0.000", "1.2345", "1,00", "", "-3", "1 000"]) expect(gramsOfKg(bad), bad).toBeUndefined();
  });

  it("when any grams are typed as kilograms with three decimals, then the same grams come out, and tonnes read back the same digits", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 14n }), (g) => {
        const kg = `${g / 1000n}.${(g % 1000n).toString().padStart(3, "0")}`;
        expect(gramsOfKg(kg)).toBe(g.toString());
        const [whole = "", frac = ""] = tonnesOf(g.toString()).replace(/,/g, "").split(".");
        expect(BigInt(whole) * 1_000_000n + BigInt(frac.padEnd(6, "0"))).toBe(g);
      }),
    );
  });
});

describe("rates", () => {
  it("when a yearly rate is typed as a percentage, then whole basis points come out; zero and three decimals are refused", () => {
    expect(bpsOfPercent("5.2")).toBe(520);
    expect(bpsOfPercent("5.20%")).toBe(520);
    expect(bpsOfPercent("12")).toBe(1200);
    expect(bpsOfPercent("0.01")).toBe(1);
    for (const bad of ["0", "0.00", "5.205", "100", "abc", ""]) expect(bpsOfPercent(bad), bad).toBeUndefined();
  });
});

describe("a reading's Merkle proof, checked in the browser", () => {
  const proofFor = (data: string[], index: number) => {
    const leaves = data.map((d) => leafHash(Buffer.from(d, "utf8")));
    return { leaf: { data: data[index], hash: hex(leaves[index]) }, path: auditPath(leaves, index).map((s) => ({ side: s.side, hash: hex(s.hash) })), root: hex(rootOf(leaves)) };
  };

  it("when the platform's proof of any leaf of any tree is checked, then the browser computes the same root and verifies it", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 40 }), fc.nat(), async (data, n) => {
        const proof = proofFor(data, n % data.length);
        const check = await checkProof(proof);
        expect(check).toEqual({ leafMatches: true, computedRoot: proof.root, verified: true });
      }),
      { numRuns: 60 },
    );
  });

  it("when the reading's data, a sibling's side or hash, or the root is changed, then it does not verify", async () => {
    const data = ['{"id":"1"}', '{"id":"2"}', '{"id":"3"}', '{"id":"4"}', '{"id":"5"}'];
    const good = proofFor(data, 2);
    expect((await checkProof(good)).verified).toBe(true);
    const changedData = await checkProof({ ...good, leaf: { ...good.leaf, data: '{"id":"3","grams":1}' } });
    expect(changedData).toMatchObject({ leafMatches: false, verified: false });
    const flipped = await checkProof({ ...good, path: good.path.map((s, i) => (i === 0 ? { ...s, side: s.side === "left" ? ("right" as const) : ("left" as const) } : s)) });
    expect(flipped.verified).toBe(false);
    const sibling = await checkProof({ ...good, path: good.path.map((s, i) => (i === 1 ? { ...s, hash: `0x${"00".repeat(32)}` } : s)) });
    expect(sibling.verified).toBe(false);
    const root = await checkProof({ ...good, root: `0x${"11".repeat(32)}` });
    expect(root).toMatchObject({ leafMatches: true, verified: false });
  });
});
