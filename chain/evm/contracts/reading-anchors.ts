import type { Account, Bytes32, ReadingAnchor, ReadingAnchorsPort, Receipt } from "../../ledger";
import type { readingAnchorsAbi } from "../abi/ReadingAnchors";
import { fromSeconds } from "../codec";
import type { ContractClient } from "../contract-client";

export class ReadingAnchorsContract implements ReadingAnchorsPort {
  constructor(private readonly c: ContractClient<typeof readingAnchorsAbi>) {}

  async anchor(operator: Account, a: { root: Bytes32; firstId: bigint; lastId: bigint; count: number }): Promise<Receipt> {
    return (await this.c.send(operator, "anchor", [a.root, a.firstId, a.lastId, a.count])).receipt;
  }

  async anchorOf(root: Bytes32): Promise<ReadingAnchor | undefined> {
    const [a] = await this.c.read("anchorOf", [root]);
    if (a.count === 0n) return undefined;
    return {
      root,
      firstId: a.firstId,
      lastId: a.lastId,
      count: Number(a.count),
      anchoredAt: fromSeconds(a.anchoredAt),
      blockNumber: Number(a.blockNumber),
    };
  }
}
