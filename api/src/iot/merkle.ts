/**
 * The Merkle tree of a batch of readings: exactly the Merkle Tree Hash of RFC 6962 (Certificate Transparency),
 * section 2.1, with SHA-256. Leaves and inner nodes are domain-separated, so that no leaf can pose as a node:
 *
 *   leaf hash  = SHA-256(0x00 || leaf data)
 *   node hash  = SHA-256(0x01 || left || right)
 *   MTH([d])   = leaf hash of d
 *   MTH(D[n])  = node hash(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two below n
 *
 * A tree over one leaf is its leaf hash. No leaf is ever duplicated to fill a level (Bitcoin's tree does, which
 * lets two different lists share a root). An inclusion proof is RFC 6962's audit path, from the leaf up.
 */
import { createHash } from "node:crypto";

export type Hash = Buffer;

export const leafHash = (data: Uint8Array): Hash => createHash("sha256").update(Buffer.of(0)).update(data).digest();
export const nodeHash = (left: Hash, right: Hash): Hash => createHash("sha256").update(Buffer.of(1)).update(left).update(right).digest();

/** The largest power of two strictly below n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The root over leaf hashes (already hashed with leafHash), in order. */
export function rootOf(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) throw new Error("A tree needs at least one leaf");
  if (leaves.length === 1) return leaves[0];
  const k = split(leaves.length);
  return nodeHash(rootOf(leaves.slice(0, k)), rootOf(leaves.slice(k)));
}

/** One step of an audit path: the sibling's hash, and on which side of the path it stands. */
export interface Step {
  side: "left" | "right";
  hash: Hash;
}

/** The audit path of leaf `index` (RFC 6962, 2.1.1), ordered from the leaf towards the root. */
export function auditPath(leaves: readonly Hash[], index: number): Step[] {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) throw new Error(`No leaf ${index} in a tree of ${leaves.length}`);
  if (leaves.length === 1) return [];
  const k = split(leaves.length);
  return index < k
    ? [...auditPath(leaves.slice(0, k), index), { side: "right", hash: rootOf(leaves.slice(k)) }]
    : [...auditPath(leaves.slice(k), index - k), { side: "left", hash: rootOf(leaves.slice(0, k)) }];
}

/** The root a leaf hash and its audit path lead to: equal to the anchored root when the leaf is in the tree. */
export function rootFromPath(leaf: Hash, path: readonly Step[]): Hash {
  return path.reduce((acc, step) => (step.side === "left" ? nodeHash(step.hash, acc) : nodeHash(acc, step.hash)), leaf);
}
