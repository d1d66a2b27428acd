// The colour theme a visitor chose: "light", "dark", or "system" (follow the
// operating system's prefers-color-scheme, the default). It lives in a cookie
// rather than localStorage so that the server renders the right theme on the
// first byte (no flash of the wrong one) and the toggle works before
// JavaScript loads (components/ui/theme-toggle.tsx posts a plain form).
export const THEMES = ["light", "dark", "system"] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_COOKIE = "theme";

/** Not httpOnly: it holds no secret, and a client script may read it one day. */
export const THEME_COOKIE_OPTIONS = { path: "/", sameSite: "lax", maxAge: 365 * 24 * 60 * 60, httpOnly: false } as const;

/** The theme a cookie (or form field) names; anything else, including a missing value, is "system". */
export function parseTheme(value: unknown): Theme {
  return THEMES.find((theme) => theme === value) ?? "system";
}
