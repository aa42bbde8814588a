/** The platform's financing fee. Everyone may read it (quotes show it); only the operator sets it. */
import { z } from "zod";
import { LEDGER_LIMITS } from "../../../chain/limits";
import { party } from "../http/party";
import type { RouteTable } from "../http/route";
import { uuid } from "../http/schemas";
import type { FeeService } from "./fee.service";

const fee = z.object({ feeBps: z.number().int(), recipient: party });

export function addFeeRoutes(t: RouteTable, fees: FeeService): RouteTable {
  return t
    .add(
      {
        method: "get",
        path: "/financing/fee",
        summary: "The platform's financing fee, in basis points of the financed amount, and who receives it",
        tags: ["financing"],
        auth: true,
        responses: { 200: { description: "The fee", schema: fee } },
      },
      () => fees.current(),
    )
    .add(
      {
        method: "put",
        path: "/financing/fee",
        summary: "Set the platform's financing fee and its recipient (operator)",
        tags: ["financing"],
        auth: true,
        kinds: ["operator"],
        roles: ["admin", "checker"],
        body: z.strictObject({
          feeBps: z
            .number()
            .int()
            .min(0)
            .max(LEDGER_LIMITS.maxFeeBps)
            .meta({ description: `At most ${LEDGER_LIMITS.maxFeeBps.toLocaleString("en")} bp (${LEDGER_LIMITS.maxFeeBps / 100} %)` }),
          recipientOrgId: uuid,
        }),
        responses: { 200: { description: "Set on the ledger", schema: fee.extend({ txHash: z.string() }) } },
      },
      ({ actor, body }) => fees.set(actor, body.feeBps, body.recipientOrgId),
    );
}
