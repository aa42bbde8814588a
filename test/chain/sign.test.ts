import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Transaction, Wallet, hexlify } from "ethers";
import { LegacySigner, signTransfer } from "../../chain/evm/sign";

const key = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((b) => b.some((x) => x !== 0) && b[0] < 0xff).map((b) => hexlify(b));
const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => hexlify(b));
const legacy = fc.record({
  chainId: fc.bigInt({ min: 1n, max: 2n ** 53n }),
  nonce: fc.nat({ max: 2 ** 40 }),
  gasPrice: fc.bigInt({ min: 0n, max: 2n ** 128n }),
  gasLimit: fc.bigInt({ min: 21_000n, max: 30_000_000n }),
  to: fc.option(address, { nil: null }),
  value: fc.bigInt({ min: 0n, max: 2n ** 200n }),
  data: fc.uint8Array({ maxLength: 300 }).map((b) => hexlify(b)),
});

describe("LegacySigner", () => {
  it("when it signs any legacy transaction, then the bytes are ethers' Wallet's, the hash is theirs, and the sender recovers to its address", async () => {
    await fc.assert(
      fc.asyncProperty(key, legacy, async (k, tx) => {
        const signer = new LegacySigner(k);
        const wallet = new Wallet(k);
        expect(signer.address).toBe(wallet.address);
        const mine = signer.sign(tx);
        const theirs = await wallet.signTransaction({ type: 0, ...tx });
        expect(mine.raw).toBe(theirs);
        const parsed = Transaction.from(mine.raw);
        expect([mine.hash, parsed.from, parsed.chainId, parsed.to?.toLowerCase() ?? null]).toEqual([parsed.hash, wallet.address, tx.chainId, tx.to]);
      }),
      // One r or s in 128 starts with a zero byte, which RLP drops: a thousand runs meet several.
      { numRuns: 1_000 },
    );
  });

  it("when a plain transfer is signed, then it is a zero-value self-transfer of 21,000 gas at zero price", () => {
    const k = `0x${"11".repeat(32)}`;
    const { raw, hash } = signTransfer(k, 31337n, 7);
    const tx = Transaction.from(raw);
    const me = new Wallet(k).address;
    expect([tx.type, tx.from, tx.to, tx.value, tx.gasLimit, tx.gasPrice, tx.nonce, tx.chainId, tx.hash]).toEqual([0, me, me, 0n, 21_000n, 0n, 7, 31337n, hash]);
  });
});
