import { describe, expect, it } from "vitest";
import { assertSupportedNode } from "../../api/src/node-version";
import { StartupError } from "../../api/src/startup-error";

describe("the Node.js the platform starts on", () => {
  it.each(["20.20.2", "20.19.0", "22.11.0", "18.20.8"])("when it is %s, then start-up is refused with one line that says to install Node 24", (v) => {
    expect(() => assertSupportedNode(v)).toThrow(StartupError);
    expect(() => assertSupportedNode(v)).toThrow(
      `Node ${v} is too old: scf-ledger needs Node 22.12 or newer (24 LTS recommended): install Node 24, or use \`npm start\` after a full \`npm ci\`, which brings its own`,
    );
  });

  it.each(["22.12.0", "22.20.1", "23.0.0", "24.21.0", "26.1.0"])("when it is %s, then it starts", (v) => {
    expect(() => assertSupportedNode(v)).not.toThrow();
  });

  it("when run by npm, then it is the Node 24 that npm ci installed", () => {
    expect(process.versions.node.split(".")[0]).toBe("24");
  });
});
