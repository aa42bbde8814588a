/**
 * Approving a maker's proposal, the same wherever it is shown: in the inbox (待我审批) or beside the page where it
 * was proposed. Only a checker who is not the proposal's maker may approve; anyone else sees why not on the
 * disabled button, as the server would refuse them.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Tooltip } from "antd";
import { api, idempotencyKey, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import { useAccess } from "../../auth/session-context";
import { useT } from "../../i18n/language";

export type Approval = paths["/approvals"]["get"]["responses"][200]["content"]["application/json"]["items"][number];

export function useApprovalDecision() {
  const t = useT();
  const access = useAccess();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const approve = useMutation({
    mutationFn: (a: Approval) =>
      unwrap(api.POST("/approvals/{id}/approve", { params: { path: { id: a.id }, header: { "Idempotency-Key": idempotencyKey() } } })),
    onSuccess: () => {
      void message.success(t("approvals.approved"));
      // What the approval carried out may show on any page: a line, a payout, a balance.
      void queries.invalidateQueries();
    },
  });
  const mayDecide = access.can("POST /approvals/{id}/approve");
  /** Why this user may not decide on `a`, or undefined when they may. */
  const whyNot = (a: Approval): string | undefined =>
    !mayDecide ? t("approvals.onlyChecker") : a.makerId === access.me.id ? t("approvals.notYourOwn") : undefined;
  const approveButton = (a: Approval) => (
    <Tooltip title={whyNot(a)}>
      <Button type="primary" disabled={whyNot(a) !== undefined} loading={approve.isPending && approve.variables.id === a.id} onClick={() => approve.mutate(a)}>
        {t("common.approve")}
      </Button>
    </Tooltip>
  );
  return { approve, whyNot, approveButton };
}
