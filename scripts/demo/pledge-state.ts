/** What the second story (pledge-story.ts) keeps in the story's state: both story files read it. */
export type PledgeWho = "operator" | "regulator" | "tier1" | "bank" | "bank2" | "warehouse" | "guarantor" | "insurer";

/** What the second story learns as it goes: plain JSON, kept in the story's state. */
export interface PledgeStoryState {
  orgs: Partial<Record<PledgeWho, string>>;
  receiptId?: string;
  loanId?: string;
  price?: { before: string; after: string };
  drawdown?: { amount: string; fee: string; value: string; limit: string };
  marginCall?: { ratioBps: string; deadline: string | null; repaid: string; after: string };
  alerts?: { id: string; rule: string; explanation: string }[];
  atRisk?: { receipt: boolean; loan: boolean };
  secondPledge?: { status: number; code: string };
  repaid?: { amount: string; released: boolean };
  delivered?: boolean;
  feesPaid?: { storage: string; supervision: string };
  cover?: { guaranteeId: string; guaranteed: string; policyId: string; insured: string };
  /** GET /fees/report's rows: each party's fees by line, in yuan. */
  fees?: { party: { name: string | null; account: string }; fees: Record<string, string>; total: string }[];
}
