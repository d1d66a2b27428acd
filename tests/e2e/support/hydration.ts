import { expect, type Locator } from "@playwright/test";

/**
 * Waits until React has hydrated a server-rendered control, i.e. until its
 * event handlers are attached.
 *
 * Playwright acts as soon as an element is visible, which on a page that was
 * just loaded can be before React took over: a click on "Sign out" is then
 * lost, and a click on a submit button posts the form the browser's way
 * instead of the app's. A user on a slow connection can do the same (see the
 * pre-hydration test in sign-in.spec.ts), but the other tests are about what
 * happens once the page works. React marks each hydrated element with a
 * `__reactProps$…` property: an implementation detail, but a stable one.
 */
export async function waitForHydration(control: Locator) {
  await expect
    .poll(() => control.evaluate((element) => Object.keys(element).some((key) => key.startsWith("__reactProps$"))), {
      message: "React has hydrated the control",
    })
    .toBe(true);
}
