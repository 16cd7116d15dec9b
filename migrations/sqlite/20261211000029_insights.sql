-- Insights show a figure only when enough different people stand behind it; the organisation
-- chooses how many, from 3 to 10.
ALTER TABLE org_settings ADD COLUMN insights_min_group BIGINT NOT NULL DEFAULT 5
    CHECK (insights_min_group BETWEEN 3 AND 10);

-- The insights read rounds by when they were published and goals by when they were set; the
-- indexes keep those reads to the rows of one period.
CREATE INDEX match_rounds_published ON match_rounds (published_at);
CREATE INDEX goals_created ON goals (created_at);
