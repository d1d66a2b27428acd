"use server";
// The theme toggle's server action. Setting a cookie in an action makes Next
// render the page again, so <html data-theme> (app/layout.tsx) changes with
// or without JavaScript.
import { cookies } from "next/headers";
import { parseTheme, THEME_COOKIE, THEME_COOKIE_OPTIONS } from "./theme";

export async function setThemeAction(formData: FormData): Promise<void> {
  (await cookies()).set(THEME_COOKIE, parseTheme(formData.get("theme")), THEME_COOKIE_OPTIONS);
}
