-- Token exchange (issue 11): usage shows the user a token acted for, beside
-- the key. Existing roll-ups were the key on its own (the nil UUID).
ALTER TABLE "usage_rollups" ADD COLUMN "acting_user_id" UUID NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';
DROP INDEX "usage_rollups_bucket_key";
CREATE UNIQUE INDEX "usage_rollups_bucket_key" ON "usage_rollups"("api_key_id", "granularity", "bucket_start", "route", "status_class", "acting_user_id");
