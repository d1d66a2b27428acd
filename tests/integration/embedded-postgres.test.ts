// Who owns the embedded server, and who merely borrows it.
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, test } from "vitest";
import { acquireEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { freePort } from "../support/free-port";

const newDir = () => path.join(mkdtempSync(path.join(tmpdir(), "keyward-pg-")), "postgres");


async function canQuery(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

describe("acquireEmbeddedPostgres", () => {
  test("the first process owns the server; a second borrows it and does not stop it", async () => {
    const dir = newDir();
    const owner = await acquireEmbeddedPostgres({ role: "app", dir, port: await freePort() });
    const borrower = await acquireEmbeddedPostgres({ role: "cli", dir });
    expect([owner.owned, borrower.owned]).toEqual([true, false]);
    expect(borrower.url).toBe(owner.url);

    await borrower.release();
    expect(await canQuery(owner.url)).toBe(true);
    await owner.release();
    expect(await canQuery(owner.url)).toBe(false);
    expect(existsSync(path.join(dir, "data", "postmaster.pid"))).toBe(false);
  });

  test("data survives a restart", async () => {
    const dir = newDir();
    const port = await freePort();
    const first = await acquireEmbeddedPostgres({ role: "app", dir, port });
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query("CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')");
    await client.end();
    await first.release();

    const second = await acquireEmbeddedPostgres({ role: "app", dir });
    const again = new pg.Client({ connectionString: second.url });
    await again.connect();
    const { rows } = await again.query("SELECT value FROM kept");
    await again.end();
    await second.release();
    expect(rows).toEqual([{ value: "still here" }]);
  });

  test("the app waits for a CLI command's server to be released, then starts its own", async () => {
    const dir = newDir();
    const cli = await acquireEmbeddedPostgres({ role: "cli", dir, port: await freePort() });
    // While the CLI command holds it, the app does not borrow a server that is about to stop.
    await expect(acquireEmbeddedPostgres({ role: "app", dir, waitMs: 600 })).rejects.toThrow(/Timed out waiting/);

    const appPromise = acquireEmbeddedPostgres({ role: "app", dir, waitMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await cli.release();
    const app = await appPromise;
    expect(app.owned).toBe(true);
    expect(await canQuery(app.url)).toBe(true);
    await app.release();
  });

  test("concurrent starters end up with exactly one server", async () => {
    const dir = newDir();
    const port = await freePort();
    const [a, b] = await Promise.all([
      acquireEmbeddedPostgres({ role: "app", dir, port }),
      acquireEmbeddedPostgres({ role: "test", dir, port }),
    ]);
    expect([a.owned, b.owned].filter(Boolean)).toHaveLength(1);
    expect(await canQuery(a.url)).toBe(true);
    await Promise.all([a.release(), b.release()]);
  });
});
