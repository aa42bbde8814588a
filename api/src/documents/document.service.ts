/**
 * Documents (invoice images, contracts): uploaded by an organisation, encrypted under its own document key, kept
 * off the ledger. The ledger holds only the salted commitment, SHA-256 of the salt's 32 bytes followed by the
 * content, under the organisation's account (DocumentCommitted): the document can later be proved unchanged by
 * showing it with its salt, while the commitment alone does not let anyone confirm a guess of its content.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Ledger } from "../../../chain/ledger";
import type { Actor } from "../auth/actor";
import type { Clock } from "../clock";
import { AppError } from "../errors";
import { mapPageAsync, type Page, type PageQuery } from "../http/pagination";
import { partyOf, partyOfId, type Party } from "../http/party";
import type { OrganisationRepository } from "../organisations/organisation.repository";
import type { DocumentKeys } from "./document-key.repository";
import type { DocumentKind, DocumentMeta, DocumentRepository } from "./document.repository";

export interface NewDocument {
  kind: DocumentKind;
  name: string;
  mediaType: string;
  content: Uint8Array;
  invoiceId?: string | undefined;
}

export interface DocumentView extends DocumentMeta {
  /** The organisation whose document it is. */
  organisation: Party;
  /**
   * Whether the ledger names this organisation as the commitment's owner: read from the chain for one document, as
   * indexed from it for a list.
   */
  onLedger: boolean;
}

export const documentCommitment = (salt: string, content: Uint8Array): string =>
  `0x${createHash("sha256").update(Buffer.from(salt, "hex")).update(content).digest("hex")}`;

/** The regulator may open any document; the operator runs the platform but does not read its users' papers. */
const mayOpenAny = (actor: Actor) => actor.org.kinds.includes("regulator");

export class DocumentService {
  constructor(
    private readonly repo: DocumentRepository,
    private readonly keys: DocumentKeys,
    private readonly orgs: OrganisationRepository,
    private readonly ledger: Ledger,
    private readonly afterLedgerWrite: (block: number) => Promise<void>,
    private readonly clock: Clock,
  ) {}

  async upload(actor: Actor, d: NewDocument): Promise<DocumentView> {
    if (d.invoiceId && !(await this.repo.invoiceOf(actor.org.id, d.invoiceId))) throw new AppError("NOT_FOUND", "No such invoice of yours");
    const salt = randomBytes(32).toString("hex");
    const commitment = documentCommitment(salt, d.content);
    const sealed = await this.keys.sealDocument(actor.org.id, commitment, d.content);
    const r = await this.ledger.dataServices.commitDocument(actor.org.account, commitment);
    await this.afterLedgerWrite(r.blockNumber);
    const row = await this.repo.create(
      { orgId: actor.org.id, kind: d.kind, name: d.name, mediaType: d.mediaType, size: d.content.length, sealed, salt, commitment, invoiceId: d.invoiceId ?? null, uploadedBy: actor.userId, txHash: r.txHash, blockNumber: r.blockNumber },
      this.clock.now(),
    );
    return { ...row, organisation: partyOf(actor.org), onLedger: true };
  }

  async get(actor: Actor, id: string): Promise<DocumentView> {
    const row = await this.visible(actor, id);
    const [owner, orgs] = await Promise.all([this.ledger.dataServices.documentOwner(row.commitment), this.orgs.byIds([row.orgId])]);
    const organisation = partyOfId(row.orgId, orgs);
    return { ...row, organisation, onLedger: owner?.toLowerCase() === organisation.account.toLowerCase() };
  }

  async list(actor: Actor, q: PageQuery): Promise<Page<DocumentView>> {
    return mapPageAsync(await this.repo.list(mayOpenAny(actor) ? undefined : actor.org.id, q), async (rows) => {
      const [orgs, committed] = await Promise.all([this.orgs.byIds(rows.map((r) => r.orgId)), this.repo.indexedOwners(rows.map((r) => r.commitment))]);
      return rows.map((r) => {
        const organisation = partyOfId(r.orgId, orgs);
        return { ...r, organisation, onLedger: committed.get(r.commitment.toLowerCase()) === organisation.account.toLowerCase() };
      });
    });
  }

  /** The content, opened and checked against its commitment before it is handed out. */
  async content(actor: Actor, id: string): Promise<{ meta: DocumentMeta; content: Uint8Array }> {
    const meta = await this.visible(actor, id);
    const content = await this.keys.openDocument(meta.orgId, meta.commitment, await this.repo.sealed(id));
    if (documentCommitment(meta.salt, content) !== meta.commitment) throw new Error(`document ${id} does not match its commitment`);
    return { meta, content };
  }

  private async visible(actor: Actor, id: string): Promise<DocumentMeta> {
    const row = await this.repo.find(id);
    if (!row || !(row.orgId === actor.org.id || mayOpenAny(actor))) throw new AppError("NOT_FOUND", "No such document");
    return row;
  }
}
