/**
 * npm run demo — plays the whole story through the HTTP API, as the organisations' clerks would, then the second
 * story (inventory pledge under IoT supervision, demo/pledge-story.ts), and ends with the summaries. Uses the platform at SCF_API_URL (default http://localhost:$PORT, PORT 8080) when one answers
 * there; otherwise starts one (`npm start`'s server, same environment) for the length of the demo.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { DEMO_PASSWORD } from "../seeds/load";
import { PlatformClient } from "./demo/client";
import { newState, STEPS, summary, type StoryContext } from "./demo/story";
import { PLEDGE_STEPS, pledgeSummary } from "./demo/pledge-story";

const baseUrl = process.env.SCF_API_URL ?? `http://localhost:${process.env.PORT ?? 8080}`;

async function ready(): Promise<boolean> {
  try {
    return (await fetch(`${baseUrl}/ready`)).ok;
  } catch {
    return false;
  }
}

async function startPlatform(): Promise<ChildProcess> {
  console.log(`No platform answers at ${baseUrl}: starting one (data in ${process.env.SCF_DATA_DIR ?? "./data"})…`);
  const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "../api/src/main.ts")], {
    env: { ...process.env, PORT: new URL(baseUrl).port || "8080" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const deadline = Date.now() + 180_000;
  while (!(await ready())) {
    if (child.exitCode !== null) throw new Error("The platform did not start");
    if (Date.now() > deadline) throw new Error("The platform did not become ready in 3 minutes");
    await new Promise((r) => setTimeout(r, 500));
  }
  return child;
}

async function main(): Promise<void> {
  const child = (await ready()) ? undefined : await startPlatform();
  const ctx: StoryContext = {
    client: new PlatformClient({ baseUrl, password: DEMO_PASSWORD }),
    state: newState(),
    log: (line) => console.log(`   ${line}`),
  };
  const started = performance.now();
  try {
    for (const [i, step] of [...STEPS, ...PLEDGE_STEPS].entries()) {
      console.log(`\n${i + 1}. ${step.title}`);
      const t = performance.now();
      await step.run(ctx);
      console.log(`   (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    }
    console.log(await summary(ctx));
    console.log(pledgeSummary(ctx));
    console.log(`\nThe story took ${((performance.now() - started) / 1000).toFixed(1)} s through ${baseUrl}`);
  } finally {
    if (child) {
      child.kill("SIGINT");
      await new Promise((r) => child.once("exit", r));
    }
  }
}

main().catch((e: unknown) => {
  console.error("\nThe demo stopped:", e instanceof Error ? e.message : e);
  process.exit(1);
});
