import { signUp } from "@/lib/auth/sign-up";
import { ValidationError } from "@/lib/errors";
import { OrganizationSlugSchema } from "@/lib/organizations/schemas";
import { CliError, UsageError } from "../output";
import type { Command } from "../command";

export const usersCreate: Command = {
  name: "users create",
  summary: "Create a user and the organization they own.",
  usage: "users create --email <email> (--password <password> | --password-stdin) [--name <name>] [--org <slug>] [--org-name <name>] [--json]",
  options: {
    email: { type: "string" },
    password: { type: "string" },
    "password-stdin": { type: "boolean" },
    name: { type: "string" },
    org: { type: "string" },
    "org-name": { type: "string" },
  },
  async run({ values, output, readStdin }) {
    if (!values.email) throw new UsageError("--email is required.");
    if (!values.password && !values["password-stdin"]) throw new UsageError("--password or --password-stdin is required.");
    const password = values["password-stdin"] ? (await readStdin()).replace(/\r?\n$/, "") : String(values.password);

    let organizationSlug: string | undefined;
    if (values.org !== undefined) {
      const slug = OrganizationSlugSchema.safeParse(values.org);
      if (!slug.success) throw new CliError(`--org: ${slug.error.issues[0]!.message}`, { fields: { org: slug.error.issues.map((i) => i.message) } });
      organizationSlug = slug.data;
    }
    const email = String(values.email);
    const name = values.name === undefined ? email.split("@")[0] : String(values.name);
    const orgName = values["org-name"] ?? (organizationSlug ? organizationSlug : undefined);

    const result = await signUp({ email, password, name, organizationName: orgName }, { organizationSlug, source: "cli" }).catch((error: unknown) => {
      if (!(error instanceof ValidationError)) throw error;
      const fields = error.fields;
      const flag: Record<string, string> = { organizationName: "org" };
      const summary = Object.entries(fields)
        .map(([field, messages]) => `--${flag[field] ?? field}: ${messages?.join(" ")}`)
        .join("\n  ");
      throw new CliError(`could not create the user:\n  ${summary}`, { fields });
    });
    output.result(
      { user: result.user, organization: result.organization },
      `Created user ${result.user.email} (${result.user.id})\n` +
        `Owner of organization "${result.organization.name}" (slug: ${result.organization.slug})`,
    );
  },
};
