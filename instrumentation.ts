// Runs once when the server starts: refuse to serve with an incomplete
// configuration, so the operator sees the problem at start, not at the first sign-in.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { exitOnIncompleteServerEnv } = await import("./lib/runtime/check-server-env");
  exitOnIncompleteServerEnv();
}
