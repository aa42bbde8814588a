/** A warehouse's device changes under dual control: registering and retiring a device decide what attests its goods. */
import { z } from "zod";
import { action, type ActionTable } from "../approvals/dual-control";
import { deviceJson } from "./device.json";
import type { DeviceService, NewDeviceInput } from "./device.service";
import { DEVICE_KINDS } from "./reading-payload";

export const IOT_DEVICE_REGISTER = "iot.registerDevice";
export const IOT_DEVICE_RETIRE = "iot.retireDevice";

const storedNew = z.object({
  kind: z.enum(DEVICE_KINDS),
  publicKey: z.string(),
  bay: z.string(),
  label: z.string().optional(),
  proposedBy: z.string(),
});
const storedRetire = z.object({ device: z.object({ id: z.string() }) });

export function deviceActions(devices: DeviceService): ActionTable {
  return {
    [IOT_DEVICE_REGISTER]: action<NewDeviceInput>({
      propose: async (maker, input) => ({ ...(await devices.checkNew(maker, input)), proposedBy: maker.userId }),
      execute: async (checker, payload) => deviceJson(await devices.register(checker, storedNew.parse(payload))),
    }),
    [IOT_DEVICE_RETIRE]: action<{ id: string }>({
      propose: async (maker, { id }) => {
        const d = await devices.retirable(maker, id);
        return { device: { id: d.id, kind: d.kind, bay: d.bay, label: d.label }, warehouse: d.warehouse };
      },
      execute: async (checker, payload) => deviceJson(await devices.retire(checker, storedRetire.parse(payload).device.id)),
    }),
  };
}
