import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../api/src/auth/passwords";

describe("password hashes", () => {
  it("when a password is hashed, then only that password verifies, and the hash names scrypt and its cost", async () => {
    const stored = await hashPassword("correct horse 电池 staple");
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(stored).not.toContain("horse");
    expect(await verifyPassword("correct horse 电池 staple", stored)).toBe(true);
    expect(await verifyPassword("correct horse 电池 stapler", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("when the same password is hashed twice, then the salts differ", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });

  it("when the stored hash is malformed or of another scheme, then nothing verifies", async () => {
    expect(await verifyPassword("x", "bcrypt$2b$10$abc")).toBe(false);
    expect(await verifyPassword("x", "scrypt$$$")).toBe(false);
  });
});
