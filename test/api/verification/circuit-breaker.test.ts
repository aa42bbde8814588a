import { describe, expect, it } from "vitest";
import { CircuitBreaker, CircuitOpenError } from "../../../api/src/verification/circuit-breaker";

const failing = () => Promise.reject(new Error("down"));
const ok = () => Promise.resolve("ok");

describe("the circuit breaker", () => {
  const setUp = () => {
    const clock = { ms: 0 };
    const breaker = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 10_000, now: () => clock.ms });
    return { clock, breaker };
  };

  it("when calls fail fewer times in a row than the threshold, or a success comes between, then it stays closed", async () => {
    const { breaker } = setUp();
    for (let i = 0; i < 2; i += 1) await expect(breaker.run(failing)).rejects.toThrow("down");
    await breaker.run(ok);
    for (let i = 0; i < 2; i += 1) await expect(breaker.run(failing)).rejects.toThrow("down");
    expect(breaker.state).toBe("closed");
  });

  it("when the threshold of consecutive failures is reached, then it opens and refuses without calling until the cool-down has passed", async () => {
    const { clock, breaker } = setUp();
    for (let i = 0; i < 3; i += 1) await expect(breaker.run(failing)).rejects.toThrow("down");
    expect(breaker.state).toBe("open");
    let called = 0;
    const counted = () => ((called += 1), ok());
    clock.ms = 9_999;
    await expect(breaker.run(counted)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(called).toBe(0);
    clock.ms = 10_000;
    expect(breaker.state).toBe("half-open");
    await expect(breaker.run(counted)).resolves.toBe("ok");
    expect([called, breaker.state]).toEqual([1, "closed"]);
  });

  it("when the half-open trial fails, then it opens again for a whole cool-down; while the trial runs, other calls are refused", async () => {
    const { clock, breaker } = setUp();
    for (let i = 0; i < 3; i += 1) await expect(breaker.run(failing)).rejects.toThrow("down");
    clock.ms = 10_000;
    let release!: (v: string) => void;
    const trial = breaker.run(() => new Promise<string>((r) => (release = r)));
    await expect(breaker.run(ok)).rejects.toBeInstanceOf(CircuitOpenError);
    release("late");
    await expect(trial).resolves.toBe("late");
    expect(breaker.state).toBe("closed");

    for (let i = 0; i < 3; i += 1) await expect(breaker.run(failing)).rejects.toThrow("down");
    clock.ms = 20_000;
    await expect(breaker.run(failing)).rejects.toThrow("down");
    expect(breaker.state).toBe("open");
    clock.ms = 29_999;
    expect(breaker.state).toBe("open");
    clock.ms = 30_000;
    expect(breaker.state).toBe("half-open");
  });
});
