-- A database that took racing applications before this index may hold several live applications with one
-- USCC. Keep one (the approved one, else the earliest) and reject the others with a note the operator sees,
-- so that the index can be built.
WITH ranked AS (
  SELECT id, row_number() OVER (PARTITION BY uscc ORDER BY (status = 'approved') DESC, "createdAt", id) AS n
  FROM "Application"
  WHERE status IN ('pending', 'approving', 'approved')
)
UPDATE "Application"
SET status = 'rejected', "reviewNote" = 'Closed by the platform: another application with this USCC was kept (the approved one, else the earliest)', "reviewedAt" = now()
FROM ranked
WHERE "Application".id = ranked.id AND ranked.n > 1;

-- CreateIndex
CREATE UNIQUE INDEX "Application_live_uscc_key" ON "Application"("uscc") WHERE (status = ANY (ARRAY['pending'::text, 'approving'::text, 'approved'::text]));
