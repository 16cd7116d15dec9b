-- Rules on every path: the matching settings a program stores, locks the engine refused, people
-- who left (deactivated, with their logins found by person), dissolved groups kept as history,
-- and Exec Encounter draws committed to before sign-ups open.
ALTER TABLE programs ADD COLUMN not_same_team BIGINT NOT NULL DEFAULT 0;
ALTER TABLE programs ADD COLUMN no_repeat_rounds BIGINT NOT NULL DEFAULT 3;
ALTER TABLE programs ADD COLUMN mentor_levels_below BIGINT;
UPDATE programs SET mentor_levels_below = 1 WHERE format = 'reverse';

ALTER TABLE match_rounds ADD COLUMN refused_locks TEXT NOT NULL DEFAULT '[]';

ALTER TABLE users ADD COLUMN deactivated_at BIGINT;
-- Not a foreign key: a login names whoever its data says, and is ended with them.
ALTER TABLE logins ADD COLUMN user_id BIGINT;
CREATE INDEX logins_user ON logins (user_id);

ALTER TABLE round_groups ADD COLUMN dissolved_at BIGINT;

-- The seed is drawn when the event is created and kept secret with a nonce; its commitment
-- (SHA-256 of both) is shown from the start and both are shown after the draw.
ALTER TABLE events ADD COLUMN draw_seed BIGINT;
ALTER TABLE events ADD COLUMN draw_nonce TEXT;
ALTER TABLE events ADD COLUMN draw_commitment TEXT;
-- Who came first in a draw for having been passed over in the series' previous draw.
ALTER TABLE event_draws ADD COLUMN priority TEXT NOT NULL DEFAULT '[]';
