/** HTTP for alerts: everyone lists those they may see; the regulator acknowledges and resolves them. */
import { z } from "zod";
import { mapPage, pageSchema } from "../http/pagination";
import { RouteTable, type Guard } from "../http/route";
import { page, text, uuid } from "../http/schemas";
import { ALERT_RULES, ALERT_SEVERITIES, ALERT_STATUSES, type AlertFacts, type AlertRule, type AlertSeverity, type AlertStatus } from "./alert-draft";
import { explain } from "./alert-explanations";
import type { AlertRow } from "./alert.repository";
import type { AlertService } from "./alert.service";

const instant = z.string().nullable();

const alert = z.object({
  id: z.string(),
  rule: z.enum(ALERT_RULES),
  severity: z.enum(ALERT_SEVERITIES),
  status: z.enum(ALERT_STATUSES),
  subject: z.string().meta({ description: "What it is about, as the rule names it; one unresolved alert per rule and subject" }),
  parties: z.array(z.string()).meta({ description: "Ledger accounts of the parties who see it beside the regulator and the operator" }),
  facts: z.record(z.string(), z.string()).meta({ description: "The figures the explanation cites: yuan and ledger ids as decimal strings, days as YYYY-MM-DD" }),
  explanation: z.object({ "zh-CN": z.string(), "en-US": z.string() }),
  blockNumber: z.number().int().nullable().meta({ description: "The ledger event that raised it; null for alerts the daily sweep raised" }),
  logIndex: z.number().int().nullable(),
  createdAt: z.string(),
  acknowledgedAt: instant,
  acknowledgedBy: instant.meta({ description: "The regulator's user who acknowledged it" }),
  acknowledgeNote: instant,
  resolvedAt: instant,
  resolvedBy: instant.meta({ description: "The regulator's user who resolved it" }),
  resolveNote: instant,
});

const alertJson = (a: AlertRow) => {
  const facts = a.facts as AlertFacts;
  return {
    id: a.id,
    rule: a.rule as AlertRule,
    severity: a.severity as AlertSeverity,
    status: a.status as AlertStatus,
    subject: a.subject,
    parties: a.accounts,
    facts,
    explanation: explain(a.rule as AlertRule, facts),
    blockNumber: a.blockNumber,
    logIndex: a.logIndex,
    createdAt: a.createdAt.toISOString(),
    acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: a.acknowledgedBy,
    acknowledgeNote: a.acknowledgeNote,
    resolvedAt: a.resolvedAt?.toISOString() ?? null,
    resolvedBy: a.resolvedBy,
    resolveNote: a.resolveNote,
  };
};

const id = z.strictObject({ id: uuid });

export function alertRoutes(guard: Guard, alerts: AlertService): RouteTable {
  return new RouteTable(guard)
    .add(
      {
        method: "get",
        path: "/alerts",
        summary: "Early-warning alerts raised by the risk rules: all of them for the regulator and the operator, those I am party to for everyone else",
        tags: ["alerts"],
        auth: true,
        query: page.extend({
          status: z.enum(ALERT_STATUSES).optional(),
          rule: z.enum(ALERT_RULES).optional(),
          severity: z.enum(ALERT_SEVERITIES).optional(),
        }),
        responses: { 200: { description: "A page of alerts, newest first", schema: pageSchema(alert) } },
      },
      async ({ actor, query }) => mapPage(await alerts.list(actor, { status: query.status, rule: query.rule, severity: query.severity }, query), alertJson),
    )
    .add(
      {
        method: "get",
        path: "/alerts/:id",
        summary: "One alert",
        tags: ["alerts"],
        auth: true,
        params: id,
        responses: { 200: { description: "The alert", schema: alert } },
      },
      async ({ actor, params }) => alertJson(await alerts.get(actor, params.id)),
    )
    .add(
      {
        method: "post",
        path: "/alerts/:id/acknowledge",
        summary: "Acknowledge an open alert: the regulator has seen it and is looking into it",
        tags: ["alerts"],
        auth: true,
        kinds: ["regulator"],
        params: id,
        body: z.strictObject({ note: text(500).optional().meta({ description: "What the regulator is doing about it" }) }),
        responses: { 200: { description: "The alert, acknowledged", schema: alert } },
      },
      async ({ actor, params, body }) => alertJson(await alerts.acknowledge(actor, params.id, body.note)),
    )
    .add(
      {
        method: "post",
        path: "/alerts/:id/resolve",
        summary: "Resolve an alert, saying why; the rule may raise a new one on the same subject afterwards",
        tags: ["alerts"],
        auth: true,
        kinds: ["regulator"],
        params: id,
        body: z.strictObject({ note: text(500).meta({ description: "Why it is resolved" }) }),
        responses: { 200: { description: "The alert, resolved", schema: alert } },
      },
      async ({ actor, params, body }) => alertJson(await alerts.resolve(actor, params.id, body.note)),
    );
}
