import { z } from "zod";
import { SLUG_PATTERN } from "./slug";

export const OrganizationNameSchema = z
  .string()
  .trim()
  .min(1, "Enter an organization name.")
  .max(80, "Use at most 80 characters.");

export const OrganizationSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(SLUG_PATTERN, "Use lower-case letters, digits and dashes (2–48 characters), starting and ending with a letter or digit.");
