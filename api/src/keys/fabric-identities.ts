/**
 * The organisations' Fabric identities, custodial like their ledger keys: the enrolment certificate in the
 * database, its private key sealed by the key vault in the compartment of the account's ledger key. An identity
 * the vault does not hold yet, or one enrolled for fewer roles than the organisation has now, is enrolled (from
 * Fabric CA, or the administrator's directory) and sealed the first time the ledger needs it.
 */
import type { FabricEnroller, FabricIdentity, FabricKeyRing } from "../../../chain/fabric/identities";
import type { Account } from "../../../chain/ledger";
import type { FabricIdentityRepository } from "./fabric-identity.repository";
import type { KeyVault } from "./key-vault";

export class VaultFabricIdentities implements FabricKeyRing {
  constructor(
    private readonly repo: FabricIdentityRepository,
    private readonly vault: KeyVault,
    private readonly enroller: FabricEnroller | undefined,
  ) {}

  async identityOf(account: Account): Promise<FabricIdentity | undefined> {
    const roles = await this.repo.rolesOf(account);
    const stored = await this.repo.get(account);
    const current = stored && roles.every((r) => stored.roles.includes(r));
    const enrolled = current ? undefined : await this.enroller?.enrol(account, roles);
    if (!enrolled) {
      // Without a new enrolment the old certificate still signs for the roles it grants; the chaincode refuses the rest.
      if (!stored) return undefined;
      const { privateKey, resealed } = await this.vault.openOther(account, stored.sealedKey, "fabric-pkcs8");
      if (resealed) await this.repo.replaceSealedKey(account, resealed);
      return { mspId: stored.mspId, certificate: stored.certificate, privateKey };
    }
    const { sealedKey } = await this.vault.sealOther(account, enrolled.privateKey, "fabric-pkcs8");
    await this.repo.save({ account, mspId: enrolled.mspId, certificate: enrolled.certificate, sealedKey, roles });
    return { mspId: enrolled.mspId, certificate: enrolled.certificate, privateKey: enrolled.privateKey };
  }

  toJSON(): string {
    return "[VaultFabricIdentities]";
  }
}
