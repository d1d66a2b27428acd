import { SCOPE_PRESETS, type ScopePreset } from "@/lib/api-keys/scopes";

/** "Full access", "Read only", or "3 scopes" with the list in a tooltip. */
export function ScopesSummary({ preset, scopes }: { preset: ScopePreset | null; scopes: string[] }) {
  if (preset) return <span>{SCOPE_PRESETS[preset].label}</span>;
  return <span title={scopes.join(", ")}>{scopes.length === 1 ? scopes[0] : `${scopes.length} scopes`}</span>;
}
