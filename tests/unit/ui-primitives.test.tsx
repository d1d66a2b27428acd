// The design system's primitives (components/ui), rendered to HTML as the
// server sends it, before any JavaScript: what must hold there is what a user
// without JavaScript, or a screen reader, gets.
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { CodeBlock } from "@/components/ui/code-block";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { IDLE } from "@/lib/dashboard/form-state";
import { DataTable } from "@/components/ui/data-table";
import { Field } from "@/components/ui/field";
import { Menu, MenuButton, MenuLink } from "@/components/ui/menu";
import { RadioGroup } from "@/components/ui/radio-group";
import { Select } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import { Tabs } from "@/components/ui/tabs";
import { TextField } from "@/components/ui/text-field";
import { ThemeToggleForm } from "@/components/ui/theme-toggle";
import { Tooltip } from "@/components/ui/tooltip";

const render = (node: ReactNode) => renderToStaticMarkup(node);

/** The opening tag of the first element matching `tag` that has `attribute="value"`. */
function openingTag(markup: string, tag: string, attribute: string, value: string): string {
  const found = markup.match(new RegExp(`<${tag}\\b[^>]*\\b${attribute}="${value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"[^>]*>`));
  if (!found) throw new Error(`no <${tag} ${attribute}="${value}"> in ${markup}`);
  return found[0];
}

function attributeOf(tag: string, attribute: string): string | undefined {
  return tag.match(new RegExp(`\\b${attribute}="([^"]*)"`))?.[1];
}

function classesOf(tag: string): string[] {
  return (attributeOf(tag, "class") ?? "").split(/\s+/);
}

describe("cn", () => {
  it("lets the later of two conflicting Tailwind classes win, and keeps the rest", () => {
    expect(cn("px-4 py-2 bg-brand", "px-2")).toBe("py-2 bg-brand px-2");
    expect(cn("text-muted-foreground text-sm", "text-danger")).toBe("text-sm text-danger");
    expect(cn("bg-surface", false, undefined, ["rounded", { hidden: false, block: true }])).toBe("bg-surface rounded block");
  });

  it("lets a call site's className override a primitive's own", () => {
    const markup = render(<Button className="px-8">Go</Button>);
    expect(classesOf(markup)).toContain("px-8");
    expect(classesOf(markup)).not.toContain("px-4");
    expect(classesOf(render(<ButtonLink href="/keys" variant="secondary" className="w-full">Keys</ButtonLink>))).toContain("w-full");
  });
});

describe("Button", () => {
  it("is a type=button unless told otherwise, so it never submits a form by accident", () => {
    expect(render(<Button>Cancel</Button>)).toMatch(/^<button type="button"/);
  });

  it("ButtonLink is a link that looks like the same button", () => {
    const markup = render(<ButtonLink href="/keys/new">New key</ButtonLink>);
    expect(markup).toMatch(/^<a /);
    expect(attributeOf(markup, "href")).toBe("/keys/new");
    expect(classesOf(markup)).toEqual(expect.arrayContaining(["bg-brand", "text-brand-foreground"]));
  });
});

describe("SubmitButton", () => {
  it("renders as an enabled submit button before any submission", () => {
    const markup = render(
      <form>
        <SubmitButton>Create key</SubmitButton>
      </form>,
    );
    expect(markup).toContain('type="submit"');
    expect(markup).not.toContain('disabled=""');
    expect(markup).not.toContain("aria-busy=");
    expect(markup).toContain(">Create key</button>");
  });
});

describe("Field", () => {
  it("describes its control by its hint while it has no errors", () => {
    const markup = render(<TextField label="Name" hint="Shown in lists" name="name" id="name" />);
    const input = openingTag(markup, "input", "id", "name");
    expect(attributeOf(input, "aria-describedby")).toBe("name-hint");
    expect(attributeOf(input, "aria-invalid")).toBeUndefined();
    expect(markup).toContain('<p id="name-hint"');
    expect(markup).toContain('<label for="name"');
  });

  it("marks its control invalid and describes it by its errors, which replace the hint", () => {
    const markup = render(<TextField label="Name" hint="Shown in lists" errors={["Name is required.", "Use 80 characters or fewer."]} id="name" />);
    const input = openingTag(markup, "input", "id", "name");
    expect(attributeOf(input, "aria-invalid")).toBe("true");
    expect(attributeOf(input, "aria-describedby")).toBe("name-error");
    expect(markup).toMatch(/<p id="name-error"[^>]*>Name is required\. Use 80 characters or fewer\.<\/p>/);
    expect(markup).not.toContain("Shown in lists");
  });

  it("wires any control, and generates an id that the label points at", () => {
    const markup = render(
      <Field label="Plan" errors={["Choose a plan."]}>
        {(control) => (
          <Select {...control} name="plan">
            <option>1,000 requests per hour</option>
          </Select>
        )}
      </Field>,
    );
    const select = markup.match(/<select\b[^>]*>/)![0];
    const id = attributeOf(select, "id")!;
    expect(id).toBeTruthy();
    expect(markup).toContain(`<label for="${id}"`);
    expect(attributeOf(select, "aria-describedby")).toBe(`${id}-error`);
    expect(markup).toContain(`<p id="${id}-error"`);
  });

  it("a radio group names its radios by a legend and is described by its errors", () => {
    const markup = render(
      <RadioGroup
        legend="Environment"
        name="environment"
        defaultValue="live"
        errors={["Pick one."]}
        options={[
          { value: "live", label: "Live" },
          { value: "test", label: "Test", disabled: true, hint: "Your organization's policy allows live keys only." },
        ]}
      />,
    );
    expect(markup).toMatch(/^<fieldset aria-describedby="([^"]+)-error"/);
    expect(markup).toMatch(/<legend[^>]*>Environment<\/legend>/);
    expect(openingTag(markup, "input", "value", "live")).toContain('checked=""');
    expect(openingTag(markup, "input", "value", "test")).toContain('disabled=""');
  });
});

describe("Table", () => {
  it("DataTable rows give every cell its column's label, for the stacked phone layout", () => {
    const markup = render(
      <DataTable
        caption="Keys"
        columns={[{ label: "Name" }, { label: <input type="checkbox" aria-label="Select all" />, name: "Selected" }, { label: "Status", className: "w-24" }]}
        rows={[{ key: "k1", cells: ["Billing", "yes", "Active"] }]}
      />,
    );
    expect(markup.match(/<td[^>]*>/g)!.map((td) => attributeOf(td, "data-label"))).toEqual(["Name", "Selected", "Status"]);
    expect(classesOf(openingTag(markup, "td", "data-label", "Status"))).toContain("w-24");
    expect(markup).toContain('data-stacked="true"');
  });

  it("a hand-written TableCell carries its label", () => {
    const stacked = render(
      <Table caption="Audit log">
        <TableBody>
          <TableRow>
            <TableCell label="What">Revoked key</TableCell>
          </TableRow>
        </TableBody>
      </Table>,
    );
    expect(stacked).toMatch(/<td data-label="What"[^>]*>Revoked key<\/td>/);
    expect(stacked).toContain('<caption class="sr-only">Audit log</caption>');
  });
});

describe("Menu", () => {
  it("is a details/summary disclosure, so it opens before JavaScript loads", () => {
    const markup = render(
      <Menu label="Actions for Billing">
        <MenuLink href="/keys/k1">Open</MenuLink>
        <MenuButton tone="danger" type="submit" form="revoke-k1">
          Revoke
        </MenuButton>
      </Menu>,
    );
    expect(markup).toMatch(/^<details\b/);
    expect(markup).toMatch(/<summary aria-label="Actions for Billing"/);
    expect(markup).not.toMatch(/<details[^>]*\bopen\b/);
    expect(markup).toMatch(/<a data-menu-item="true"[^>]*href="\/keys\/k1"/);
    expect(openingTag(markup, "button", "form", "revoke-k1")).toContain('type="submit"');
  });
});

describe("ConfirmDialog", () => {
  it("keeps the first click on a destructive action quiet and its dialog closed and named by its title", () => {
    const markup = render(
      <ConfirmDialog id="remove-ada" trigger="Remove" title="Remove Ada?" confirm="Remove Ada" danger action={() => {}} state={IDLE} pending={false}>
        <p>She loses access at once.</p>
      </ConfirmDialog>,
    );
    const trigger = markup.match(/^<button\b[^>]*>/)![0];
    expect(classesOf(trigger)).toContain("text-danger");
    expect(classesOf(trigger)).not.toContain("bg-danger");
    const dialog = markup.match(/<dialog\b[^>]*>/)![0];
    expect(dialog).not.toMatch(/\bopen\b/);
    // It opens without JavaScript: the trigger is an HTML invoker for this dialog.
    expect(trigger).toContain(`commandfor="${attributeOf(dialog, "id")}"`);
    expect(trigger).toContain('command="show-modal"');
    expect(markup).toMatch(new RegExp(`<h2 id="${attributeOf(dialog, "aria-labelledby")}"[^>]*>Remove Ada\\?</h2>`));
    expect(classesOf(markup.match(/<button\b[^>]*>Remove Ada<\/button>/)![0])).toContain("bg-danger");
  });
});

describe("Tabs, Tooltip, Alert", () => {
  it("Tabs marks only the current tab with aria-current=page", () => {
    const markup = render(
      <Tabs
        label="Key"
        current="/keys/k1/usage"
        tabs={[
          { href: "/keys/k1", label: "Overview" },
          { href: "/keys/k1/usage", label: "Usage" },
        ]}
      />,
    );
    expect(markup).toMatch(/^<nav aria-label="Key"/);
    expect(markup.match(/aria-current="page"/g)).toHaveLength(1);
    expect(openingTag(markup, "a", "href", "/keys/k1/usage")).toContain('aria-current="page"');
  });

  it("Tooltip is focusable and describes its trigger", () => {
    const markup = render(<Tooltip content="Used in the last 24 hours">●</Tooltip>);
    const trigger = openingTag(markup, "span", "tabindex", "0");
    const id = attributeOf(trigger, "aria-describedby")!;
    expect(markup).toContain(`<span role="tooltip" id="${id}"`);
  });

  it("Alert announces errors at once and everything else politely", () => {
    expect(render(<Alert tone="error">Nope</Alert>)).toMatch(/^<div role="alert"/);
    expect(render(<Alert tone="attention" title="Copy your key now">It is shown once.</Alert>)).toMatch(/^<div role="status"[^>]*bg-warning-subtle/);
  });
});

describe("CodeBlock", () => {
  it("highlights the code and escapes it, so code can never become markup", () => {
    const markup = render(<CodeBlock lang="javascript" code={'const key = "<script>alert(1)</script>";'} />);
    expect(markup).toContain("sh__token--keyword");
    expect(markup).not.toContain("<script>");
    expect(markup).toContain("&lt;script&gt;");
  });

  it("renders no copy button on the server: it appears only where JavaScript can copy", () => {
    expect(render(<CodeBlock lang="shell" code="curl https://example.com" />)).not.toContain("<button");
  });
});

describe("ThemeToggleForm", () => {
  it("is a form of three submit buttons naming a theme, the current one pressed", () => {
    const markup = render(<ThemeToggleForm current="dark" />);
    expect(markup).toMatch(/^<form\b/);
    const buttons = markup.match(/<button\b[^>]*>/g)!;
    expect(buttons.map((button) => [attributeOf(button, "type"), attributeOf(button, "name"), attributeOf(button, "value"), attributeOf(button, "aria-pressed")])).toEqual([
      ["submit", "theme", "light", "false"],
      ["submit", "theme", "dark", "true"],
      ["submit", "theme", "system", "false"],
    ]);
    expect(markup).toContain('<span class="sr-only">Dark</span>');
  });
});
