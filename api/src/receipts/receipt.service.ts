/**
 * Electronic warehouse receipts (电子仓单). A warehouse issues one against an inbound that one of its own weighing
 * platforms measured: the receipt commits on the ledger to that signed reading (its Merkle leaf, the hash its
 * inclusion proof starts from), and the ledger refuses a second receipt on the same reading or inbound, so the same
 * goods are never receipted twice. The owner transfers, splits, surrenders for delivery or cancels it. Each of these
 * moves title to goods, so each is a maker's proposal and a checker's approval (receipt.actions.ts). The projection
 * is what lists and details read; every check that the ledger would also make is made first, so that a refusal
 * never costs a transaction.
 */
import { createHash } from "node:crypto";
import type { Ledger } from "../../../chain/ledger";
import type { Actor } from "../auth/actor";
import { seesEverything } from "../auth/actor";
import { AppError } from "../errors";
import { partyOfAccount, type Party } from "../http/party";
import { mapPageAsync, type Page, type PageQuery } from "../http/pagination";
import type { ReceiptRow } from "../indexer/projection";
import { leafOf } from "../iot/anchoring";
import type { ReadingRepository } from "../iot/reading.repository";
import type { OrganisationRepository } from "../organisations/organisation.repository";
import type { ReceiptRepository } from "./receipt.repository";
import type { OpenAlert } from "../alerts/alert.repository";

/** The ledger's bound on the lots of one split (WarehouseReceipts.MAX_LOTS). */
export const MAX_LOTS = 16;

export interface IssueInput {
  depositorOrgId: string;
  commodity: string;
  grade: string;
  quantity: bigint;
  readingId: bigint;
  inbound: string;
  bay: string;
  document: string;
}

export interface LotInput {
  quantity: bigint;
  document: string;
}

export interface ReceiptView extends ReceiptRow {
  ownerParty: Party;
  warehouseParty: Party;
  /** The bank holding it in pledge, while pledged. */
  pledgee: Party | null;
  /** The unresolved alerts naming it: it is at risk while there is one. */
  openAlerts: OpenAlert[];
}

const hex = (b: Buffer) => `0x${b.toString("hex")}`;
/** A commitment to a warehouse's own text (an inbound reference, a bay), domain-separated so it means nothing else. */
export const commitment = (what: "inbound" | "location", text: string): string =>
  hex(createHash("sha256").update(`scf-ledger/receipt-${what}/v1\n${text}`, "utf8").digest());

export class ReceiptService {
  constructor(
    private readonly ledger: Ledger,
    private readonly repo: ReceiptRepository,
    private readonly readings: ReadingRepository,
    private readonly orgs: OrganisationRepository,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
  ) {}

  private async views(rows: ReceiptRow[]): Promise<ReceiptView[]> {
    const banks = await this.repo.banksOf(rows.flatMap((r) => (r.loanId === null ? [] : [r.loanId])));
    const accounts = [...new Set(rows.flatMap((r) => [r.owner, r.warehouse, ...(r.loanId === null ? [] : [banks.get(r.loanId) ?? r.owner])]))];
    const byAccount = await this.orgs.byAccounts(accounts);
    const alerts = await this.repo.openAlerts(rows.map((r) => r.id));
    return rows.map((r) => {
      const bank = r.status === "pledged" && r.loanId !== null ? banks.get(r.loanId) : undefined;
      return {
        ...r,
        ownerParty: partyOfAccount(r.owner, byAccount),
        warehouseParty: partyOfAccount(r.warehouse, byAccount),
        pledgee: bank ? partyOfAccount(bank, byAccount) : null,
        openAlerts: alerts.get(r.id) ?? [],
      };
    });
  }

  /** Whom a receipt is shown to: its owner, its warehouse, the bank that holds it in pledge, the operator and the regulator. */
  private async visible(actor: Actor, r: ReceiptRow): Promise<boolean> {
    const me = actor.org.account;
    if (seesEverything(actor) || r.owner === me || r.warehouse === me) return true;
    if (r.loanId === null) return false;
    return (await this.repo.banksOf([r.loanId])).get(r.loanId) === me;
  }

  async get(actor: Actor, id: bigint): Promise<ReceiptView> {
    const r = await this.repo.get(id);
    if (!r || !(await this.visible(actor, r))) throw new AppError("NOT_FOUND", "No such warehouse receipt");
    return (await this.views([r]))[0];
  }

  async list(actor: Actor, q: PageQuery & { status?: ReceiptRow["status"] | undefined }): Promise<Page<ReceiptView>> {
    const page = await this.repo.list(q, { status: q.status, ...(seesEverything(actor) ? {} : { party: actor.org.account }) });
    return mapPageAsync(page, (rows) => this.views(rows));
  }

  /**
   * What a warehouse's maker proposes, checked now: the depositor exists, and the reading is one of this warehouse's
   * own weighing platforms' (another's is 404), not yet backing a receipt, and weighed at least the quantity.
   */
  async checkIssue(actor: Actor, input: IssueInput): Promise<IssueInput & { depositor: Party; weighed: string; reading: string }> {
    const depositor = await this.orgs.get(input.depositorOrgId);
    if (!depositor) throw new AppError("NOT_FOUND", "No such depositor");
    const reading = await this.readings.get(input.readingId);
    if (reading?.organisationId !== actor.org.id) throw new AppError("NOT_FOUND", "No such reading");
    if (reading.kind !== "weighing-platform") throw new AppError("RECEIPT_READING_NOT_WEIGHT");
    const weighed = BigInt(reading.values.grams);
    if (input.quantity > weighed) throw new AppError("RECEIPT_INVALID_QUANTITY", `The device weighed ${weighed} g`);
    const leaf = hex(leafOf(reading));
    const backed = await this.ledger.receipts.backedBy(actor.org.account, commitment("inbound", input.inbound), leaf);
    if (backed.byInbound !== 0n || backed.byReading !== 0n) throw new AppError("RECEIPT_ATTESTATION_USED");
    return { ...input, depositor: { id: depositor.id, name: depositor.name, account: depositor.account }, weighed: weighed.toString(), reading: leaf };
  }

  /** Run by the warehouse's checker: the same checks again, then the ledger. */
  async issue(checker: Actor, input: IssueInput): Promise<ReceiptView & { txHash: string }> {
    const checked = await this.checkIssue(checker, input);
    // Before the ledger's write: the IoT rules find the receipt's scale and bay through it from the moment the
    // receipt exists. Should the write fail, the row still says only what the leaf is.
    await this.readings.recordLeaf(checked.reading, input.readingId);
    const r = await this.ledger.receipts.issue(checker.org.account, {
      depositor: checked.depositor.account,
      commodity: input.commodity,
      grade: input.grade,
      quantity: input.quantity,
      weighed: BigInt(checked.weighed),
      inbound: commitment("inbound", input.inbound),
      reading: checked.reading,
      location: commitment("location", input.bay),
      document: input.document,
    });
    await this.afterLedgerWrite(r.blockNumber);
    return { ...(await this.get(checker, r.result)), txHash: r.txHash };
  }

  /** The actor's own active receipt: what its owner may transfer, split, deliver or cancel. Another's is 404. */
  async owned(actor: Actor, id: bigint): Promise<ReceiptView> {
    const r = await this.get(actor, id);
    if (r.owner !== actor.org.account) throw new AppError("RECEIPT_NOT_OWNER");
    if (r.status !== "active") throw new AppError("RECEIPT_NOT_ACTIVE", `The receipt is ${r.status}`);
    return r;
  }

  async recipient(orgId: string, actor: Actor): Promise<Party> {
    const to = await this.orgs.get(orgId);
    if (!to) throw new AppError("NOT_FOUND", "No such organisation");
    if (to.account === actor.org.account) throw new AppError("RECEIPT_INVALID_ARGUMENT", "The receipt is already yours");
    return { id: to.id, name: to.name, account: to.account };
  }

  checkLots(r: ReceiptView, lots: LotInput[]): void {
    const total = lots.reduce((sum, l) => sum + l.quantity, 0n);
    if (total !== r.quantity) throw new AppError("RECEIPT_LOTS_MISMATCH", `The lots add up to ${total} g, the receipt holds ${r.quantity} g`);
  }

  async transfer(checker: Actor, id: bigint, toOrgId: string): Promise<ReceiptView & { txHash: string }> {
    await this.owned(checker, id);
    const to = await this.recipient(toOrgId, checker);
    const r = await this.ledger.receipts.transfer(checker.org.account, id, to.account);
    await this.afterLedgerWrite(r.blockNumber);
    // The receipt is no longer the checker's organisation's: it is shown as the platform sees it.
    return { ...(await this.views([await this.mustRow(id)]))[0], txHash: r.txHash };
  }

  async split(checker: Actor, id: bigint, lots: LotInput[]): Promise<{ lots: ReceiptView[]; txHash: string }> {
    this.checkLots(await this.owned(checker, id), lots);
    const r = await this.ledger.receipts.split(checker.org.account, id, lots);
    await this.afterLedgerWrite(r.blockNumber);
    return { lots: await this.views(await this.repo.byIds(r.result)), txHash: r.txHash };
  }

  async close(checker: Actor, id: bigint, how: "deliver" | "cancel"): Promise<ReceiptView & { txHash: string }> {
    await this.owned(checker, id);
    const r = how === "deliver" ? await this.ledger.receipts.deliver(checker.org.account, id) : await this.ledger.receipts.cancel(checker.org.account, id);
    await this.afterLedgerWrite(r.blockNumber);
    return { ...(await this.get(checker, id)), txHash: r.txHash };
  }

  private async mustRow(id: bigint): Promise<ReceiptRow> {
    const r = await this.repo.get(id);
    if (!r) throw new Error(`receipt ${id} is missing from the projection after its transaction`);
    return r;
  }
}
