import { z } from "zod";
import { DIFFERENCE_ENTITIES, type Difference } from "../indexer/reconcile";
import { formatYuan } from "../money";
import type { OrganisationView } from "../organisations/organisation.repository";
import { cstDayText, formatCstDay } from "../http/cst-day";
import { party, partyOfAccount } from "../http/party";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { ledgerId, page, queryNumber, uuid } from "../http/schemas";
import type { AuditEntryView } from "./audit-log.repository";
import type { AuditService, TraceStep } from "./audit.service";
import { eventJson, isMoneyField, ledgerEvent } from "./json";
import type { EventRow } from "./ledger-event.repository";

const PLATFORM = ["regulator", "operator"] as const;

const blockNumber = queryNumber(z.number().int().min(0).max(2_147_483_647));
const eventName = z.string().max(64).regex(/^[A-Z][A-Za-z0-9]{0,63}$/, "must be a ledger event name, such as VoucherIssued");
const address = z.string().length(42).regex(/^0x[0-9a-fA-F]{40}$/, "must be a ledger address (0x and 40 hex digits)");

const auditEntry = z.object({
  seq: z.string(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  organisationId: z.string().nullable(),
  action: z.string(),
  requestDigest: z.string().meta({
    description: "HMAC-SHA256, under the deployment's audit key, of the method, path and body with secrets redacted (digestVersion 1)",
  }),
  digestVersion: z.number().int().meta({
    description: "1: keyed digest of the redacted request, version inside the hash; 0: written before, plain SHA-256, hash without the version",
  }),
  result: z.string(),
  txHash: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
  anchoredTx: z.string().nullable().meta({ description: "The ledger transaction that anchored this entry as the log's head, if one did" }),
});
const auditEntryJson = (e: AuditEntryView) => ({ ...e, seq: e.seq.toString(), at: e.at.toISOString() });

const anchorOnLedger = z.object({ txHash: z.string(), blockNumber: z.number().int(), head: z.string(), entries: z.string() });

const holder = party.extend({ blockNumber: z.number().int(), txHash: z.string() });
const traceStep = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  depth: z.number().int().meta({ description: "The holder's tier: 1 for the core enterprise's direct supplier, +1 per pass-on" }),
  origin: z.enum(["issued", "transferred", "split", "financed"]).nullable(),
  created: z.object({ blockNumber: z.number().int(), txHash: z.string(), value: z.string() }).nullable(),
  value: z.string().meta({ description: "Value still held in this voucher (yuan); pieces cut from it are gone from it" }),
  redeemedValue: z.string(),
  financed: z.boolean(),
  holder: party,
  holders: z.array(holder).meta({ description: "Every holder in turn, from the mint on" }),
  invoices: z.array(
    z.object({
      key: z.string(),
      amount: z.string().meta({ description: "How much of the invoice backed this step (yuan)" }),
      kind: z.string().nullable(),
      code: z.string().nullable(),
      number: z.string().nullable(),
    }),
  ),
  events: z.array(ledgerEvent),
});

/** `emitters`: what an event may name as its emitter, a contract of the EVM suite (Vouchers), or on Fabric the chaincode that holds them all. */
export function auditRoutes(guard: Guard, audit: AuditService, emitters: readonly [string, ...string[]]): RouteTable {
  return new RouteTable(guard)
    .add(
      {
        method: "get",
        path: "/audit/events",
        summary: "Ledger events, filtered (regulator, operator)",
        description:
          "Every event the indexer has read from the ledger, newest first, paginated by (block, log index). " +
          "`account` keeps the events naming that address anywhere in their arguments (holder, bank, debtor, sender…).",
        tags: ["audit"],
        auth: true,
        kinds: PLATFORM,
        query: page.extend({
          name: eventName.optional(),
          contract: z.enum(emitters).optional().meta({ description: "The emitting contract, such as Vouchers (on Fabric, the chaincode)" }),
          blockFrom: blockNumber.optional().meta({ description: "The first block, inclusive" }),
          blockTo: blockNumber.optional().meta({ description: "The last block, inclusive" }),
          account: address.optional().meta({ description: "A ledger address the event names" }),
        }),
        responses: { 200: { description: "A page of events, newest first", schema: pageSchema(ledgerEvent) } },
      },
      async ({ query }) => {
        const { blockFrom, blockTo, ...rest } = query;
        return mapPage(await audit.listEvents({ ...rest, fromBlock: blockFrom, toBlock: blockTo }), eventJson);
      },
    )
    .add(
      {
        method: "get",
        path: "/audit/vouchers/:id/trace",
        summary: "A voucher's trace to its original confirmation (regulator, operator)",
        description:
          "The voucher and every ancestor up to the root the core enterprise issued, root first: how each piece came " +
          "to be, its holders over time, the invoices that backed each step, and every event on it (issue, transfers, " +
          "splits, financing, redemption).",
        tags: ["audit"],
        auth: true,
        kinds: PLATFORM,
        params: z.strictObject({ id: ledgerId }),
        responses: {
          200: {
            description: "The trace",
            schema: z.object({
              id: z.string(),
              root: z.string(),
              debtor: party,
              maturity: cstDayText,
              maturityAt: z.string().meta({ description: "The maturity as an instant, ISO 8601" }),
              lineage: z.array(traceStep),
            }),
          },
        },
      },
      async ({ params }) => {
        const { lineage: steps, orgs } = await audit.trace(params.id);
        const last = steps[steps.length - 1].voucher;
        return {
          id: last.id.toString(),
          root: last.root.toString(),
          debtor: partyOfAccount(last.debtor, orgs),
          maturity: formatCstDay(last.maturity),
          maturityAt: last.maturity.toISOString(),
          lineage: steps.map((s) => stepJson(s, orgs)),
        };
      },
    )
    .add(
      {
        method: "get",
        path: "/audit/reconciliation",
        summary: "The projection reconciled with the ledger (regulator, operator)",
        description:
          "Catches the indexer up, then compares every projected participant, credit line, invoice, voucher, slot, " +
          "pending financing request and cash balance with the chain, value by value. Money values are yuan strings. " +
          "If the chain moved during the check it is repeated (up to three times); `chainMoving` says it never held still.",
        tags: ["audit"],
        auth: true,
        kinds: PLATFORM,
        responses: {
          200: {
            description: "The report",
            schema: z.object({
              checkedAtBlock: z.number().int(),
              checkedAt: z.string(),
              consistent: z.boolean(),
              differenceCount: z.number().int(),
              differences: z.array(z.object({ entity: z.enum(DIFFERENCE_ENTITIES), key: z.string(), field: z.string(), projection: z.string(), chain: z.string() })),
              chainMoving: z.boolean(),
            }),
          },
        },
      },
      async () => {
        const r = await audit.reconciliation();
        return {
          checkedAtBlock: r.checkedAtBlock,
          checkedAt: r.checkedAt.toISOString(),
          consistent: r.differences.length === 0,
          differenceCount: r.differences.length,
          differences: r.differences.map(differenceJson),
          chainMoving: r.chainMoving,
        };
      },
    )
    .add(
      {
        method: "get",
        path: "/audit/log",
        summary: "The API's audit log (regulator, operator; an organisation's admin: its own entries)",
        description:
          "Every accepted mutation, newest first. The operator and the regulator see every entry and may filter by " +
          "organisation; an organisation's admin sees only the entries made for its own organisation; anyone else gets 403.",
        tags: ["audit"],
        auth: true,
        query: page.extend({ orgId: uuid.optional().meta({ description: "Only the entries made for this organisation" }) }),
        responses: { 200: { description: "A page of entries, newest first", schema: pageSchema(auditEntry) } },
      },
      async ({ actor, query }) => mapPage(await audit.log(actor, { cursor: query.cursor, limit: query.limit, organisationId: query.orgId }), auditEntryJson),
    )
    .add(
      {
        method: "get",
        path: "/audit/log/verify",
        summary: "Walk the audit log's hash chain and check it against its anchors on the ledger (regulator, operator)",
        description:
          "Recomputes every entry's hash and link from the genesis, and checks that at every length the ledger " +
          "anchored the log has the anchored head hash (anchors are read from the chain itself). `brokenAt` names the " +
          "first entry that fails; its `seq` is null when anchored entries are missing from the end.",
        tags: ["audit"],
        auth: true,
        kinds: PLATFORM,
        responses: {
          200: {
            description: "The verification",
            schema: z.object({
              valid: z.boolean(),
              entries: z.number().int(),
              head: z.string().meta({ description: "Hash of the last entry that verified" }),
              brokenAt: z.object({ seq: z.string().nullable(), reason: z.string() }).nullable(),
              anchors: z.object({ onLedger: z.number().int(), matched: z.number().int(), latest: anchorOnLedger.nullable() }),
            }),
          },
        },
      },
      async () => {
        const v = await audit.verify();
        const a = v.latestAnchor;
        return {
          valid: v.valid,
          entries: v.entries,
          head: v.head,
          brokenAt: v.brokenAt ?? null,
          anchors: {
            onLedger: v.anchorsOnLedger,
            matched: v.anchorsMatched,
            latest: a ? { txHash: a.txHash, blockNumber: a.blockNumber, head: a.head, entries: a.entries.toString() } : null,
          },
        };
      },
    )
    .add(
      {
        method: "get",
        path: "/audit/anchors",
        summary: "The audit log's anchors on the ledger (regulator, operator)",
        description: "Each AuditLogAnchored event, newest first, with the audit entry it anchored (`seq`) when the log still names it.",
        tags: ["audit"],
        auth: true,
        kinds: PLATFORM,
        query: page,
        responses: {
          200: {
            description: "A page of anchors, newest first",
            schema: pageSchema(anchorOnLedger.extend({ logIndex: z.number().int(), operator: z.string(), seq: z.string().nullable() })),
          },
        },
      },
      async ({ query }) =>
        mapPage(await audit.anchors(query), ({ event, seq }: { event: EventRow; seq: bigint | undefined }) => ({
            txHash: event.txHash,
            blockNumber: event.blockNumber,
            logIndex: event.logIndex,
            operator: String(event.args.operator),
            head: String(event.args.head),
            entries: String(event.args.entries),
            seq: seq?.toString() ?? null,
          })),
    );
}

function stepJson(s: TraceStep, orgs: ReadonlyMap<string, OrganisationView>) {
  const v = s.voucher;
  return {
    id: v.id.toString(),
    parentId: v.parent === 0n ? null : v.parent.toString(),
    depth: v.depth,
    origin: s.origin ?? null,
    created: s.created
      ? { blockNumber: s.created.blockNumber, txHash: s.created.txHash, value: formatYuan(BigInt(String(s.created.args.amount))) }
      : null,
    value: formatYuan(v.value),
    redeemedValue: formatYuan(v.redeemedValue),
    financed: v.financed,
    holder: partyOfAccount(v.owner, orgs),
    holders: s.holders.map((h) => ({ ...partyOfAccount(h.account, orgs), blockNumber: h.since.blockNumber, txHash: h.since.txHash })),
    invoices: s.invoices.map((i) => ({
      key: i.key,
      amount: formatYuan(i.amount),
      kind: i.record?.kind ?? null,
      code: i.record?.code ?? null,
      number: i.record?.number ?? null,
    })),
    events: s.events.map(eventJson),
  };
}

const moneyText = (field: string, text: string) => (isMoneyField(field) && /^-?\d+$/.test(text) ? formatYuan(BigInt(text)) : text);
const differenceJson = (d: Difference) => ({ ...d, projection: moneyText(d.field, d.projection), chain: moneyText(d.field, d.chain) });
