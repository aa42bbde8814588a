/**
 * Checks a reading's inclusion proof in the browser, so that the user need not trust the platform's word for it:
 * RFC 6962 hashing with SHA-256 (api/src/iot/merkle.ts), leaf = SHA-256(0x00 ‖ data), node = SHA-256(0x01 ‖ left ‖
 * right), folded from the leaf up the audit path. The root must then be the one the ledger anchored (its tx shown).
 */

export interface ProofToCheck {
  leaf: { data: string; hash: string };
  path: { side: "left" | "right"; hash: string }[];
  root: string;
}

export interface ProofCheck {
  /** SHA-256(0x00 ‖ leaf data) equals the leaf hash given. */
  leafMatches: boolean;
  /** The root the path leads to, as computed here. */
  computedRoot: string;
  /** Both hold: the data is in the tree whose root is `root`. */
  verified: boolean;
}

const hexOf = (bytes: ArrayBuffer) => `0x${[...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;

function bytesOf(hex: string): Uint8Array {
  const clean = hex.replace(/^0x/, "");
  if (!/^([0-9a-f]{2})*$/i.test(clean)) throw new Error(`Not hex: ${hex}`);
  return Uint8Array.from(clean.match(/../g) ?? [], (b) => parseInt(b, 16));
}

async function sha256(...parts: Uint8Array[]): Promise<ArrayBuffer> {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return crypto.subtle.digest("SHA-256", all);
}

export async function checkProof(proof: ProofToCheck): Promise<ProofCheck> {
  const leaf = await sha256(Uint8Array.of(0), new TextEncoder().encode(proof.leaf.data));
  const leafMatches = hexOf(leaf) === proof.leaf.hash.toLowerCase();
  let node = new Uint8Array(leaf);
  for (const step of proof.path) {
    const sibling = bytesOf(step.hash);
    node = new Uint8Array(await (step.side === "left" ? sha256(Uint8Array.of(1), sibling, node) : sha256(Uint8Array.of(1), node, sibling)));
  }
  const computedRoot = hexOf(node.buffer);
  return { leafMatches, computedRoot, verified: leafMatches && computedRoot === proof.root.toLowerCase() };
}
