// `npm run dev`: the development server, on the same database setup as `npm start`.
import { launcherEnv } from "../lib/env";
import { bootRuntime, reportBootFailure } from "../lib/runtime/boot";
import { Lifecycle, serverCommand, waitUntilHealthy } from "./process";

const log = (line: string) => console.log(`[keyward] ${line}`);
process.env.NEXT_TELEMETRY_DISABLED = "1";

const lifecycle = new Lifecycle();
const runtime = await bootRuntime({ role: "app", production: false, log }).catch(reportBootFailure);
await lifecycle.holdDatabase(() => runtime.release());
const port = String(launcherEnv().PORT);
const server = lifecycle.run(...serverCommand({ dev: true }), { ...process.env, ...runtime.env, PORT: port });
if (await waitUntilHealthy(port, server.exited)) log(`Keyward (development) is ready: open http://localhost:${port}`);
await lifecycle.exit(await server.exited);
