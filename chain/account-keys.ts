import { Wallet, getAddress } from "ethers";
import type { Account } from "./ledger";

/** A ledger account's key pair. The private key is for the key vault only. */
export interface AccountKey {
  account: Account;
  privateKey: string;
}

/** A fresh random secp256k1 key and the account it controls. */
export function generateAccountKey(): AccountKey {
  const w = Wallet.createRandom();
  return { account: w.address, privateKey: w.privateKey };
}

/** The account a private key controls; throws on a malformed key. */
export function accountOfKey(privateKey: string): Account {
  return new Wallet(privateKey).address;
}

/** The checksummed form of an account address; throws on a malformed one. */
export function toAccount(address: string): Account {
  return getAddress(address);
}
