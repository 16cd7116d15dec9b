-- The insights page counts the goals shared with admins per program, owner, status and
-- category. This index holds every column it reads, in the order it groups them, so the count
-- reads the index alone and needs no sort (docs/insights.md).
CREATE INDEX goals_insights ON goals (visibility, program_id, owner_id, status, category, created_at);
