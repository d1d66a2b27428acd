-- A key's lineage: the id shared by every key of one rotation chain (the
-- chain's first key). Rate limits and monthly quotas count per lineage, so
-- rotating a key never buys a fresh allowance.
ALTER TABLE "api_keys" ADD COLUMN "lineage_id" UUID;

WITH RECURSIVE chain AS (
  SELECT id, id AS lineage_id FROM "api_keys" WHERE predecessor_id IS NULL
  UNION ALL
  SELECT k.id, chain.lineage_id FROM "api_keys" k JOIN chain ON k.predecessor_id = chain.id
)
UPDATE "api_keys" k SET lineage_id = chain.lineage_id FROM chain WHERE chain.id = k.id;

ALTER TABLE "api_keys" ALTER COLUMN "lineage_id" SET NOT NULL;

CREATE INDEX "api_keys_lineage_id_idx" ON "api_keys"("lineage_id");
