/**
 * Who may sign for which organisation on Fabric: an X.509 enrolment certificate (carrying the `scf.account`
 * and `scf.roles` attributes) and its private key, per organisation account. In production the custodial
 * vault holds them, the private key sealed exactly as an EVM key is; in tests, the throwaway CA issues them.
 */
import { getAddress } from "ethers";
import type { Account, Role } from "../ledger";

export interface FabricIdentity {
  mspId: string;
  /** PEM enrolment certificate: the proposal's creator. */
  certificate: string;
  /** PKCS #8 PEM private key of the certificate. For the signer only; never logged. */
  privateKey: string;
}

export interface FabricKeyRing {
  /** The identity that signs for `account`, or undefined when this process holds none. */
  identityOf(account: Account): Promise<FabricIdentity | undefined>;
}

/**
 * Where a new identity comes from: a Fabric CA enrolment, or certificates an administrator enrolled and put in
 * a directory (./identity-files). The certificate must carry `scf.account` = `account` and grant every role in
 * `roles` in `scf.roles`; the platform seals the private key in its vault at once.
 */
export interface FabricEnroller {
  /** The identity for `account` with `roles`, or undefined when none has been enrolled for it. */
  enrol(account: Account, roles: readonly Role[]): Promise<FabricIdentity | undefined>;
}

/** Identities held in memory: for tests and tools that enrol their own organisations. */
export class StaticFabricKeyRing implements FabricKeyRing {
  private readonly identities = new Map<string, FabricIdentity>();

  add(account: Account, identity: FabricIdentity): void {
    this.identities.set(getAddress(account), identity);
  }

  identityOf(account: Account): Promise<FabricIdentity | undefined> {
    return new Promise((resolve) => {
      resolve(this.identities.get(getAddress(account)));
    });
  }
}
