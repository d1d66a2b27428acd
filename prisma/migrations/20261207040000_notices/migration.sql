-- Notices Keyward has sent (issue 14): expiry reminders, the weekly review
-- digest, quota thresholds, low credits. One row per thing noticed and
-- period; the unique index is what makes "once" hold across instances and
-- restarts: a sweep inserts with ON CONFLICT DO NOTHING and acts only on the
-- rows it inserted, in the same transaction as the event and the email.
CREATE TABLE "notices" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "subject_id" UUID NOT NULL,
    "period" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notices_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "notices_kind_subject_id_period_key" ON "notices"("kind", "subject_id", "period");
CREATE INDEX "notices_organization_id_idx" ON "notices"("organization_id");

ALTER TABLE "notices" ADD CONSTRAINT "notices_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
