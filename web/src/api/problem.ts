/** A refusal from the API: its RFC 9457 problem document, kept whole so that pages show its code and detail. */
import type { components } from "./schema";

export type ProblemDocument = components["schemas"]["Problem"];

export class ApiProblem extends Error {
  readonly code: string;

  constructor(readonly problem: ProblemDocument) {
    super(problem.detail ?? problem.title);
    this.code = problem.code;
  }
}

/** The codes the console gives itself, for failures that never reached the API or came back from something else. */
export const CONSOLE_PROBLEM_CODES = ["NETWORK", "UNEXPECTED"] as const;

/** The network failed, or the answer was not a problem document (a proxy's error page). */
export function unexpectedProblem(status: number, title: string): ApiProblem {
  const code: (typeof CONSOLE_PROBLEM_CODES)[number] = status === 0 ? "NETWORK" : "UNEXPECTED";
  return new ApiProblem({ type: "about:blank", title, status, code });
}
