/**
 * Selective disclosure: a holder shows one bank the invoices behind one voucher's lineage, only the fields it
 * chooses, each as an opening of the invoice's commitment on the ledger. The ledger records a digest of what was
 * shown (who, to whom, which voucher); the bank's view checks every opening against the commitment read from the
 * ledger at that moment, not against anything the platform says.
 */
import { createHash } from "node:crypto";
import type { Ledger } from "../../../chain/ledger";
import type { Actor } from "../auth/actor";
import { seesEverything } from "../auth/actor";
import type { Clock } from "../clock";
import { AppError } from "../errors";
import { canonicalJson } from "../http/digest";
import { partyOfAccount, partyOfId, type Party } from "../http/party";
import { mapPageAsync, type Page, type PageQuery } from "../http/pagination";
import { invoiceFields } from "../invoices/invoice-fields";
import { formatYuan } from "../money";
import type { OrganisationRepository } from "../organisations/organisation.repository";
import { fieldCommitment, openFields, verifyOpening, type FieldOpening, type InvoiceField } from "./field-commitment";
import type { DisclosureRepository, DisclosureRow } from "./disclosure.repository";

/** What was shown of one invoice: openings, or why nothing could be. */
export interface DisclosedInvoice {
  key: string;
  /** The piece of the lineage this invoice backed. */
  voucherId: string;
  status: "opened" | "not-held" | "whole-only";
  openings: FieldOpening[];
}

export interface CheckedOpening extends FieldOpening {
  /** Whether the opening leads to the commitment the ledger holds now. */
  verified: boolean;
  /** The organisation behind a seller or buyer account. */
  party?: Party;
  /** The value as the rest of the API spells it: amounts in yuan, the invoice by its number. */
  display?: string;
}

export interface CheckedInvoice extends Omit<DisclosedInvoice, "openings"> {
  /** The invoice's commitment as the ledger holds it; null when the ledger has no such invoice. */
  ledgerCommitment: string | null;
  openings: CheckedOpening[];
}

export interface DisclosureView extends Omit<DisclosureRow, "openings" | "holderOrgId" | "bankOrgId"> {
  holder: Party;
  bank: Party;
  invoices: CheckedInvoice[];
  /** Every opened field of every invoice verified against the ledger. */
  verified: boolean;
  /**
   * What the openings were checked against: the ledger itself (one disclosure), or the commitments as indexed from
   * it (a list, which must not read the chain once per invoice per row).
   */
  checkedAgainst: "ledger" | "indexed-ledger";
}

/** The commitment of each invoice key, or null where there is no such invoice. */
type Roots = ReadonlyMap<string, string | null>;

/** An opened value as a person reads it; undefined where the raw value already reads well (accounts, days). */
function display(o: FieldOpening): string | undefined {
  if (o.value === null) return undefined;
  if (o.field === "amount" || o.field === "tax") return formatYuan(BigInt(o.value));
  if (o.field === "invoice") return o.value.replace(/^EI:/, "").replace(/^VAT:([^:]*):/, "$1 ");
  return undefined;
}

export class DisclosureService {
  constructor(
    private readonly repo: DisclosureRepository,
    private readonly orgs: OrganisationRepository,
    private readonly ledger: Ledger,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
    private readonly clock: Clock,
  ) {}

  async disclose(actor: Actor, voucherId: bigint, to: { bankOrgId: string; fields: InvoiceField[] }): Promise<DisclosureView> {
    const lineage = await this.repo.lineage(voucherId);
    const piece = lineage.at(-1);
    const me = actor.org.account;
    if (!piece) throw new AppError("VOUCHER_NOT_FOUND", "No such voucher");
    if (piece.owner !== me) {
      const seen = piece.debtor === me || lineage.some((v) => v.owner === me);
      if (!seen) throw new AppError("VOUCHER_NOT_FOUND", "No such voucher");
      throw new AppError("VOUCHER_NOT_HOLDER", "Only the voucher's holder may disclose the invoices behind it");
    }
    const bank = await this.orgs.get(to.bankOrgId);
    if (!bank) throw new AppError("NOT_FOUND", "No such bank");
    if (!bank.kinds.includes("bank")) throw new AppError("ORGANISATION_WRONG_KIND", "Invoices are disclosed to a bank");

    const invoices = await this.openings(lineage.map((v) => v.id), to.fields);
    if (!invoices.some((i) => i.status === "opened")) {
      throw new AppError("DISCLOSURE_NOTHING_TO_SHOW", "No invoice behind this voucher can be opened field by field");
    }
    const digest = `0x${createHash("sha256").update(canonicalJson({ voucherId: voucherId.toString(), bank: bank.account, invoices })).digest("hex")}`;
    const r = await this.ledger.dataServices.recordDisclosure(me, { bank: bank.account, voucherId, digest });
    await this.afterLedgerWrite(r.blockNumber);
    const row = await this.repo.create(
      { voucherId, holderOrgId: actor.org.id, bankOrgId: bank.id, disclosedBy: actor.userId, fields: to.fields, openings: invoices, digest, txHash: r.txHash, blockNumber: r.blockNumber },
      this.clock.now(),
    );
    return (await this.views([row], "ledger"))[0];
  }

  async get(actor: Actor, id: string): Promise<DisclosureView> {
    const row = await this.repo.find(id);
    if (!row || !(seesEverything(actor) || row.holderOrgId === actor.org.id || row.bankOrgId === actor.org.id)) {
      throw new AppError("NOT_FOUND", "No such disclosure");
    }
    return (await this.views([row], "ledger"))[0];
  }

  async list(actor: Actor, q: PageQuery): Promise<Page<DisclosureView>> {
    return mapPageAsync(await this.repo.list(seesEverything(actor) ? undefined : actor.org.id, q), (rows) => this.views(rows, "indexed-ledger"));
  }

  /** Each invoice the lineage used, once, opened on `fields` where the platform holds it field by field. */
  private async openings(pieceIds: bigint[], fields: InvoiceField[]): Promise<DisclosedInvoice[]> {
    const used = await this.repo.invoicesUsedBy(pieceIds);
    const firstUse = new Map<string, bigint>();
    for (const u of used) if (!firstUse.has(u.key)) firstUse.set(u.key, u.voucherId);
    const records = new Map((await this.repo.invoicesByKey([...firstUse.keys()])).map((r) => [r.key, r]));
    const orgs = await this.orgs.byIds([...records.values()].flatMap((r) => [r.sellerOrgId, r.buyerOrgId]));
    return [...firstUse].map(([key, voucherId]): DisclosedInvoice => {
      const base = { key, voucherId: voucherId.toString() };
      const r = records.get(key);
      if (!r) return { ...base, status: "not-held", openings: [] };
      if (r.commitmentScheme !== "field-merkle") return { ...base, status: "whole-only", openings: [] };
      const values = invoiceFields(r, partyOfId(r.sellerOrgId, orgs).account, partyOfId(r.buyerOrgId, orgs).account);
      // The stored record must still be what was committed to; a mismatch is corruption, not a disclosure.
      if (fieldCommitment(values, r.salt) !== r.commitment) throw new Error(`invoice ${key} no longer matches its commitment`);
      return { ...base, status: "opened", openings: openFields(values, r.salt, fields) };
    });
  }

  private async views(rows: DisclosureRow[], against: DisclosureView["checkedAgainst"]): Promise<DisclosureView[]> {
    const disclosed = rows.map((r) => r.openings as DisclosedInvoice[]);
    const keys = [...new Set(disclosed.flat().map((i) => i.key))];
    const accounts = disclosed.flat().flatMap((i) => i.openings.flatMap((o) => ((o.field === "seller" || o.field === "buyer") && o.value ? [o.value] : [])));
    const [orgs, byAccount, roots] = await Promise.all([
      this.orgs.byIds(rows.flatMap((r) => [r.holderOrgId, r.bankOrgId])),
      accounts.length ? this.orgs.byAccounts([...new Set(accounts)]) : new Map(),
      against === "ledger" ? this.ledgerRoots(keys) : this.repo.indexedCommitments(keys),
    ]);
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the stored openings are replaced by the checked ones
    return rows.map(({ openings, holderOrgId, bankOrgId, ...row }, n) => {
      const invoices = disclosed[n].map((i) => check(i, roots, byAccount));
      const opened = invoices.flatMap((i) => i.openings);
      return { ...row, holder: partyOfId(holderOrgId, orgs), bank: partyOfId(bankOrgId, orgs), invoices, verified: opened.length > 0 && opened.every((o) => o.verified), checkedAgainst: against };
    });
  }

  private async ledgerRoots(keys: string[]): Promise<Roots> {
    return new Map(await Promise.all(keys.map(async (k) => [k, (await this.ledger.invoices.get(k))?.commitment.toLowerCase() ?? null] as const)));
  }
}

function check(i: DisclosedInvoice, roots: Roots, byAccount: Parameters<typeof partyOfAccount>[1]): CheckedInvoice {
  const root = roots.get(i.key) ?? null;
  const openings = i.openings.map((o): CheckedOpening => {
    const shown = display(o);
    const checked = { ...o, verified: root !== null && verifyOpening(o, root), ...(shown === undefined ? {} : { display: shown }) };
    return (o.field === "seller" || o.field === "buyer") && o.value ? { ...checked, party: partyOfAccount(o.value, byAccount) } : checked;
  });
  return { ...i, ledgerCommitment: root, openings };
}
