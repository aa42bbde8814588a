import { execSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Wallet } from "ethers";
import type { Database } from "../../api/src/db/database";
import { KeyVault } from "../../api/src/keys/key-vault";
import { KeyRepository } from "../../api/src/keys/key.repository";
import { loadMasterKey, MAKE_ONE, MasterKeyError, parseMasterKey } from "../../api/src/keys/master-key";
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
  it("when sealed, then it is a compact JWE with dir + A256GCM that opens only under the same master key and account", async () => {
    const w = Wallet.createRandom();
    const jwe = await sealKey(w.privateKey, w.address, master);
    const header = JSON.parse(Buffer.from(jwe.split(".")[0], "base64url").toString()) as Record<string, string>;
    expect(header).toMatchObject({ alg: "dir", enc: "A256GCM", kid: w.address.toLowerCase() });
    expect(jwe).not.toContain(w.privateKey.slice(2));
    expect(await openKey(jwe, w.address, master)).toBe(w.privateKey);
    await expect(openKey(jwe, w.address, parseMasterKey("22".repeat(32)))).rejects.toThrow();
    await expect(openKey(jwe, Wallet.createRandom().address, master)).rejects.toThrow(/belongs to/);
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
});
