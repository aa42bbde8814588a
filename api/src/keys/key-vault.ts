import { accountOfKey, generateAccountKey, toAccount } from "../../../chain/account-keys";
import type { Account, KeyRing } from "../../../chain/ledger";
import { compartmentKeys, type CompartmentKeys, type KeyCompartment } from "./key-compartments";
import { compartmentOf, openKey, openLegacyKey, sealKey, type SealedKeyType } from "./sealed-key";

/** Where sealed keys are kept: the organisation and system-account rows. */
export interface SealedKeyStore {
  sealedKeyOf(account: Account): Promise<string | undefined>;
  /** Every sealed key, with the compartment its row stands for (the platform's own accounts, or an organisation). */
  sealedKeys(): Promise<{ account: Account; sealedKey: string; compartment: KeyCompartment }[]>;
  /** Replaces the sealed key of `account` on every row that holds it. */
  replaceSealedKey(account: Account, sealedKey: string): Promise<void>;
}

export interface SealedOther {
  sealedKey: string;
  compartment: KeyCompartment;
}

export interface NewKey {
  account: Account;
  /** The JWE to store. The private key itself never leaves the vault. */
  sealedKey: string;
}

/**
 * Custodial organisation keys: generated at onboarding, sealed for the database under their compartment's key
 * (see key-compartments.ts), and opened only to sign. The vault never logs, returns or serialises a private key.
 */
export class KeyVault implements KeyRing {
  private readonly keys: CompartmentKeys;

  constructor(
    private readonly store: SealedKeyStore,
    private readonly masterKey: Uint8Array,
    ownMasterKeys: Partial<Record<KeyCompartment, Uint8Array>> = {},
  ) {
    this.keys = compartmentKeys(masterKey, ownMasterKeys);
  }

  /** A new random ledger key, sealed. */
  async create(compartment: KeyCompartment = "organisation"): Promise<NewKey> {
    return this.seal(generateAccountKey().privateKey, compartment);
  }

  /** Seals an existing key, such as a funded deployer key given in the environment. */
  async seal(privateKey: string, compartment: KeyCompartment = "organisation"): Promise<NewKey> {
    const account = accountOfKey(privateKey);
    return { account, sealedKey: await sealKey(privateKey, account, this.keys, compartment) };
  }

  async privateKeyOf(account: Account): Promise<string | undefined> {
    const address = toAccount(account);
    const sealed = await this.store.sealedKeyOf(address);
    return sealed ? openKey(sealed, address, this.keys) : undefined;
  }

  /**
   * Seals another private key of `account` (the key of its Fabric enrolment certificate) in the compartment its
   * ledger key is sealed in, so that it is exactly as hard to open.
   */
  async sealOther(account: Account, privateKey: string, type: Exclude<SealedKeyType, "secp256k1">): Promise<SealedOther> {
    const address = toAccount(account);
    const compartment = (await this.compartmentOf(address)) ?? "organisation";
    return { sealedKey: await sealKey(privateKey, address, this.keys, compartment, type), compartment };
  }

  /**
   * Opens what `sealOther` sealed. When the account's ledger key has moved compartment since (a bank made the
   * settlement bank), `resealed` is the key sealed in the new one, for the caller to store in place of `sealed`.
   */
  async openOther(account: Account, sealed: string, type: Exclude<SealedKeyType, "secp256k1">): Promise<{ privateKey: string; resealed?: string }> {
    const address = toAccount(account);
    const privateKey = await openKey(sealed, address, this.keys, type);
    const now = (await this.compartmentOf(address)) ?? "organisation";
    if (compartmentOf(sealed) === now) return { privateKey };
    return { privateKey, resealed: await sealKey(privateKey, address, this.keys, now, type) };
  }

  /** The compartment the stored key of `account` is sealed in, or undefined when the vault holds no key for it. */
  async compartmentOf(account: Account): Promise<KeyCompartment | undefined> {
    const sealed = await this.store.sealedKeyOf(toAccount(account));
    return sealed ? compartmentOf(sealed) : undefined;
  }

  /** Re-seals the key of `account` in `compartment`, such as a bank's when the regulator makes it the settlement bank. */
  async moveTo(account: Account, compartment: KeyCompartment): Promise<void> {
    const address = toAccount(account);
    const sealed = await this.store.sealedKeyOf(address);
    if (!sealed || compartmentOf(sealed) === compartment) return;
    const { sealedKey } = await this.seal(await openKey(sealed, address, this.keys), compartment);
    await this.store.replaceSealedKey(address, sealedKey);
  }

  /**
   * Re-seals every key sealed before compartments (directly under the master key) in the compartment its row
   * stands for. Run at start; a second run finds nothing to do. Returns how many keys it re-sealed.
   */
  async migrate(): Promise<number> {
    let moved = 0;
    const done = new Set<string>();
    for (const row of await this.store.sealedKeys()) {
      if (compartmentOf(row.sealedKey) || done.has(row.account)) continue;
      const privateKey = await openLegacyKey(row.sealedKey, row.account, this.masterKey);
      await this.store.replaceSealedKey(row.account, (await this.seal(privateKey, row.compartment)).sealedKey);
      done.add(row.account);
      moved += 1;
    }
    return moved;
  }

  toJSON(): string {
    return "[KeyVault]";
  }
}
