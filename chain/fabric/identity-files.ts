/**
 * Identities an administrator enrolled with Fabric CA and left in a directory, one MSP folder per organisation
 * account, as `fabric-ca-client enroll -M <dir>/<account>` writes it (scripts/fabric/enrol-identity.sh):
 *
 *   <dir>/0x<account, lower case>/signcerts/cert.pem   the enrolment certificate
 *   <dir>/0x<account, lower case>/keystore/<ski>_sk    its private key (PKCS #8 PEM)
 *
 * The platform seals the key in its vault the first time it needs the identity; after that the folder can be
 * deleted. A certificate that names another account, lacks a role, or does not match its key is refused.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ChainError } from "../errors";
import type { Account, Role } from "../ledger";
import { certificateAttributes, keyMatchesCertificate } from "./certificate-attributes";
import type { FabricEnroller, FabricIdentity } from "./identities";

export class FabricIdentityError extends ChainError {
  constructor(message: string) {
    super("SIGNER_UNKNOWN", message, false);
    this.name = "FabricIdentityError";
  }
}

export class DirectoryEnroller implements FabricEnroller {
  constructor(
    private readonly dir: string,
    private readonly mspId: string,
  ) {}

  /** The folder the identity of `account` is expected in. */
  folderOf(account: Account): string {
    return path.join(this.dir, account.toLowerCase());
  }

  enrol(account: Account, roles: readonly Role[]): Promise<FabricIdentity | undefined> {
    return new Promise((resolve) => {
      resolve(this.read(account, roles));
    });
  }

  private read(account: Account, roles: readonly Role[]): FabricIdentity | undefined {
    const folder = this.folderOf(account);
    const found = readMspFolder(folder);
    if (!found) return undefined;
    const { certificate, privateKey } = found;
    const attrs = certificateAttributes(certificate);
    if (attrs["scf.account"]?.toLowerCase() !== account.toLowerCase()) {
      throw new FabricIdentityError(`The certificate in ${folder} does not carry scf.account=${account.toLowerCase()}`);
    }
    const granted = new Set((attrs["scf.roles"] ?? "").split(",").map((r) => r.trim()));
    const missing = roles.filter((r) => !granted.has(r));
    if (missing.length > 0) throw new FabricIdentityError(`The certificate in ${folder} does not grant ${missing.join(", ")} in scf.roles: enrol it again`);
    return { mspId: this.mspId, certificate, privateKey };
  }
}

/**
 * The certificate and key of an MSP folder (signcerts/, keystore/), checked to belong together; undefined when
 * the folder holds none.
 */
export function readMspFolder(folder: string): { certificate: string; privateKey: string } | undefined {
  const certificate = onlyFile(path.join(folder, "signcerts"));
  const privateKey = onlyFile(path.join(folder, "keystore"));
  if (certificate === undefined || privateKey === undefined) return undefined;
  let matches: boolean;
  try {
    matches = keyMatchesCertificate(certificate, privateKey);
  } catch {
    matches = false;
  }
  if (!matches) throw new FabricIdentityError(`The key in ${folder}/keystore is not the key of its certificate`);
  return { certificate, privateKey };
}

/** The content of the one file in `dir`, or undefined when there is none; more than one is ambiguous. */
function onlyFile(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir).filter((f) => !f.startsWith("."));
  if (files.length === 0) return undefined;
  if (files.length > 1) throw new FabricIdentityError(`${dir} holds ${files.length} files; leave only the identity's`);
  return readFileSync(path.join(dir, files[0]), "utf8");
}
