/**
 * The Node.js this platform runs on: 22.12 or newer (24 LTS is what CI runs). Node 20 reached its end of life in
 * April 2026 and gets no security fixes, so a bank's server on it is refused at start with what to do, rather than
 * left to run on. `npm start` and every npm script run on the Node 24 that `npm ci` installs (the `node` dev
 * dependency); only a production install (`npm ci --omit=dev`) relies on the machine's own Node.
 */
import { StartupError } from "./startup-error";

export const MINIMUM_NODE = [22, 12] as const;

export function assertSupportedNode(version: string = process.versions.node): void {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const [minMajor, minMinor] = MINIMUM_NODE;
  if (major > minMajor || (major === minMajor && minor >= minMinor)) return;
  throw new StartupError(
    `Node ${version} is too old: scf-ledger needs Node ${minMajor}.${minMinor} or newer (24 LTS recommended): install Node 24, or use \`npm start\` after a full \`npm ci\`, which brings its own`,
  );
}
