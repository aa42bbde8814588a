/**
 * The Fabric ledger as the platform starts on it: one connection to the peer's gateway, the organisations'
 * identities from the key ring, and, on a channel whose chaincode was never initialised, the genesis (the
 * operator and the regulator registered, the default bounds and fee), signed by the operator.
 */
import { ChainError } from "../errors";
import type { Account } from "../ledger";
import { FabricLedger } from "./fabric-ledger";
import type { FabricKeyRing } from "./identities";
import type { FabricSettings } from "./settings";

export interface FabricStart {
  settings: FabricSettings;
  identities: FabricKeyRing;
  /** Signs the genesis and evaluates every query. */
  operator: Account;
  regulator: Account;
}

export async function startFabricLedger(s: FabricStart): Promise<{ ledger: FabricLedger; initialisedNow: boolean }> {
  const ledger = new FabricLedger({ ...s.settings, keys: s.identities, reader: s.operator });
  try {
    const operator = await ledger.participants.get(s.operator);
    if (operator.status === "none") {
      try {
        await ledger.gateway.submit(s.operator, "Genesis:init", [s.regulator, s.settings.mspId]);
      } catch (e) {
        if (e instanceof ChainError && e.revert?.name === "LedgerAlreadyInitialised") throw foreign(s);
        throw e;
      }
      return { ledger, initialisedNow: true };
    }
    if (!operator.roles.includes("operator")) throw foreign(s);
    return { ledger, initialisedNow: false };
  } catch (e) {
    await ledger.close();
    throw e;
  }
}

/** The chaincode on the channel was initialised with another operator: another platform's ledger, or another database's. */
const foreign = (s: FabricStart): ChainError =>
  new ChainError(
    "CONTRACTS_MISSING",
    `chaincode ${s.settings.chaincode} on channel ${s.settings.channel} was initialised by another operator than this platform's (${s.operator}): ` +
      "start on the database that initialised it, or commit the chaincode under another FABRIC_CHAINCODE name",
    false,
  );
