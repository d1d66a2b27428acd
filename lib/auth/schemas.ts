import { z } from "zod";
import { OrganizationNameSchema } from "@/lib/organizations/schemas";
import { storableText } from "@/lib/validation/text";

// NIST 800-63B: length and a block list beat composition rules. bcrypt reads
// only the first 72 bytes, so longer passwords are refused rather than
// silently truncated.
const COMMON_PASSWORDS = new Set([
  "password", "password1", "password12", "password123", "password1234", "passw0rd",
  "1234567890", "12345678910", "123456789012", "0123456789", "qwertyuiop", "qwerty1234",
  "1q2w3e4r5t", "iloveyou12", "letmein123", "welcome123", "admin12345", "abc1234567",
  "keyward123", "changeme12",
]);

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address."));

// Each rule stops the rest (abort), so a password gets one reason at a time, the first it fails.
export const NewPasswordSchema = z
  .string()
  .min(1, { error: "Enter a password.", abort: true })
  .min(10, { error: "Use at least 10 characters.", abort: true })
  .refine((value) => Buffer.byteLength(value, "utf8") <= 72, { error: "Use at most 72 bytes (bcrypt ignores the rest).", abort: true })
  .refine((value) => !COMMON_PASSWORDS.has(value.toLowerCase()), { error: "That password is too common. Choose another.", abort: true })
  .refine((value) => new Set(value).size >= 4, "That password is too easy to guess. Use more different characters.");

export const DisplayNameSchema = storableText(z.string().trim().min(1, "Enter your name.").max(100, "Use at most 100 characters."), "Your name", { singleLine: true });

export const SignUpSchema = z.object({
  name: DisplayNameSchema,
  email: EmailSchema,
  password: NewPasswordSchema,
  organizationName: OrganizationNameSchema.optional(),
});
export type SignUpInput = z.input<typeof SignUpSchema>;

export const SignInSchema = z.object({
  email: EmailSchema,
  password: z.string().min(1, "Enter your password.").max(1024),
});
