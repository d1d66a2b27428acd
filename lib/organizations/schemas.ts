import { z } from "zod";
import { storableText } from "@/lib/validation/text";
import { SLUG_PATTERN } from "./slug";

export const OrganizationNameSchema = storableText(
  z.string().trim().min(1, "Enter an organization name.").max(80, "Use at most 80 characters."),
  "The organization name",
  { singleLine: true },
);

export const OrganizationSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(SLUG_PATTERN, "Use lower-case letters, digits and dashes (2–48 characters), starting and ending with a letter or digit.");
