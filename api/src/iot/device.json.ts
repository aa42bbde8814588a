import { z } from "zod";
import { party } from "../http/party";
import type { DeviceView } from "./device.service";
import { DEVICE_KINDS } from "./reading-payload";

export const deviceSchema = z
  .object({
    id: z.string(),
    warehouse: party,
    kind: z.enum(DEVICE_KINDS),
    publicKey: z.string().meta({ description: "The raw 32-byte Ed25519 public key, base64url" }),
    bay: z.string(),
    label: z.string().nullable(),
    lastCounter: z.number().int().meta({ description: "The highest counter accepted from it (0 before its first reading)" }),
    status: z.enum(["active", "retired"]),
    registeredAt: z.string(),
    retiredAt: z.string().nullable(),
  })
  .meta({ description: "A warehouse's IoT device, which signs its readings with its own Ed25519 key" });

export const deviceJson = (d: DeviceView) => ({
  id: d.id,
  warehouse: d.warehouse,
  kind: d.kind,
  publicKey: d.publicKey,
  bay: d.bay,
  label: d.label,
  lastCounter: Number(d.lastCounter),
  status: d.retiredAt ? "retired" : "active",
  registeredAt: d.registeredAt.toISOString(),
  retiredAt: d.retiredAt?.toISOString() ?? null,
});
