import { accountOfKey, generateAccountKey, toAccount } from "../../../chain/account-keys";
import type { Account, KeyRing } from "../../../chain/ledger";
import { openKey, sealKey } from "./sealed-key";

/** Where sealed keys are kept: the organisation and system-account rows. */
export interface SealedKeyStore {
  sealedKeyOf(account: Account): Promise<string | undefined>;
}

export interface NewKey {
  account: Account;
  /** The JWE to store. The private key itself never leaves the vault. */
  sealedKey: string;
}

/**
 * Custodial organisation keys: generated at onboarding, sealed under the master key for the database, and
 * opened only to sign. The vault never logs, returns or serialises a private key.
 */
export class KeyVault implements KeyRing {
  constructor(
    private readonly store: SealedKeyStore,
    private readonly masterKey: Uint8Array,
  ) {}

  /** A new random ledger key, sealed. */
  async create(): Promise<NewKey> {
    return this.seal(generateAccountKey().privateKey);
  }

  /** Seals an existing key, such as a funded deployer key given in the environment. */
  async seal(privateKey: string): Promise<NewKey> {
    const account = accountOfKey(privateKey);
    return { account, sealedKey: await sealKey(privateKey, account, this.masterKey) };
  }

  async privateKeyOf(account: Account): Promise<string | undefined> {
    const address = toAccount(account);
    const sealed = await this.store.sealedKeyOf(address);
    return sealed ? openKey(sealed, address, this.masterKey) : undefined;
  }

  toJSON(): string {
    return "[KeyVault]";
  }
}
