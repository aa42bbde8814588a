/** What the ledger-port tests read back: the events since the last look, and a call's refusal as the API maps it. */
import { statusOf } from "../../api/src/errors";
import { ChainError } from "../../chain/errors";
import type { EventName, EventOf, LedgerEvent } from "../../chain/events";
import type { Ledger } from "../../chain/ledger";

/** Every event up to the confirmed head, gathered a refresh at a time. */
export function eventLog(ledger: () => Ledger) {
  const log = {
    all: [] as LedgerEvent[],
    from: 0,
    refresh: async (): Promise<void> => {
      const head = (await ledger().history.confirmedHead()).number;
      log.all = log.all.concat(await ledger().history.events(log.from, head));
      log.from = head + 1;
    },
    events: <N extends EventName>(name: N): EventOf<N>["args"][] =>
      log.all.filter((e): e is EventOf<N> => e.name === name).map((e) => e.args as EventOf<N>["args"]),
  };
  return log;
}

/** The code, its HTTP status and the revert's arguments of a call that must be refused. */
export async function refusal(p: Promise<unknown>): Promise<[string, number, Record<string, unknown> | undefined]> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof ChainError)) throw new Error(`expected a ChainError, got ${String(e)}`);
  return [e.code, statusOf(e.code), e.revert?.args];
}
