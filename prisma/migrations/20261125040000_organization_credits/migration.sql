-- Credits held by an organization as well as by a key chain (issue 11).
CREATE TYPE "CreditHolder" AS ENUM ('KEY_CHAIN', 'ORGANIZATION');
ALTER TABLE "credit_balances" RENAME COLUMN "lineage_id" TO "holder_id";
ALTER TABLE "credit_balances" ADD COLUMN "holder" "CreditHolder" NOT NULL DEFAULT 'KEY_CHAIN';
ALTER TABLE "credit_balances" ALTER COLUMN "holder" DROP DEFAULT;
