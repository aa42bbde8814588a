import { execSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Wallet } from "ethers";
import { CompactEncrypt } from "jose";
import type { Database } from "../../api/src/db/database";
import { KeyVault } from "../../api/src/keys/key-vault";
import { KeyRepository } from "../../api/src/keys/key.repository";
import { loadMasterKey, MAKE_ONE, MasterKeyError, parseMasterKey } from "../../api/src/keys/master-key";
import { compartmentKeys, KEY_COMPARTMENTS } from "../../api/src/keys/key-compartments";
import { openKey, sealKey } from "../../api/src/keys/sealed-key";
import { testDatabase, type TestDatabase } from "../helpers/database";
import { ignore } from "../helpers/quiet";

const dir = mkdtempSync(path.join(tmpdir(), "scf-keys-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const master = parseMasterKey("11".repeat(32));

describe("the master key", () => {
  it("when SCF_MASTER_KEY is 64 hex digits or 32 bytes of base64url, then it is used as given", () => {
    const hex = "ab".repeat(32);
    expect(Buffer.from(loadMasterKey({ env: hex, dataDir: dir, allowGenerated: false, warn: ignore })).toString("hex")).toBe(hex);
    const b64 = Buffer.alloc(32, 7).toString("base64url");
    expect(parseMasterKey(b64)).toEqual(new Uint8Array(Buffer.alloc(32, 7)));
  });

  it("when SCF_MASTER_KEY has the wrong length, then MasterKeyError", () => {
    expect(() => parseMasterKey("abcd")).toThrow(MasterKeyError);
  });

  it("when none is set in embedded mode, then one is generated into the data directory with mode 0600, with one warning", () => {
    const d = path.join(dir, "gen");
    const warnings: string[] = [];
    const first = loadMasterKey({ env: undefined, dataDir: d, allowGenerated: true, warn: (m) => warnings.push(m) });
    const again = loadMasterKey({ env: undefined, dataDir: d, allowGenerated: true, warn: (m) => warnings.push(m) });
    expect(again).toEqual(first);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).not.toContain(Buffer.from(first).toString("hex"));
    expect(statSync(path.join(d, "master.key")).mode & 0o777).toBe(0o600);
  });

  it("when the generated key file is readable by others, then start-up refuses it", () => {
    const d = path.join(dir, "loose");
    loadMasterKey({ env: undefined, dataDir: d, allowGenerated: true, warn: ignore });
    chmodSync(path.join(d, "master.key"), 0o644);
    expect(() => loadMasterKey({ env: undefined, dataDir: d, allowGenerated: true, warn: ignore })).toThrow(/readable by others/);
  });

  it("when none is set outside embedded mode, then start-up refuses to generate one and says how to make one", () => {
    const load = () => loadMasterKey({ env: undefined, dataDir: path.join(dir, "ext"), allowGenerated: false, warn: ignore });
    expect(load).toThrow(MasterKeyError);
    expect(load).toThrow(MAKE_ONE);
    expect(() => parseMasterKey("abcd")).toThrow(MAKE_ONE);
  });

  it("when the command the error gives is run, then its output is a master key", () => {
    const made = execSync(MAKE_ONE.replace(/^node /, `"${process.execPath}" `), { encoding: "utf8" });
    expect(parseMasterKey(made)).toHaveLength(32);
  });
});

describe("a sealed key", () => {
  const keys = compartmentKeys(master);
  it("when sealed, then it is a compact JWE with dir + A256GCM that opens only under the same master key and account", async () => {
    const w = Wallet.createRandom();
    const jwe = await sealKey(w.privateKey, w.address, keys, "organisation");
    const header = JSON.parse(Buffer.from(jwe.split(".")[0], "base64url").toString()) as Record<string, string>;
    expect(header).toMatchObject({ alg: "dir", enc: "A256GCM", kid: w.address.toLowerCase(), cmp: "organisation" });
    expect(jwe).not.toContain(w.privateKey.slice(2));
    expect(await openKey(jwe, w.address, keys)).toBe(w.privateKey);
    await expect(openKey(jwe, w.address, compartmentKeys(parseMasterKey("22".repeat(32))))).rejects.toThrow();
    await expect(openKey(jwe, Wallet.createRandom().address, keys)).rejects.toThrow(/belongs to/);
  });

  it("when the regulator's, the operator's and the settlement bank's keys are sealed, then each compartment's key-encryption key differs and opens only its own", async () => {
    const kek = KEY_COMPARTMENTS.map((c) => Buffer.from(keys[c]).toString("hex"));
    expect(new Set([...kek, Buffer.from(master).toString("hex")]).size).toBe(KEY_COMPARTMENTS.length + 1);
    const w = Wallet.createRandom();
    for (const sealedFor of ["regulator", "operator", "settlement-bank"] as const) {
      const jwe = await sealKey(w.privateKey, w.address, keys, sealedFor);
      expect(await openKey(jwe, w.address, keys)).toBe(w.privateKey);
      for (const other of KEY_COMPARTMENTS.filter((c) => c !== sealedFor)) {
        // Relabelling the header changes the authenticated data; the other compartment's key does not open it either.
        const [h, ...rest] = jwe.split(".");
        const relabelled = [Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(h, "base64url").toString()), cmp: other })).toString("base64url"), ...rest].join(".");
        await expect(openKey(relabelled, w.address, keys)).rejects.toThrow();
        await expect(openKey(jwe, w.address, { ...keys, [sealedFor]: keys[other] })).rejects.toThrow();
      }
    }
  });

  it("when a compartment has a master key of its own, then the platform's master key alone does not open its keys", async () => {
    const own = parseMasterKey("33".repeat(32));
    const w = Wallet.createRandom();
    const jwe = await sealKey(w.privateKey, w.address, compartmentKeys(master, { regulator: own }), "regulator");
    await expect(openKey(jwe, w.address, keys)).rejects.toThrow();
    expect(await openKey(jwe, w.address, compartmentKeys(parseMasterKey("44".repeat(32)), { regulator: own }))).toBe(w.privateKey);
  });

  it("when a key was sealed before compartments, then it does not open until re-sealed", async () => {
    const w = Wallet.createRandom();
    const legacy = await new CompactEncrypt(new TextEncoder().encode(w.privateKey))
      .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid: w.address.toLowerCase(), cty: "secp256k1" })
      .encrypt(master);
    await expect(openKey(legacy, w.address, keys)).rejects.toThrow(/predates key compartments/);
  });
});

describe("the key vault", () => {
  let tdb: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    tdb = await testDatabase();
    db = await tdb.open();
  });
  afterAll(async () => {
    await db.close();
    await tdb.destroy();
  });

  it("when a key is created and stored, then the vault signs for its account and knows no other", async () => {
    const repo = new KeyRepository(db.prisma);
    const vault = new KeyVault(repo, master);
    const key = await vault.create();
    await repo.saveSystemAccount("deployer", key);
    const opened = await vault.privateKeyOf(key.account);
    expect(new Wallet(opened!).address).toBe(key.account);
    expect(await vault.privateKeyOf(Wallet.createRandom().address)).toBeUndefined();
    expect(JSON.stringify({ vault })).not.toContain(opened!.slice(2));
    const row = await db.prisma.systemAccount.findUnique({ where: { name: "deployer" } });
    expect(row!.sealedKey).not.toContain(opened!.slice(2));
  });

  it("when keys sealed under the master key alone are migrated, then each is re-sealed in its row's compartment and signs as before; a second run does nothing", async () => {
    const repo = new KeyRepository(db.prisma);
    const vault = new KeyVault(repo, master);
    const legacy = async (name: string) => {
      const w = Wallet.createRandom();
      const sealedKey = await new CompactEncrypt(new TextEncoder().encode(w.privateKey))
        .setProtectedHeader({ alg: "dir", enc: "A256GCM", kid: w.address.toLowerCase(), cty: "secp256k1" })
        .encrypt(master);
      await repo.saveSystemAccount(name, { account: w.address, sealedKey });
      return w;
    };
    const operator = await legacy("operator");
    const regulator = await legacy("regulator");
    await expect(vault.privateKeyOf(operator.address)).rejects.toThrow(/predates/);
    expect(await vault.migrate()).toBe(2);
    expect(await vault.migrate()).toBe(0);
    expect(await vault.compartmentOf(operator.address)).toBe("operator");
    expect(await vault.compartmentOf(regulator.address)).toBe("regulator");
    expect(await vault.privateKeyOf(operator.address)).toBe(operator.privateKey);
    expect(await vault.privateKeyOf(regulator.address)).toBe(regulator.privateKey);
  });

  it("when a key moves to the settlement bank's compartment, then it opens there and no longer under the organisations' key", async () => {
    const repo = new KeyRepository(db.prisma);
    const vault = new KeyVault(repo, master);
    const key = await vault.create();
    await repo.saveSystemAccount("a bank", key);
    await vault.moveTo(key.account, "settlement-bank");
    expect(await vault.compartmentOf(key.account)).toBe("settlement-bank");
    const sealed = (await repo.sealedKeyOf(key.account))!;
    const keys = compartmentKeys(master);
    await expect(openKey(sealed, key.account, { ...keys, "settlement-bank": keys.organisation })).rejects.toThrow();
    expect(new Wallet((await vault.privateKeyOf(key.account))!).address).toBe(key.account);
  });

  it("when an account's Fabric enrolment key is sealed, then it opens only as a Fabric key, in its ledger key's compartment, following it when it moves", async () => {
    const repo = new KeyRepository(db.prisma);
    const vault = new KeyVault(repo, master);
    const key = await vault.create();
    await repo.saveSystemAccount("a bank with a Fabric identity", key);
    const fabricKey = "-----BEGIN PRIVATE KEY-----\nnot really a key, only what is sealed\n-----END PRIVATE KEY-----\n";
    const sealed = await vault.sealOther(key.account, fabricKey, "fabric-pkcs8");
    expect(sealed.compartment).toBe("organisation");
    expect(sealed.sealedKey).not.toContain("PRIVATE KEY");
    expect(await vault.openOther(key.account, sealed.sealedKey, "fabric-pkcs8")).toEqual({ privateKey: fabricKey });
    // Never opened as the account's ledger key, nor as another account's.
    await expect(openKey(sealed.sealedKey, key.account, compartmentKeys(master))).rejects.toThrow(/not a secp256k1 key/);
    await expect(vault.openOther(Wallet.createRandom().address, sealed.sealedKey, "fabric-pkcs8")).rejects.toThrow(/belongs to/);

    await vault.moveTo(key.account, "settlement-bank");
    const moved = await vault.openOther(key.account, sealed.sealedKey, "fabric-pkcs8");
    expect(moved.privateKey).toBe(fabricKey);
    const header = JSON.parse(Buffer.from(moved.resealed!.split(".")[0], "base64url").toString()) as Record<string, string>;
    expect(header).toMatchObject({ cmp: "settlement-bank", cty: "fabric-pkcs8", kid: key.account.toLowerCase() });
    expect(await vault.openOther(key.account, moved.resealed!, "fabric-pkcs8")).toEqual({ privateKey: fabricKey });
  });
});
