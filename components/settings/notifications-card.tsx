import { ButtonLink } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export type NotificationsSummary = { endpoints: number; disabledEndpoints: number; emailReminders: boolean };

/**
 * Settings' pointer to how the organization hears about its keys: its webhook
 * endpoints (managed on their own page) and whether reminders go out by email
 * (the operator's SMTP_URL, not a setting of the organization).
 */
export function NotificationsCard({ summary }: { summary: NotificationsSummary }) {
  const { endpoints, disabledEndpoints, emailReminders } = summary;
  return (
    <Card aria-labelledby="notifications-title">
      <CardHeader className="flex-col">
        <CardTitle id="notifications-title">Notifications</CardTitle>
        <CardDescription>How your organization hears that a key was created, rotated, revoked, reported leaked, or is about to expire.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4 text-sm">
        <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
          <p>
            <strong>Webhooks:</strong>{" "}
            {endpoints === 0 ? "no endpoints yet." : `${endpoints} endpoint${endpoints === 1 ? "" : "s"}${disabledEndpoints > 0 ? `, ${disabledEndpoints} disabled after failing` : ""}.`}
          </p>
          <ButtonLink href="/webhooks" variant="secondary">
            Manage webhooks
          </ButtonLink>
        </div>
        <p>
          <strong>Reminders by email:</strong>{" "}
          {emailReminders
            ? "on. Key owners hear 7 days and 1 day before a key expires; owners and admins get a weekly review digest."
            : "off. The server has no SMTP_URL; ask whoever runs Keyward to set one."}
        </p>
      </CardContent>
    </Card>
  );
}
