import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { StartupError } from "../startup-error";

export class MasterKeyError extends StartupError {
  override name = "MasterKeyError";
}

/** What the errors tell a newcomer to run: 32 random bytes as hex, with nothing but Node. */
export const MAKE_ONE = `node -e "console.log(require('crypto').randomBytes(32).toString('hex'))"`;

/** Parses SCF_MASTER_KEY: 32 bytes as 64 hex digits or base64url. */
export function parseMasterKey(text: string): Uint8Array {
  const t = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : Buffer.from(t, "base64url");
  if (bytes.length !== 32) throw new MasterKeyError(`SCF_MASTER_KEY must be 32 bytes, as 64 hex digits or base64url: make one with \`${MAKE_ONE}\``);
  return new Uint8Array(bytes);
}

/**
 * The key that seals every organisation's ledger key. Production passes it in SCF_MASTER_KEY, from a secret
 * store. The embedded default, with no master key set, generates one into the data directory (mode 0600)
 * and warns once: such a key protects nothing against someone who can read the data directory.
 */
export function loadMasterKey(options: {
  env: string | undefined;
  dataDir: string;
  allowGenerated: boolean;
  warn: (m: string) => void;
}): Uint8Array {
  if (options.env) return parseMasterKey(options.env);
  if (!options.allowGenerated) {
    throw new MasterKeyError(
      `SCF_MASTER_KEY is required with an external chain or database: make one with \`${MAKE_ONE}\` and keep it in your secret store`,
    );
  }
  const file = path.join(options.dataDir, "master.key");
  if (existsSync(file)) {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) throw new MasterKeyError(`${file} is readable by others (mode ${mode.toString(8)}); chmod 600 it`);
    return parseMasterKey(readFileSync(file, "utf8"));
  }
  mkdirSync(options.dataDir, { recursive: true });
  writeFileSync(file, randomBytes(32).toString("hex") + "\n", { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  options.warn(
    `SCF_MASTER_KEY is not set: generated a master key in ${file}. Set SCF_MASTER_KEY from a secret store in production.`,
  );
  return parseMasterKey(readFileSync(file, "utf8"));
}
