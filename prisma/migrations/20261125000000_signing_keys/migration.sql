-- Token exchange (issue 11): the ES256 keys that sign short-lived JWTs. The
-- private half is encrypted at rest; the public half is published as a JWKS.
CREATE TABLE "signing_keys" (
    "id" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "public_jwk" JSONB NOT NULL,
    "private_jwk_encrypted" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "signs_until" TIMESTAMPTZ(3) NOT NULL,
    "published_until" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "signing_keys_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "signing_keys_published_until_idx" ON "signing_keys"("published_until");
