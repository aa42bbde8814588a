/**
 * A separate indexer process for the crash test: replays the embedded chain from the data directory, opens the
 * database, and catches up in small batches, printing "committed <block>" after each one, so that the parent
 * can kill it with SIGKILL in the middle.
 *   node --import tsx test/helpers/indexer-child.ts <chainDir> '<database config JSON>'
 */
import { openDatabase, type DatabaseConfig } from "../../api/src/db/database";
import { Indexer } from "../../api/src/indexer/indexer";
import { PrismaIndexerStore } from "../../api/src/indexer/indexer.repository";
import type { IndexerStore } from "../../api/src/indexer/indexer";
import { connect } from "./ledger-story";

async function main(): Promise<void> {
  const [chainDir, configJson] = process.argv.slice(2);
  const { ledger } = await connect(chainDir);
  const db = await openDatabase(JSON.parse(configJson) as DatabaseConfig);
  const inner = new PrismaIndexerStore(db.prisma);
  const store: IndexerStore = {
    checkpoint: () => inner.checkpoint(),
    commit: async (events, upTo, times) => {
      await inner.commit(events, upTo, times);
      process.stdout.write(`committed ${upTo.number}\n`);
    },
  };
  process.stdout.write("ready\n");
  const done = await new Indexer(ledger.history, store, { maxBlocksPerBatch: 2 }).catchUp();
  process.stdout.write(`done ${done.head}\n`);
  await db.close();
  await ledger.close();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
