/**
 * Identities an administrator enrolled with Fabric CA and left as MSP folders (chain/fabric/identity-files.ts):
 * read when they are the account's, with its roles and their own key; refused, saying why, when they are not.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { certificateAttributes } from "../../chain/fabric/certificate-attributes";
import { DirectoryEnroller, FabricIdentityError } from "../../chain/fabric/identity-files";
import { MSP, testCa } from "./support/fixture";

const dir = mkdtempSync(path.join(tmpdir(), "scf-fabric-ids-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const enroller = new DirectoryEnroller(dir, MSP);

const ACCOUNT = "0x1111111111111111111111111111111111111111";
const OTHER = "0x2222222222222222222222222222222222222222";

/** An MSP folder for `account` as `fabric-ca-client enroll -M` leaves it, with the certificate and key given. */
function folder(account: string, certificate: string, key: string, extra?: string): void {
  const at = enroller.folderOf(account);
  mkdirSync(path.join(at, "signcerts"), { recursive: true });
  mkdirSync(path.join(at, "keystore"), { recursive: true });
  writeFileSync(path.join(at, "signcerts", "cert.pem"), certificate);
  writeFileSync(path.join(at, "keystore", "abc123_sk"), key);
  if (extra) writeFileSync(path.join(at, "keystore", "def456_sk"), extra);
}

const refusal = async (account: string, roles: ("core" | "supplier" | "bank")[]) => {
  const e = await enroller.enrol(account, roles).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(FabricIdentityError);
  return (e as Error).message;
};

describe("identities from MSP folders", () => {
  it("when the folder holds the account's certificate, with the roles and its own key, then it is the identity", async () => {
    const ca = await testCa();
    const e = await ca.enrol("acme-clerk", { "scf.account": ACCOUNT, "scf.roles": "core,supplier" });
    folder(ACCOUNT, e.certificate, e.privateKey);
    expect(await enroller.enrol(ACCOUNT, ["core"])).toEqual({ mspId: MSP, certificate: e.certificate, privateKey: e.privateKey });
    expect(certificateAttributes(e.certificate)).toMatchObject({ "scf.account": ACCOUNT, "scf.roles": "core,supplier", "hf.EnrollmentID": "acme-clerk" });
  });

  it("when there is no folder for the account, then there is no identity (not an error)", async () => {
    expect(await enroller.enrol("0x3333333333333333333333333333333333333333", ["bank"])).toBeUndefined();
  });

  it("when the certificate names another account, lacks a role, or is not its key's, then it is refused, saying which", async () => {
    const ca = await testCa();
    const mine = await ca.enrol("mine", { "scf.account": OTHER, "scf.roles": "bank" });
    const theirs = await ca.enrol("theirs", { "scf.account": ACCOUNT, "scf.roles": "bank" });
    folder(OTHER, theirs.certificate, theirs.privateKey);
    expect(await refusal(OTHER, ["bank"])).toMatch(/does not carry scf.account=0x2222/);
    folder(OTHER, mine.certificate, mine.privateKey);
    expect(await refusal(OTHER, ["bank", "core"])).toMatch(/does not grant core in scf.roles/);
    folder(OTHER, mine.certificate, theirs.privateKey);
    expect(await refusal(OTHER, ["bank"])).toMatch(/is not the key of its certificate/);
    folder(OTHER, mine.certificate, mine.privateKey, theirs.privateKey);
    expect(await refusal(OTHER, ["bank"])).toMatch(/holds 2 files/);
  });

  it("when a certificate has no Fabric CA attributes, then it has none to read", async () => {
    const ca = await testCa();
    const e = await ca.enrol("plain", {});
    expect(certificateAttributes(e.certificate)).toEqual({ "hf.EnrollmentID": "plain", "hf.Type": "client", "hf.Affiliation": "" });
    // The CA's own certificate carries no attributes extension at all.
    expect(certificateAttributes(ca.certificate)).toEqual({});
  });
});
