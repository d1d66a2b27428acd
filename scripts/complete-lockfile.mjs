// Adds lockfile entries for other platforms' optional native packages.
//
// Why: the npm registry mirror these machines reach does not carry the macOS,
// Windows and Android builds of Next's SWC and Tailwind's oxide. `npm install`
// then leaves them out of package-lock.json, and `npm ci` refuses the lockfile
// as "out of sync". Each entry written here carries its `os`/`cpu`, so npm
// skips it on other platforms without fetching anything, and a machine that
// can reach the full registry still resolves the real package.
//
// Run after `npm install` changes the lockfile: node scripts/complete-lockfile.mjs
import fs from "node:fs";

const OS = ["darwin", "win32", "linux", "android", "freebsd", "openbsd", "sunos", "aix"];
const CPU = ["arm64", "x64", "ia32", "arm", "wasm32", "ppc64", "s390x", "riscv64", "loong64"];

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(fs.readFileSync(file, "utf8"));
const packages = lock.packages;
const added = [];

for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path}/node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[nested] || packages[hoisted]) continue;
    const parts = name.split("/").pop().split("-");
    const os = OS.find((o) => parts.includes(o));
    const cpu = CPU.find((c) => parts.includes(c));
    packages[hoisted] = {
      version,
      optional: true,
      ...(os ? { os: [os] } : {}),
      ...(cpu ? { cpu: [cpu] } : {}),
    };
    added.push(`${name}@${version}`);
  }
}

fs.writeFileSync(file, JSON.stringify(lock, null, 2) + "\n");
console.log(added.length ? `added ${added.length}: ${added.join(", ")}` : "lockfile already complete");
