import { computeAddress, encodeRlp, getBytes, keccak256, SigningKey, stripZerosLeft, toBeArray } from "ethers";
import { signRecoverable } from "tiny-secp256k1";

/** A legacy (type 0) transaction with EIP-155 replay protection: what the submitter sends to every EVM chain. */
export interface LegacyTransaction {
  chainId: bigint;
  nonce: number;
  gasPrice: bigint;
  gasLimit: bigint;
  /** Null for a contract creation. */
  to: string | null;
  value: bigint;
  data: string;
}

/**
 * A custodial account's signer. It signs the transaction's RLP fields directly with libsecp256k1 (compiled to
 * WebAssembly): ethers' Wallet builds and normalises a Transaction object, serialises it twice and checksums its
 * addresses on every signature, and its pure-JavaScript curve took 0.25 ms of it; together a third of a ledger
 * write's time on the embedded chain. The output is byte for byte what Wallet gives (RFC 6979 nonces, low s), as
 * test/chain/sign.test.ts checks.
 */
export class LegacySigner {
  readonly address: string;
  private readonly privateKey: Uint8Array;

  constructor(privateKey: string) {
    this.address = computeAddress(new SigningKey(privateKey).publicKey);
    this.privateKey = getBytes(privateKey);
  }

  sign(tx: LegacyTransaction): { raw: string; hash: string } {
    const fields = [toBeArray(tx.nonce), toBeArray(tx.gasPrice), toBeArray(tx.gasLimit), tx.to ?? "0x", toBeArray(tx.value), tx.data];
    // EIP-155: the digest covers the chain id and two empty fields, and v carries the chain id.
    const digest = getBytes(keccak256(encodeRlp([...fields, toBeArray(tx.chainId), "0x", "0x"])));
    const { signature, recoveryId } = signRecoverable(digest, this.privateKey);
    const v = tx.chainId * 2n + 35n + BigInt(recoveryId);
    // RLP integers carry no leading zero bytes.
    const raw = encodeRlp([...fields, toBeArray(v), stripZerosLeft(signature.subarray(0, 32)), stripZerosLeft(signature.subarray(32))]);
    return { raw, hash: keccak256(raw) };
  }
}

/** A signed zero-value transfer to the sender itself at zero gas price: the lightest transaction a chain carries. */
export function signTransfer(privateKey: string, chainId: bigint, nonce: number): { raw: string; hash: string } {
  const signer = new LegacySigner(privateKey);
  return signer.sign({ chainId, nonce, gasPrice: 0n, gasLimit: 21_000n, to: signer.address, value: 0n, data: "0x" });
}
