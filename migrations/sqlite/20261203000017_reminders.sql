-- Weeks after a round before a pair that has not met is nudged and shown to the program's
-- admins as "not meeting yet"; 0 for never.
ALTER TABLE programs ADD COLUMN nudge_weeks BIGINT NOT NULL DEFAULT 2;

-- When a group of a published round that had not met was nudged: once per group, and from
-- then on its program's admins see it as "not meeting yet" until a session is accepted.
ALTER TABLE round_groups ADD COLUMN nudged_at BIGINT;
