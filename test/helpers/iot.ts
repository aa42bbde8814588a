/** Steps the IoT tests share: registering a signing device through the warehouse's maker and checker. */
import type { DeviceKind } from "../../api/src/iot/reading-payload";
import type { IotModule } from "../../api/src/iot";
import { SigningDevice, type SignedReading } from "../../scripts/iot/signing-device";
import type { TestApi } from "./api";
import { status } from "./api-steps";

export async function registeredDevice(api: TestApi, kind: DeviceKind, bay: string): Promise<SigningDevice> {
  const device = new SigningDevice(kind);
  const proposed = await api.http().post("/iot/devices").set(await api.as("warehouse")).send({ kind, publicKey: device.publicKey, bay }).then(status(202));
  const approved = await api.http().post(`/approvals/${(proposed.body as { id: string }).id}/approve`).set(await api.as("warehouse", "checker")).then(status(200));
  device.id = (approved.body as { result: { id: string } }).result.id;
  return device;
}

export async function retired(api: TestApi, device: SigningDevice): Promise<void> {
  const proposed = await api.http().post(`/iot/devices/${device.id}/retire`).set(await api.as("warehouse")).then(status(202));
  await api.http().post(`/approvals/${(proposed.body as { id: string }).id}/approve`).set(await api.as("warehouse", "checker")).then(status(200));
}

export const sendReadings = (api: TestApi, body: SignedReading | SignedReading[]) => api.http().post("/iot/readings").send(body);

export const iotModule = (api: TestApi) => api.server.services.modules.find((m) => m.name === "iot") as IotModule;
