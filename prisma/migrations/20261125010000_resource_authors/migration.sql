-- Token exchange (issue 11): a resource records who created it, the API key
-- and, when a token acted for one, the user. Existing resources have neither.
ALTER TABLE "resources" ADD COLUMN "created_by_key_id" UUID;
ALTER TABLE "resources" ADD COLUMN "created_by_user_id" UUID;
