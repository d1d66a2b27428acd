-- Leaked keys (issue 14): what an organization does when a live key is
-- reported leaked (GitHub secret scanning, `keyward scan`), and the record of
-- every report, shown on the key's page.
CREATE TYPE "LeakPolicy" AS ENUM ('REVOKE', 'FLAG');
CREATE TYPE "LeakAction" AS ENUM ('REVOKED', 'FLAGGED', 'NONE');

ALTER TABLE "organizations" ADD COLUMN "leak_policy" "LeakPolicy" NOT NULL DEFAULT 'REVOKE';

CREATE TABLE "leak_reports" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "api_key_id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "action" "LeakAction" NOT NULL,
    "reported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "leak_reports_pkey" PRIMARY KEY ("id")
);

-- One report per key and place: a replayed report finds its row and changes nothing.
CREATE UNIQUE INDEX "leak_reports_api_key_id_url_key" ON "leak_reports"("api_key_id", "url");
CREATE INDEX "leak_reports_organization_id_reported_at_idx" ON "leak_reports"("organization_id", "reported_at");

ALTER TABLE "leak_reports" ADD CONSTRAINT "leak_reports_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "leak_reports" ADD CONSTRAINT "leak_reports_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_keys"("id") ON DELETE CASCADE ON UPDATE CASCADE;
