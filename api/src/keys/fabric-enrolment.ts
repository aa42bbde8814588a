/**
 * Where the platform's Fabric identities come from, chosen once at start: the enroller (Fabric CA's REST API
 * when FABRIC_CA_URL is set, else the administrator's MSP folders in FABRIC_IDENTITIES_DIR), and the vault-held
 * key ring over it, with the operator's and the regulator's identities checked before the ledger is touched.
 */
import { readFileSync } from "node:fs";
import type { ChainConfig, PlatformAccounts } from "../../../chain/connect";
import { ChainError } from "../../../chain/errors";
import { FabricCaEnroller } from "../../../chain/fabric/fabric-ca";
import type { FabricEnroller } from "../../../chain/fabric/identities";
import { DirectoryEnroller, FabricIdentityError, readMspFolder } from "../../../chain/fabric/identity-files";
import type { Account } from "../../../chain/ledger";
import { StartupError } from "../startup-error";
import type { FabricIdentityRepository } from "./fabric-identity.repository";
import { VaultFabricIdentities } from "./fabric-identities";
import type { KeyVault } from "./key-vault";

type FabricChain = Extract<ChainConfig, { mode: "fabric" }>;

/**
 * The key ring of Fabric identities, with the operator's and the regulator's checked at start: they sign the
 * genesis and every registration and freeze, so a platform without them cannot do anything.
 */
export async function fabricIdentities(
  chain: FabricChain,
  repo: FabricIdentityRepository,
  vault: KeyVault,
  accounts: PlatformAccounts,
  given: FabricEnroller | undefined,
): Promise<VaultFabricIdentities> {
  const enroller = given ?? enrollerOf(chain);
  const identities = new VaultFabricIdentities(repo, vault, enroller);
  const system: [string, Account][] = [["operator", accounts.operator], ["regulator", accounts.regulator]];
  for (const [role, account] of system) {
    try {
      if (await identities.identityOf(account)) continue;
    } catch (e) {
      // A certificate for another account or without the role, a CA that refuses or is away: the administrator's
      // to fix, in one line.
      if (e instanceof FabricIdentityError) throw new StartupError(e.message);
      if (e instanceof ChainError && chain.ca && !given) {
        throw new StartupError(`cannot enrol the ${role}'s Fabric identity with ${chain.ca.url}: ${e.message}`);
      }
      throw e;
    }
    const where = chain.identitiesDir ? `into ${new DirectoryEnroller(chain.identitiesDir, chain.fabric.mspId).folderOf(account)}` : "and set FABRIC_IDENTITIES_DIR to the directory it went into";
    throw new StartupError(
      `no Fabric identity for the ${role} (${account}): enrol one with scripts/fabric/enrol-identity.sh ${account} ${role} ${where}, then start again`,
    );
  }
  return identities;
}

/** Fabric CA when FABRIC_CA_URL is set; else the administrator's directory (FABRIC_IDENTITIES_DIR), when set. */
function enrollerOf(chain: FabricChain): FabricEnroller | undefined {
  if (!chain.ca) return chain.identitiesDir ? new DirectoryEnroller(chain.identitiesDir, chain.fabric.mspId) : undefined;
  let registrar: ReturnType<typeof readMspFolder>;
  try {
    registrar = readMspFolder(chain.ca.registrarDir);
  } catch (e) {
    if (e instanceof FabricIdentityError) throw new StartupError(`FABRIC_CA_REGISTRAR_DIR: ${e.message}`);
    throw e;
  }
  if (!registrar) {
    throw new StartupError(`FABRIC_CA_REGISTRAR_DIR (${chain.ca.registrarDir}) holds no enrolment: enrol the CA's registrar there with fabric-ca-client enroll -M`);
  }
  let tlsRootCert: string | undefined;
  if (chain.ca.tlsCertFile) {
    try {
      tlsRootCert = readFileSync(chain.ca.tlsCertFile, "utf8");
    } catch {
      throw new StartupError("FABRIC_CA_TLS_CERT names a file that cannot be read");
    }
  }
  return new FabricCaEnroller({ url: chain.ca.url, caName: chain.ca.caName, tlsRootCert, mspId: chain.fabric.mspId, registrar });
}
