-- The city's seal on a decision's document: who sealed it (the seal certificate's
-- subject), with which certificate (its serial number, hex) and when (the time stamp).
-- Decisions issued before seals existed have none.
ALTER TABLE decisions ADD COLUMN sealed_by TEXT;
ALTER TABLE decisions ADD COLUMN seal_certificate TEXT;
ALTER TABLE decisions ADD COLUMN sealed_at TIMESTAMPTZ;
