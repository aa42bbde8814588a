/**
 * What the Solidity constructors do at deployment, done once by the first operator: it and the regulator are
 * registered, the platform bounds take their defaults and the financing fee is zero, paid to the operator.
 */
import { Info, Returns, Transaction } from "fabric-contract-api";
import { refusal } from "./errors";
import { putFee } from "./financing";
import { LedgerContext, LedgerContract } from "./ledger-contract";
import { parseMsp, registerParticipant } from "./participants";
import { defaultBounds, putBounds } from "./rules";
import { ROLE, ZERO_BYTES32, parseAccount } from "./values";

const GENESIS = "genesis";

@Info({ title: "Genesis", description: "The ledger's first operator and regulator, once" })
export class GenesisContract extends LedgerContract {
  constructor() {
    super("Genesis");
  }

  /** The caller, whose certificate names it an operator, becomes the operator; `regulator` the regulator. */
  @Transaction()
  @Returns("string")
  async init(ctx: LedgerContext, regulator: string, regulatorMsp: string): Promise<string> {
    if ((await ctx.state.get(GENESIS, [])) !== undefined) throw refusal("LedgerAlreadyInitialised");
    const { account: operator, roles, mspId } = ctx.caller;
    if ((roles & ROLE.operator) === 0) throw refusal("ParticipantsMissingRole", operator, ROLE.operator);
    const regulatorAccount = parseAccount(regulator, "regulator");
    const msp = parseMsp(regulatorMsp);
    const hashes = { usccHash: ZERO_BYTES32, kycHash: ZERO_BYTES32 };
    await ctx.state.put(GENESIS, [], { operator, regulator: regulatorAccount });
    await registerParticipant(ctx, operator, ROLE.operator, hashes, mspId);
    await registerParticipant(ctx, regulatorAccount, ROLE.regulator, hashes, msp);
    await putBounds(ctx, defaultBounds());
    await putFee(ctx, 0, operator);
    return operator;
  }
}
