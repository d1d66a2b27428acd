-- The organization a user last chose in the dashboard, so the choice follows
-- them to a new browser or device and across sign-ins (issue 12).
ALTER TABLE "users" ADD COLUMN "last_organization_id" UUID;
ALTER TABLE "users" ADD CONSTRAINT "users_last_organization_id_fkey" FOREIGN KEY ("last_organization_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;
