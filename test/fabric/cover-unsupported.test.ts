/**
 * The Fabric chaincode keeps no guarantees, cargo policies, warehouse fees or late-funding penalties yet: the port's
 * steps for them refuse with LEDGER_UNSUPPORTED (501) without reaching the peer, and the penalty reads say
 * truthfully that nothing is charged there, so that funding a maturity works as before.
 */
import { describe, expect, it } from "vitest";
import { statusOf } from "../../api/src/errors";
import { ChainError } from "../../chain/errors";
import { FabricLedger } from "../../chain/fabric/fabric-ledger";
import { StaticFabricKeyRing } from "../../chain/fabric/identities";

const A = "0x00000000000000000000000000000000000000a1";
const H = `0x${"ab".repeat(32)}`;

describe("guarantees, policies, fees and penalties on Fabric", () => {
  it("when any of their ledger steps is asked for, then it is refused with LEDGER_UNSUPPORTED and the penalty reads are nil", async () => {
    // No peer listens there: a refusal that reached for one would be CHAIN_UNAVAILABLE instead.
    const ledger = new FabricLedger({ endpoint: "127.0.0.1:9", channel: "c", chaincode: "cc", keys: new StaticFabricKeyRing(), reader: A, mspId: "Org1MSP", timeoutMs: 500 });
    try {
      const calls: Promise<unknown>[] = [
        ledger.guarantees.issue(A, { kind: "pledgeLoan", subject: 1n, bank: A, amount: 1n, expiry: new Date() }),
        ledger.guarantees.demand(A, 1n),
        ledger.guarantees.recover(A, 1n, 1n),
        ledger.guarantees.reclaim(A, 1n),
        ledger.guarantees.release(A, 1n),
        ledger.guarantees.expire(A, 1n),
        ledger.guarantees.get(1n),
        ledger.guarantees.guaranteeOf("pledgeLoan", 1n),
        ledger.guarantees.lastId(),
        ledger.policies.underwrite(A, { receiptId: 1n, insured: 1n, start: new Date(), end: new Date(), terms: H }),
        ledger.policies.fileClaim(A, { policyId: 1n, loss: 1n, evidence: H, loanId: 0n }),
        ledger.policies.acceptClaim(A, 1n, 1n, 0n),
        ledger.policies.rejectClaim(A, 1n, H),
        ledger.policies.beneficiaryOf(1n, 0n),
        ledger.policies.policy(1n),
        ledger.policies.claim(1n),
        ledger.policies.policyOf(1n),
        ledger.policies.lastIds(),
        ledger.fees.setTariff(A, "LI2CO3", { storageFenPerTonneDay: 1n, supervisionFenPerTonneDay: 1n }),
        ledger.fees.open(A, 1n),
        ledger.fees.startSupervision(A, 1n),
        ledger.fees.endSupervision(A, 1n),
        ledger.fees.pay(A, 1n),
        ledger.fees.due(1n),
        ledger.fees.account(1n),
        ledger.fees.tariff(A, "LI2CO3"),
        ledger.settlement.setPenaltyRate(A, 100),
        ledger.settlement.payPenalty(A, 1n),
      ];
      for (const [i, call] of calls.entries()) {
        const e = await call.then(() => undefined, (x: unknown) => x);
        expect(e, `call ${i}`).toBeInstanceOf(ChainError);
        expect([(e as ChainError).code, statusOf((e as ChainError).code)], `call ${i}`).toEqual(["LEDGER_UNSUPPORTED", 501]);
      }
      expect(await ledger.settlement.penaltyRateFor(A, new Date())).toBe(0);
      expect(await ledger.settlement.penaltyDue(A, new Date(), new Date())).toBe(0n);
      expect(await ledger.settlement.penaltyPaid(1n)).toBe(false);
    } finally {
      await ledger.close();
    }
  });
});
