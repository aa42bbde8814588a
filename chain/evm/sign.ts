import { Transaction, Wallet } from "ethers";

/** A signed zero-value transfer to the sender itself at zero gas price: the lightest transaction a chain carries. */
export async function signTransfer(privateKey: string, chainId: bigint, nonce: number): Promise<{ raw: string; hash: string }> {
  const w = new Wallet(privateKey);
  const raw = await w.signTransaction({ type: 0, chainId, nonce, to: w.address, value: 0n, gasLimit: 21_000n, gasPrice: 0n });
  return { raw, hash: Transaction.from(raw).hash! };
}
