import { Transaction, Wallet } from "ethers";

/** A signed zero-value transfer to the sender itself at zero gas price: the lightest transaction a chain carries. */
export async function signTransfer(privateKey: string, chainId: bigint, nonce: number): Promise<{ raw: string; hash: string }> {
  const w = new Wallet(privateKey);
  const raw = await w.signTransaction({ type: 0, chainId, nonce, to: w.address, value: 0n, gasLimit: 21_000n, gasPrice: 0n });
  return { raw, hash: signedHash(raw) };
}

/** The hash of a signed raw transaction; ethers types it nullable because an unsigned one has none. */
export function signedHash(raw: string): string {
  const { hash } = Transaction.from(raw);
  if (hash === null) throw new Error("The transaction is not signed, so it has no hash");
  return hash;
}
