/**
 * Reading anchors (contracts/ReadingAnchors.sol): the operator anchors the Merkle root of a batch of IoT readings,
 * once per root, so that a reading can later be proved against the ledger without trusting the platform. Each
 * root is its own key; the EVM's running count of anchors is not kept, as it would be a key every anchor writes.
 */
import { Info, Returns, Transaction } from "fabric-contract-api";
import { refusal } from "./errors";
import { LedgerContext, LedgerContract } from "./ledger-contract";
import { requireCaller } from "./participants";
import { canonicalJson } from "./state";
import { ROLE, U32_MAX, U64_MAX, ZERO_BYTES32, parseBytes32, parseUint } from "./values";

const ANCHOR = "readingAnchor";
const MAX_BATCH = 65_536n;

interface AnchorRecord {
  firstId: string;
  lastId: string;
  count: string;
  anchoredAt: string;
  /** The anchoring transaction: a client finds its block through the peer's qscc, which a contract cannot. */
  txId: string;
}

@Info({ title: "ReadingAnchors", description: "Merkle roots of IoT readings, each anchored once" })
export class ReadingAnchorsContract extends LedgerContract {
  constructor() {
    super("ReadingAnchors");
  }

  @Transaction()
  async anchor(ctx: LedgerContext, root: string, firstId: string, lastId: string, count: string): Promise<void> {
    const r = parseBytes32(root, "root");
    const first = parseUint(firstId, "firstId", U64_MAX);
    const last = parseUint(lastId, "lastId", U64_MAX);
    const n = parseUint(count, "count", U32_MAX);
    await requireCaller(ctx, ROLE.operator);
    if (r === ZERO_BYTES32) throw refusal("ReadingAnchorsZeroRoot");
    const fits = last >= first && last - first + 1n >= n;
    if (n === 0n || n > MAX_BATCH || !fits) throw refusal("ReadingAnchorsInvalidBatch", first, last, n);
    if ((await ctx.state.get(ANCHOR, [r])) !== undefined) throw refusal("ReadingAnchorsAlreadyAnchored", r);
    await ctx.state.put(ANCHOR, [r], { firstId: first.toString(), lastId: last.toString(), count: n.toString(), anchoredAt: ctx.state.now.toString(), txId: ctx.state.txId });
    ctx.emit("ReadingsAnchored", { operator: ctx.caller.account, root: r, firstId: first, lastId: last, count: n });
  }

  /** The anchor of `root` with its time in seconds, or null when it was never anchored. */
  @Transaction(false)
  @Returns("string")
  async anchorOf(ctx: LedgerContext, root: string): Promise<string> {
    const a = await ctx.state.get<AnchorRecord>(ANCHOR, [parseBytes32(root, "root")]);
    return canonicalJson(a ?? null);
  }
}
