import { z } from "zod";
import { pendingAction, pendingActionJson } from "../approvals/approval.routes";
import type { DualControl } from "../approvals/dual-control";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { ledgerId, page, text, uuid } from "../http/schemas";
import { IOT_DEVICE_REGISTER, IOT_DEVICE_RETIRE } from "./device.actions";
import { deviceJson, deviceSchema } from "./device.json";
import type { DeviceService } from "./device.service";
import { DEVICE_KINDS, readingPayload } from "./reading-payload";
import type { ReadingProof, ReadingProofs } from "./reading-proof";
import type { ReadingService } from "./reading.service";

/** Readings per request: about 250 bytes each, so a full batch stays well inside the 64 kB body limit. */
export const MAX_READINGS_PER_REQUEST = 200;

const signedReading = z
  .strictObject({
    payload: readingPayload,
    signature: z.string().max(100).meta({ description: "Ed25519 signature (64 bytes, base64url) of \"scf-ledger/iot-reading/v1\\n\" followed by the payload's RFC 8785 canonical JSON" }),
  })
  .meta({ description: "One reading as the device signed it" });

const hash = z.string().meta({ description: "32 bytes, 0x-prefixed hex" });

const proofSchema = z
  .object({
    reading: z.object({ id: z.string(), payload: readingPayload, signature: z.string(), receivedAt: z.string() }),
    leaf: z.object({
      data: z.string().meta({ description: "The leaf's data: RFC 8785 canonical JSON of {id, payload, signature}" }),
      hash: hash.meta({ description: "SHA-256(0x00 ‖ data)" }),
    }),
    leafIndex: z.number().int(),
    treeSize: z.number().int(),
    path: z
      .array(z.object({ side: z.enum(["left", "right"]), hash }))
      .meta({ description: "RFC 6962 audit path from the leaf up: at each step, node = SHA-256(0x01 ‖ left ‖ right), the sibling on `side`" }),
    root: hash.meta({ description: "The Merkle root the path leads to, as anchored" }),
    anchor: z.object({
      txHash: z.string(),
      blockNumber: z.number().int(),
      anchoredAt: z.string(),
      firstId: z.string(),
      lastId: z.string(),
      count: z.number().int(),
    }),
    contract: z.object({ address: z.string(), chainId: z.string() }).meta({ description: "The ReadingAnchors contract whose anchorOf(root) confirms the anchor" }),
  })
  .meta({ description: "A reading's inclusion proof against a Merkle root recorded on the ledger (RFC 6962 tree over the batch's readings in id order)" });

const proofJson = (p: ReadingProof) => ({
  reading: { id: p.reading.id.toString(), payload: p.reading.payload, signature: p.reading.signature, receivedAt: p.reading.receivedAt.toISOString() },
  leaf: p.leaf,
  leafIndex: p.leafIndex,
  treeSize: p.treeSize,
  path: p.path,
  root: p.root,
  anchor: { ...p.anchor, anchoredAt: p.anchor.anchoredAt.toISOString(), firstId: p.anchor.firstId.toString(), lastId: p.anchor.lastId.toString() },
  contract: p.contract,
});

const PROPOSED = { 202: { description: "Proposed; a checker of the warehouse approves it at POST /approvals/{id}/approve", schema: pendingAction } };
const VIEWERS = ["warehouse", "operator", "regulator"] as const;

export function iotRoutes(guard: Guard, dual: DualControl, devices: DeviceService, readings: ReadingService, proofs: ReadingProofs): RouteTable {
  return new RouteTable(guard)
    .add(
      {
        method: "post",
        path: "/iot/devices",
        summary: "Propose registering a device with its Ed25519 public key and bay (the warehouse's maker; a checker approves)",
        description:
          "400 IOT_DEVICE_KEY_INVALID when the key is not 32 bytes of base64url; 409 IOT_DEVICE_KEY_TAKEN when another device has it. Approval returns the device, whose id the device puts in every reading.",
        tags: ["iot"],
        auth: true,
        kinds: ["warehouse"],
        roles: ["maker"],
        body: z.strictObject({ kind: z.enum(DEVICE_KINDS), publicKey: z.string().max(100), bay: text(64), label: text(100).optional() }),
        responses: PROPOSED,
      },
      async ({ actor, body }) => pendingActionJson(await dual.propose(actor, IOT_DEVICE_REGISTER, body)),
    )
    .add(
      {
        method: "get",
        path: "/iot/devices",
        summary: "Devices: a warehouse's own, or every warehouse's (operator, regulator)",
        tags: ["iot"],
        auth: true,
        kinds: VIEWERS,
        query: page.extend({ status: z.enum(["active", "retired"]).optional() }),
        responses: { 200: { description: "A page of devices, newest registration first", schema: pageSchema(deviceSchema) } },
      },
      async ({ actor, query }) => {
        const { status, ...q } = query;
        return mapPage(await devices.list(actor, { ...q, retired: status === undefined ? undefined : status === "retired" }), deviceJson);
      },
    )
    .add(
      {
        method: "post",
        path: "/iot/devices/:id/retire",
        summary: "Propose retiring a device: its readings are refused from then on (the warehouse's maker; a checker approves)",
        description: "409 IOT_DEVICE_ALREADY_RETIRED when it is.",
        tags: ["iot"],
        auth: true,
        kinds: ["warehouse"],
        roles: ["maker"],
        params: z.strictObject({ id: uuid }),
        responses: PROPOSED,
      },
      async ({ actor, params }) => pendingActionJson(await dual.propose(actor, IOT_DEVICE_RETIRE, { id: params.id })),
    )
    .addPublic(
      {
        method: "post",
        path: "/iot/readings",
        summary: "Send signed readings: one, or a batch of up to 200 (authenticated by each device's signature, not a token)",
        description:
          "The device signs, with Ed25519, \"scf-ledger/iot-reading/v1\\n\" followed by the RFC 8785 canonical JSON of the payload; each reading's counter must exceed the device's latest. " +
          "A batch is all or nothing: the first refused reading refuses the whole batch, the problem's `reading` naming it (its position, device and counter), and nothing is stored. " +
          "401 IOT_DEVICE_UNKNOWN or IOT_SIGNATURE_INVALID; 403 IOT_DEVICE_RETIRED; 422 IOT_READING_KIND_MISMATCH; 409 IOT_READING_REPLAYED (a counter already accepted) or IOT_READING_OUT_OF_ORDER (a counter below the latest, never accepted). " +
          "Not written to the audit log: the readings are a signed log of their own, anchored on the ledger.",
        tags: ["iot"],
        auth: false,
        audited: false,
        body: z.union([signedReading, z.array(signedReading).min(1).max(MAX_READINGS_PER_REQUEST)]),
        responses: {
          201: {
            description: "Stored; each reading's id names it in GET /iot/readings/{id}/proof once anchored",
            schema: z.object({ accepted: z.number().int(), readings: z.array(z.object({ id: z.string(), deviceId: z.string(), counter: z.number().int() })) }),
          },
        },
      },
      async ({ body }) => {
        const accepted = await readings.ingest(Array.isArray(body) ? body : [body]);
        return { accepted: accepted.length, readings: accepted.map((a) => ({ ...a, id: a.id.toString() })) };
      },
    )
    .add(
      {
        method: "get",
        path: "/iot/readings/:id/proof",
        summary: "A reading's Merkle inclusion proof against the root anchored on the ledger (its warehouse, the operator, the regulator)",
        description: "409 IOT_READING_NOT_ANCHORED until the anchoring job has anchored it.",
        tags: ["iot"],
        auth: true,
        kinds: VIEWERS,
        params: z.strictObject({ id: ledgerId }),
        responses: { 200: { description: "The proof", schema: proofSchema } },
      },
      async ({ actor, params }) => proofJson(await proofs.proof(actor, params.id)),
    );
}
