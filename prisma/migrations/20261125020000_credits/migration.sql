-- Prepaid credits (issue 11), per rotation chain: 402 when they run out.
CREATE TABLE "credit_balances" (
    "lineage_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "balance" INTEGER NOT NULL,
    "monthly_refill" INTEGER,
    "refilled_for" DATE,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "credit_balances_pkey" PRIMARY KEY ("lineage_id")
);

CREATE INDEX "credit_balances_organization_id_idx" ON "credit_balances"("organization_id");

ALTER TABLE "credit_balances" ADD CONSTRAINT "credit_balances_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
