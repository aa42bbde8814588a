import type { paths } from "../../api/schema";

export type Device = paths["/iot/devices"]["get"]["responses"][200]["content"]["application/json"]["items"][number];
export type DeviceKind = Device["kind"];
export const DEVICE_KINDS: DeviceKind[] = ["weighing-platform", "climate-probe", "door-sensor", "pallet-camera"];
