import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import { crc32 } from "node:zlib";

/**
 * The embedded chain's memory: every mined block's raw signed transactions and timestamp, appended and
 * fsynced before anyone is told the block exists. Each record is framed as
 * [u32 length][u32 crc32 of the length][u32 crc32 of the payload][payload: UTF-8 JSON]. The length has its
 * own checksum so that a record cut short by a crash (a good header whose payload runs past the end of the
 * file) can be told from a damaged length (a bad header), which must never be mistaken for the tail.
 * A torn final record is dropped; damage anywhere else stops start-up.
 */

export interface LogHeader {
  kind: "header";
  version: 1;
  chainId: string;
  hardfork: string;
  /** Genesis timestamp, seconds. */
  genesisTime: number;
  genesisHash: string;
}

export interface BlockRecord {
  kind: "block";
  number: number;
  /** Block timestamp, seconds. */
  time: number;
  /** Seconds the ledger clock ran ahead of the wall clock when this block was mined (time travel). */
  offset: number;
  hash: string;
  txs: string[];
}

export type LogRecord = LogHeader | BlockRecord;

export class BlockLogCorruptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BlockLogCorruptError";
  }
}

export interface ReadResult {
  records: LogRecord[];
  /** Bytes dropped from a torn final record, 0 when the log ended cleanly. */
  tornBytes: number;
}

/** Bytes before each payload: length, its checksum, the payload checksum. */
export const FRAME_BYTES = 12;
const FRAME = FRAME_BYTES;

function lengthChecksum(header: Buffer, at: number): number {
  return crc32(header.subarray(at, at + 4));
}

export function encodeRecord(record: LogRecord): Buffer {
  const payload = Buffer.from(JSON.stringify(record), "utf8");
  const frame = Buffer.allocUnsafe(FRAME + payload.length);
  frame.writeUInt32BE(payload.length, 0);
  frame.writeUInt32BE(lengthChecksum(frame, 0), 4);
  frame.writeUInt32BE(crc32(payload), 8);
  payload.copy(frame, FRAME);
  return frame;
}

export class BlockLog {
  private constructor(
    private readonly fd: number,
    private size: number,
  ) {}

  /**
   * Opens (creating if absent) the log at `file` and reads every record. A torn final record is cut off the
   * file and reported through `tornBytes`; a bad record followed by more data is corruption and throws.
   */
  static open(file: string): { log: BlockLog } & ReadResult {
    const fd = openSync(file, "a+");
    try {
      const size = fstatSync(fd).size;
      const buf = Buffer.allocUnsafe(size);
      let read = 0;
      while (read < size) read += readSync(fd, buf, read, size - read, read);
      const { records, validBytes } = parse(buf);
      const tornBytes = size - validBytes;
      if (tornBytes > 0) {
        ftruncateSync(fd, validBytes);
        fsyncSync(fd);
      }
      return { log: new BlockLog(fd, validBytes), records, tornBytes };
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  append(record: LogRecord): void {
    const frame = encodeRecord(record);
    let written = 0;
    while (written < frame.length) written += writeSync(this.fd, frame, written, frame.length - written);
    fsyncSync(this.fd);
    this.size += frame.length;
  }

  get bytes(): number {
    return this.size;
  }

  close(): void {
    closeSync(this.fd);
  }
}

function parse(buf: Buffer): { records: LogRecord[]; validBytes: number } {
  const records: LogRecord[] = [];
  let at = 0;
  while (at < buf.length) {
    const remaining = buf.length - at;
    if (remaining < FRAME) break; // torn inside the frame header
    // A crash can leave the file extended with zeros before the data reached it.
    if (buf.subarray(at).every((b) => b === 0)) break;
    const length = buf.readUInt32BE(at);
    if (buf.readUInt32BE(at + 4) !== lengthChecksum(buf, at)) {
      throw new BlockLogCorruptError(`Block log record at byte ${at} has a damaged length`);
    }
    const crc = buf.readUInt32BE(at + 8);
    if (remaining < FRAME + length) break; // a good header whose payload was cut short: torn
    const payload = buf.subarray(at + FRAME, at + FRAME + length);
    if (crc32(payload) !== crc) {
      if (at + FRAME + length === buf.length) break; // the last record, half-written: torn
      throw new BlockLogCorruptError(`Block log record at byte ${at} fails its checksum and is not the last one`);
    }
    let record: LogRecord;
    try {
      record = JSON.parse(payload.toString("utf8")) as LogRecord;
    } catch {
      throw new BlockLogCorruptError(`Block log record at byte ${at} is not valid JSON despite a good checksum`);
    }
    records.push(record);
    at += FRAME + length;
  }
  return { records, validBytes: at };
}
