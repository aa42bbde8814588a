/**
 * A payer's allowance to a ledger module is set to exactly what one payment takes, just before it: two of one
 * payer's at once would overwrite each other's allowance, so each payer's payments run one after the other.
 */
export class OnePaymentAtATime {
  private readonly paying = new Map<string, Promise<unknown>>();

  run<T>(payer: string, pay: () => Promise<T>): Promise<T> {
    const before = this.paying.get(payer) ?? Promise.resolve();
    const mine = before.then(pay, pay);
    const settled = mine.catch(() => undefined);
    this.paying.set(payer, settled);
    void settled.then(() => {
      if (this.paying.get(payer) === settled) this.paying.delete(payer);
    });
    return mine;
  }
}
