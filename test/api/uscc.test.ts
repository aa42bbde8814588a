import { describe, expect, it } from "vitest";
import { isValidUscc, normaliseUscc, usccCheckCharacter } from "../../api/src/onboarding/uscc";
import { ORGANISATIONS } from "../../seeds/organisations";

describe("the unified social credit code (GB 32100-2015)", () => {
  it("when given the standard's worked example, then it is valid and its check character is computed", () => {
    expect(isValidUscc("91350100M000100Y43")).toBe(true);
    expect(usccCheckCharacter("91350100M000100Y4")).toBe("3");
  });

  it.each([
    ["a wrong check character", "91350100M000100Y44"],
    ["17 characters", "91350100M000100Y4"],
    ["19 characters", "91350100M000100Y433"],
    ["a letter outside the alphabet (I)", "91350100MI00100Y43"],
    ["a letter in the division code", "9135A100M000100Y43"],
    ["lower case before normalising", "91350100m000100y43"],
  ])("when it has %s, then it is invalid", (_, code) => {
    expect(isValidUscc(code)).toBe(false);
  });

  it("when typed with spaces around and in lower case, then normalising makes it valid", () => {
    expect(isValidUscc(normaliseUscc("  91350100m000100y43 "))).toBe(true);
  });

  it("when every character of a valid code is changed in turn, then the check catches each change", () => {
    const code = "91350100M000100Y43";
    for (let i = 0; i < 17; i += 1) {
      const other = code[i] === "0" ? "1" : "0";
      expect(isValidUscc(code.slice(0, i) + other + code.slice(i + 1))).toBe(false);
    }
  });

  it("when the demo organisations are seeded, then every code is valid and unique", () => {
    const codes = ORGANISATIONS.map((o) => o.uscc);
    for (const c of codes) expect(isValidUscc(c), c).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
