/**
 * Reading the suite's logs: an event the ledger emitted comes back as the domain event; a log of another contract,
 * or of an event the suite does not name, is none of the ledger's business; a log of the suite's own event that
 * its ABI cannot read is a fault that stops the reader, never an event quietly left out.
 */
import { AbiCoder, Interface, type InterfaceAbi } from "ethers";
import { describe, expect, it } from "vitest";
import { artifactOf } from "../../chain/evm/artifacts";
import { decodeLog, logSource } from "../../chain/evm/codec";

const iface = new Interface(artifactOf("DataServices").abi as InterfaceAbi);
const ADDRESS = "0x00000000000000000000000000000000000000d5";
const sources = new Map([[ADDRESS, logSource("DataServices", iface)]]);
const OWNER = "0x00000000000000000000000000000000000000aa";
const COMMITMENT = `0x${"ab".repeat(32)}`;

function log(overrides: Partial<{ address: string; topics: string[]; data: string }> = {}) {
  const e = iface.encodeEventLog("DocumentCommitted", [OWNER, COMMITMENT]);
  return { address: ADDRESS, topics: e.topics, data: e.data, blockNumber: "0x7", blockHash: `0x${"11".repeat(32)}`, logIndex: "0x2", transactionHash: `0x${"22".repeat(32)}`, ...overrides };
}

describe("decoding the suite's logs", () => {
  it("when a log is the suite's own event, then it is the domain event with its position", () => {
    expect(decodeLog(log(), sources)).toMatchObject({ contract: "DataServices", name: "DocumentCommitted", blockNumber: 7, logIndex: 2, args: { commitment: COMMITMENT } });
  });

  it("when a log comes from another address, or names an event the suite does not have, then it is no ledger event", () => {
    expect(decodeLog(log({ address: "0x00000000000000000000000000000000000000d6" }), sources)).toBeUndefined();
    expect(decodeLog(log({ topics: [`0x${"99".repeat(32)}`] }), sources)).toBeUndefined();
  });

  it("when a log of the suite's own event cannot be read by its ABI, then reading it throws instead of dropping it", () => {
    const e = iface.encodeEventLog("DisclosureRecorded", [OWNER, OWNER, 7n, COMMITMENT]);
    // The event's data cut short: what a node or a proxy that mangled the log would hand over.
    const mangled = log({ topics: e.topics, data: AbiCoder.defaultAbiCoder().encode(["uint256"], [7n]).slice(0, 40) });
    expect(() => decodeLog(mangled, sources)).toThrow();
  });
});
