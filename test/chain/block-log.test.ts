import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { crc32 } from "node:zlib";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import {
  BlockLog,
  BlockLogCorruptError,
  encodeRecord,
  type BlockRecord,
  type LogHeader,
  type LogRecord,
} from "../../chain/embedded/block-log";

const root = mkdtempSync(path.join(tmpdir(), "scf-blocklog-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let file: string;
let n = 0;
beforeEach(() => {
  n += 1;
  file = path.join(root, `blocks-${n}.log`);
});

const header: LogHeader = {
  kind: "header",
  version: 1,
  chainId: "31337",
  hardfork: "cancun",
  genesisTime: 1_700_000_000,
  genesisHash: `0x${"ab".repeat(32)}`,
};

function block(number: number, txs = 2): BlockRecord {
  const hash = `0x${number.toString(16).padStart(64, "0")}`;
  const raw = Array.from({ length: txs }, (_, i) => `0x${"f8".repeat(40 + i)}${number.toString(16).padStart(4, "0")}`);
  return { kind: "block", number, time: 1_700_000_000 + number * 12, offset: number * 3, hash, txs: raw };
}

/** Writes `records` through BlockLog (fsynced appends) and returns the byte length of each frame. */
function writeLog(records: LogRecord[]): number[] {
  const { log } = BlockLog.open(file);
  for (const r of records) log.append(r);
  log.close();
  return records.map((r) => encodeRecord(r).length);
}

function openAndClose(): { records: LogRecord[]; tornBytes: number; bytes: number } {
  const { log, records, tornBytes } = BlockLog.open(file);
  const bytes = log.bytes;
  log.close();
  return { records, tornBytes, bytes };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const openFds = () => readdirSync("/proc/self/fd").length;
const four = [header, block(1), block(2, 0), block(3, 5)];

describe("BlockLog framing and round trip", () => {
  it("when records are appended and the log is reopened, then the same records come back and nothing is torn", () => {
    const first = BlockLog.open(file);
    expect(first.records).toEqual([]);
    expect(first.tornBytes).toBe(0);
    for (const r of four) first.log.append(r);
    expect(first.log.bytes).toBe(statSync(file).size);
    first.log.close();

    const again = openAndClose();
    expect(again.records).toEqual(four);
    expect(again.tornBytes).toBe(0);
    expect(again.bytes).toBe(sum(four.map((r) => encodeRecord(r).length)));
  });

  it("when the log is reopened and appended to, then the new record follows the old ones", () => {
    writeLog(four);
    const { log } = BlockLog.open(file);
    log.append(block(4));
    log.close();
    expect(openAndClose().records).toEqual([...four, block(4)]);
  });

  it("when a record is encoded, then it is framed as [u32 length][u32 crc32 of length][u32 crc32 of payload][JSON payload]", () => {
    const frame = encodeRecord(block(7));
    const payload = frame.subarray(12);
    expect(frame.readUInt32BE(0)).toBe(payload.length);
    expect(frame.readUInt32BE(4)).toBe(crc32(frame.subarray(0, 4)));
    expect(frame.readUInt32BE(8)).toBe(crc32(payload));
    expect(JSON.parse(payload.toString("utf8"))).toEqual(block(7));
  });
});

describe("BlockLog after a crash: a torn final record is dropped", () => {
  const cases: [string, (frame: Buffer) => Buffer][] = [
    ["mid-payload", (f) => f.subarray(0, f.length - 5)],
    ["mid-header", (f) => f.subarray(0, 5)],
    ["right after the header", (f) => f.subarray(0, 12)],
    ["with zeros where the payload should be", (f) => Buffer.concat([f.subarray(0, 12), Buffer.alloc(f.length - 12)])],
    ["as a file extended with zeros", () => Buffer.alloc(4096)],
  ];
  for (const [how, tear] of cases) {
    it(`when the final record is torn ${how}, then it is dropped, reported and cut off the file`, () => {
      const frames = writeLog(four);
      const torn = tear(encodeRecord(block(4)));
      appendFileSync(file, torn);

      const opened = openAndClose();
      expect(opened.records).toEqual(four);
      expect(opened.tornBytes).toBe(torn.length);
      expect(statSync(file).size).toBe(sum(frames));
      expect(opened.bytes).toBe(sum(frames));
      // The repaired log is clean, and appending after the repair is read back.
      const { log, tornBytes } = BlockLog.open(file);
      expect(tornBytes).toBe(0);
      log.append(block(4));
      log.close();
      expect(openAndClose().records).toEqual([...four, block(4)]);
    });
  }

  it("when the last complete record is cut short, then only that record is lost", () => {
    const frames = writeLog(four);
    truncateSync(file, sum(frames) - 3);
    const opened = openAndClose();
    expect(opened.records).toEqual(four.slice(0, 3));
    expect(opened.tornBytes).toBe(frames[3] - 3);
    expect(statSync(file).size).toBe(sum(frames.slice(0, 3)));
  });

  it("when the final record fails its checksum, then it is treated as half-written and dropped", () => {
    const frames = writeLog(four);
    const bytes = readFileSync(file);
    bytes[bytes.length - 2] ^= 0x01;
    writeFileSync(file, bytes);
    const opened = openAndClose();
    expect(opened.records).toEqual(four.slice(0, 3));
    expect(opened.tornBytes).toBe(frames[3]);
  });
});

describe("BlockLog damage anywhere but the tail stops start-up", () => {
  function expectCorrupt(): void {
    const before = readFileSync(file);
    expect(() => BlockLog.open(file)).toThrow(BlockLogCorruptError);
    // Nothing is "repaired" away: the evidence stays on disk.
    expect(readFileSync(file).equals(before)).toBe(true);
  }

  it("when a byte of a middle record's payload is changed, then open throws BlockLogCorruptError", () => {
    const frames = writeLog(four);
    const bytes = readFileSync(file);
    bytes[sum(frames.slice(0, 2)) + 20] ^= 0x20;
    writeFileSync(file, bytes);
    expectCorrupt();
  });

  it("when a middle record's checksum is changed, then open throws BlockLogCorruptError", () => {
    const frames = writeLog(four);
    const bytes = readFileSync(file);
    bytes[frames[0] + 4] ^= 0xff;
    writeFileSync(file, bytes);
    expectCorrupt();
  });

  it("when a middle record's length is made shorter, then open throws BlockLogCorruptError", () => {
    const frames = writeLog(four);
    const bytes = readFileSync(file);
    bytes.writeUInt32BE(frames[1] - 8 - 1, frames[0]);
    writeFileSync(file, bytes);
    expectCorrupt();
  });

  it("when a middle record's length is made longer than the rest of the file, then open throws instead of dropping the later records", () => {
    const frames = writeLog(four);
    const bytes = readFileSync(file);
    bytes[frames[0]] = 0x7f; // the high byte of record 2's length: now ~2 GB, running past the end
    writeFileSync(file, bytes);
    expectCorrupt();
  });

  it("when the tail is garbage claiming a length past the end, then open throws: a torn write leaves a prefix of a good frame, never a bad header", () => {
    writeLog(four);
    appendFileSync(file, Buffer.from("ffffffff0000000000000000", "hex"));
    expectCorrupt();
  });

  it("when a zero-length record is followed by data, then open throws BlockLogCorruptError", () => {
    writeLog([header, block(1)]);
    appendFileSync(file, Buffer.concat([Buffer.alloc(12), encodeRecord(block(2))]));
    expectCorrupt();
  });

  for (const last of [true, false]) {
    it(`when a record with a good checksum is not JSON (${last ? "last" : "in the middle"}), then open throws BlockLogCorruptError`, () => {
      writeLog([header, block(1)]);
      const payload = Buffer.from('{"kind":"block","number":2,', "utf8");
      const frame = Buffer.alloc(12 + payload.length);
      frame.writeUInt32BE(payload.length, 0);
      frame.writeUInt32BE(crc32(frame.subarray(0, 4)), 4);
      frame.writeUInt32BE(crc32(payload), 8);
      payload.copy(frame, 12);
      appendFileSync(file, last ? frame : Buffer.concat([frame, encodeRecord(block(3))]));
      expect(() => BlockLog.open(file)).toThrow(/not valid JSON/);
    });
  }

  it("when open throws on a corrupt log, then it leaves no file descriptor open", () => {
    const frames = writeLog(four);
    const bytes = readFileSync(file);
    bytes[frames[0] + 12] ^= 0x01;
    writeFileSync(file, bytes);
    const before = openFds();
    for (let i = 0; i < 5; i += 1) expect(() => BlockLog.open(file)).toThrow(BlockLogCorruptError);
    expect(openFds()).toBe(before);
  });
});
