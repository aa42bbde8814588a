/** The platform's financing fee. Everyone may read it (quotes show it); the operator's maker and checker set it. */
import { z } from "zod";
import { pendingAction, pendingActionJson } from "../approvals/approval.routes";
import type { DualControl } from "../approvals/dual-control";
import { LEDGER_LIMITS } from "../../../chain/limits";
import { party } from "../http/party";
import type { RouteTable } from "../http/route";
import { uuid } from "../http/schemas";
import { FEE_SET } from "./fee.actions";
import type { FeeService } from "./fee.service";

const fee = z.object({ feeBps: z.number().int(), recipient: party });

export function addFeeRoutes(t: RouteTable, dual: DualControl, fees: FeeService): RouteTable {
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
        summary: "Propose the platform's financing fee and its recipient (operator maker; a checker approves)",
        description: "An unknown recipient is 404 at once. Approval sets it on the ledger; the approval's result holds the fee and the transaction.",
        tags: ["financing"],
        auth: true,
        kinds: ["operator"],
        roles: ["maker"],
        body: z.strictObject({
          feeBps: z
            .number()
            .int()
            .min(0)
            .max(LEDGER_LIMITS.maxFeeBps)
            .meta({ description: `At most ${LEDGER_LIMITS.maxFeeBps.toLocaleString("en")} bp (${LEDGER_LIMITS.maxFeeBps / 100} %)` }),
          recipientOrgId: uuid,
        }),
        responses: { 202: { description: "Proposed; a checker of the operator approves it at POST /approvals/{id}/approve", schema: pendingAction } },
      },
      async ({ actor, body }) => pendingActionJson(await dual.propose(actor, FEE_SET, body)),
    );
}
