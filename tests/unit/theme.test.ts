import { describe, expect, it } from "vitest";
import { parseTheme, THEME_COOKIE_OPTIONS } from "@/lib/ui/theme";

describe("parseTheme", () => {
  it("accepts the three themes", () => {
    expect(parseTheme("light")).toBe("light");
    expect(parseTheme("dark")).toBe("dark");
    expect(parseTheme("system")).toBe("system");
  });

  it("reads anything else, including a missing cookie, as system", () => {
    for (const junk of [undefined, null, "", "DARK", " dark", "dark;", "blue", "__proto__", "constructor", ["dark"], 1]) {
      expect(parseTheme(junk)).toBe("system");
    }
  });

  it("keeps the choice for a year, on every path, sent on top-level navigations", () => {
    expect(THEME_COOKIE_OPTIONS).toMatchObject({ path: "/", sameSite: "lax", maxAge: 31_536_000 });
  });
});
