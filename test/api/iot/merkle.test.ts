import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auditPath, leafHash, nodeHash, rootFromPath, rootOf } from "../../../api/src/iot/merkle";

/** The test vectors of RFC 6962's reference implementation (certificate-transparency-go, merkle tests). */
const VECTOR_LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];
const VECTOR_ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

const leaves = fc.array(fc.uint8Array({ maxLength: 40 }), { minLength: 1, maxLength: 70 }).map((ds) => ds.map((d) => leafHash(d)));

describe("the readings' Merkle tree (RFC 6962)", () => {
  it("when built over the RFC 6962 test leaves, then every prefix has the reference root", () => {
    const hashed = VECTOR_LEAVES.map((h) => leafHash(Buffer.from(h, "hex")));
    expect(VECTOR_ROOTS.map((_, n) => rootOf(hashed.slice(0, n + 1)).toString("hex"))).toEqual(VECTOR_ROOTS);
  });

  it("when leaves and nodes are hashed, then they are domain-separated: a node's two halves posed as one leaf give another hash", () => {
    const [a, b] = [leafHash(Buffer.from("a")), leafHash(Buffer.from("b"))];
    expect(leafHash(Buffer.concat([a, b])).equals(nodeHash(a, b))).toBe(false);
  });

  it("when any leaf of any tree is proved, then its audit path leads to the root and has at most ⌈log2 n⌉ steps", () => {
    fc.assert(
      fc.property(leaves, fc.nat(), (ls, pick) => {
        const i = pick % ls.length;
        const path = auditPath(ls, i);
        expect(rootFromPath(ls[i], path).equals(rootOf(ls))).toBe(true);
        expect(path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(ls.length)));
      }),
    );
  });

  it("when a leaf is changed, or proved at another position's path, then the path no longer leads to the root", () => {
    fc.assert(
      fc.property(leaves.filter((ls) => ls.length > 1), fc.nat(), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 }), (ls, p, q, junk) => {
        const i = p % ls.length;
        const root = rootOf(ls);
        const changed = leafHash(Buffer.concat([Buffer.from("changed"), junk]));
        expect(rootFromPath(changed, auditPath(ls, i)).equals(root)).toBe(false);
        const j = q % ls.length;
        if (!ls[j].equals(ls[i]) && j !== i) expect(rootFromPath(ls[i], auditPath(ls, j)).equals(root)).toBe(false);
      }),
    );
  });

  it("when two lists differ only by repeating the last leaf, then their roots differ (no level is padded by duplication)", () => {
    fc.assert(
      fc.property(leaves, (ls) => {
        expect(rootOf([...ls, ls[ls.length - 1]]).equals(rootOf(ls))).toBe(false);
      }),
    );
  });

  it("when a tree is empty or a leaf index is outside it, then it throws", () => {
    expect(() => rootOf([])).toThrow(/at least one leaf/);
    const ls = [leafHash(Buffer.from("x"))];
    expect(auditPath(ls, 0)).toEqual([]);
    for (const i of [-1, 1, 0.5]) expect(() => auditPath(ls, i)).toThrow(/No leaf/);
  });
});
