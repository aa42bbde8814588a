// Types for the test that drives the rule (test/lint/): the rule itself is plain JavaScript, as ESLint loads it.
import type { Rule } from "eslint";

declare const rule: Rule.RuleModule;
export default rule;
