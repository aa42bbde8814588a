/**
 * The read/write set of a simulated transaction as a peer puts it into the proposal response
 * (ChaincodeAction.results, a KV TxReadWriteSet), and back: the gateway test server validates a submitted
 * transaction from what its envelope carries, as a committing peer does, never from its own memory.
 */
import { ledger } from "@hyperledger/fabric-protos";
import type { ReadWriteSet, Version } from "./in-memory-stub";

const { kvrwset } = ledger.rwset;

function kvRead(key: string, version: Version | undefined): InstanceType<typeof kvrwset.KVRead> {
  const read = new kvrwset.KVRead();
  read.setKey(key);
  if (version !== undefined) {
    const v = new kvrwset.Version();
    v.setBlockNum(version.block);
    v.setTxNum(version.tx);
    read.setVersion(v);
  }
  return read;
}

export function encodeRwset(namespace: string, rwset: ReadWriteSet): Uint8Array {
  const kv = new kvrwset.KVRWSet();
  kv.setReadsList([...rwset.reads].map(([key, version]) => kvRead(key, version)));
  kv.setRangeQueriesInfoList(
    rwset.ranges.map((range) => {
      const info = new kvrwset.RangeQueryInfo();
      info.setStartKey(range.start);
      info.setEndKey(range.end);
      info.setItrExhausted(true);
      const reads = new kvrwset.QueryReads();
      reads.setKvReadsList(range.results.map((r) => kvRead(r.key, r.version)));
      info.setRawReads(reads);
      return info;
    }),
  );
  kv.setWritesList(
    [...rwset.writes].map(([key, value]) => {
      const write = new kvrwset.KVWrite();
      write.setKey(key);
      if (value === undefined) write.setIsDelete(true);
      else write.setValue(value);
      return write;
    }),
  );
  const ns = new ledger.rwset.NsReadWriteSet();
  ns.setNamespace(namespace);
  ns.setRwset(kv.serializeBinary());
  const tx = new ledger.rwset.TxReadWriteSet();
  tx.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
  tx.setNsRwsetList([ns]);
  return tx.serializeBinary();
}

const versionOf = (read: InstanceType<typeof kvrwset.KVRead>): Version | undefined => {
  const v = read.getVersion();
  return v === undefined ? undefined : { block: v.getBlockNum(), tx: v.getTxNum() };
};

/** The read/write set of `namespace` in `results`; throws on anything but one KV namespace of that name. */
export function decodeRwset(namespace: string, results: Uint8Array): ReadWriteSet {
  const tx = ledger.rwset.TxReadWriteSet.deserializeBinary(results);
  const sets = tx.getNsRwsetList();
  if (sets.length !== 1 || sets[0].getNamespace() !== namespace) throw new Error("unexpected namespaces in the read/write set");
  const kv = kvrwset.KVRWSet.deserializeBinary(sets[0].getRwset_asU8());
  return {
    reads: new Map(kv.getReadsList().map((r) => [r.getKey(), versionOf(r)])),
    ranges: kv.getRangeQueriesInfoList().map((info) => ({
      start: info.getStartKey(),
      end: info.getEndKey(),
      results: (info.getRawReads()?.getKvReadsList() ?? []).map((r) => ({ key: r.getKey(), version: versionOf(r)! })),
    })),
    writes: new Map(kv.getWritesList().map((w) => [w.getKey(), w.getIsDelete() ? undefined : Buffer.from(w.getValue_asU8())])),
  };
}
