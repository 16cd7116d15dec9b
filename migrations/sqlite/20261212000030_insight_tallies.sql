-- Insights read what each group's sessions and each person's ratings add up to. Summing a
-- million sessions on every view took seconds, so the sums are kept here as they change.
-- Triggers keep each tally equal to the rows it sums on every write path (sessions proposed,
-- held, cancelled, moved or erased, ratings given or removed), whatever code writes them.
CREATE TABLE group_tallies (
    round_id   BIGINT NOT NULL,
    group_no   BIGINT NOT NULL,
    -- Every session row of the group, whatever its state: the tally goes when this is 0.
    sessions   BIGINT NOT NULL DEFAULT 0,
    -- Sessions not cancelled nor replaced that someone said were held, or did not happen.
    held       BIGINT NOT NULL DEFAULT 0,
    not_held   BIGINT NOT NULL DEFAULT 0,
    first_held BIGINT,
    last_held  BIGINT,
    PRIMARY KEY (round_id, group_no)
);

-- One person's ratings of one group's sessions, by rating.
CREATE TABLE rating_tallies (
    round_id BIGINT NOT NULL,
    group_no BIGINT NOT NULL,
    user_id  BIGINT NOT NULL,
    rated_1  BIGINT NOT NULL DEFAULT 0,
    rated_2  BIGINT NOT NULL DEFAULT 0,
    rated_3  BIGINT NOT NULL DEFAULT 0,
    rated_4  BIGINT NOT NULL DEFAULT 0,
    rated_5  BIGINT NOT NULL DEFAULT 0,
    ratings  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, group_no, user_id)
);

-- Writing a (round, group) here sums that group again. SQLite has no stored procedures; an
-- INSTEAD OF trigger on an empty view gives the sum one body that every trigger below calls.
CREATE VIEW group_tally_refresh AS SELECT round_id, group_no FROM group_tallies WHERE 0;
CREATE TRIGGER group_tally_refresh INSTEAD OF INSERT ON group_tally_refresh BEGIN
    INSERT INTO group_tallies (round_id, group_no, sessions, held, not_held, first_held, last_held)
    SELECT NEW.round_id, NEW.group_no, COUNT(*),
           COALESCE(SUM(CASE WHEN held = 1 AND state NOT IN ('cancelled', 'replaced') THEN 1 ELSE 0 END), 0),
           COALESCE(SUM(CASE WHEN held = 0 AND state NOT IN ('cancelled', 'replaced') THEN 1 ELSE 0 END), 0),
           MIN(CASE WHEN held = 1 AND state NOT IN ('cancelled', 'replaced') THEN starts_at END),
           MAX(CASE WHEN held = 1 AND state NOT IN ('cancelled', 'replaced') THEN starts_at END)
    FROM pair_sessions WHERE round_id = NEW.round_id AND group_no = NEW.group_no
    ON CONFLICT (round_id, group_no) DO UPDATE SET
        sessions = excluded.sessions, held = excluded.held, not_held = excluded.not_held,
        first_held = excluded.first_held, last_held = excluded.last_held;
    DELETE FROM group_tallies
    WHERE round_id = NEW.round_id AND group_no = NEW.group_no AND sessions = 0;
END;

CREATE VIEW rating_tally_refresh AS SELECT round_id, group_no, user_id FROM rating_tallies WHERE 0;
CREATE TRIGGER rating_tally_refresh INSTEAD OF INSERT ON rating_tally_refresh BEGIN
    INSERT INTO rating_tallies (round_id, group_no, user_id, rated_1, rated_2, rated_3, rated_4, rated_5, ratings)
    SELECT NEW.round_id, NEW.group_no, NEW.user_id,
           COALESCE(SUM(CASE WHEN f.rating = 1 THEN 1 ELSE 0 END), 0),
           COALESCE(SUM(CASE WHEN f.rating = 2 THEN 1 ELSE 0 END), 0),
           COALESCE(SUM(CASE WHEN f.rating = 3 THEN 1 ELSE 0 END), 0),
           COALESCE(SUM(CASE WHEN f.rating = 4 THEN 1 ELSE 0 END), 0),
           COALESCE(SUM(CASE WHEN f.rating = 5 THEN 1 ELSE 0 END), 0),
           COUNT(f.rating)
    FROM pair_sessions s
    JOIN session_feedback f ON f.session_id = s.id AND f.user_id = NEW.user_id
    WHERE s.round_id = NEW.round_id AND s.group_no = NEW.group_no
    ON CONFLICT (round_id, group_no, user_id) DO UPDATE SET
        rated_1 = excluded.rated_1, rated_2 = excluded.rated_2, rated_3 = excluded.rated_3,
        rated_4 = excluded.rated_4, rated_5 = excluded.rated_5, ratings = excluded.ratings;
    DELETE FROM rating_tallies
    WHERE round_id = NEW.round_id AND group_no = NEW.group_no AND user_id = NEW.user_id
      AND ratings = 0;
END;

CREATE TRIGGER pair_sessions_tally_insert AFTER INSERT ON pair_sessions BEGIN
    INSERT INTO group_tally_refresh VALUES (NEW.round_id, NEW.group_no);
END;
CREATE TRIGGER pair_sessions_tally_update
AFTER UPDATE OF round_id, group_no, state, held, starts_at ON pair_sessions BEGIN
    INSERT INTO group_tally_refresh VALUES (OLD.round_id, OLD.group_no);
    INSERT INTO group_tally_refresh SELECT NEW.round_id, NEW.group_no
    WHERE NEW.round_id <> OLD.round_id OR NEW.group_no <> OLD.group_no;
    -- A session moved to another group takes its ratings along.
    INSERT INTO rating_tally_refresh
    SELECT DISTINCT g.round_id, g.group_no, f.user_id
    FROM session_feedback f,
         (SELECT OLD.round_id AS round_id, OLD.group_no AS group_no
          UNION SELECT NEW.round_id, NEW.group_no) g
    WHERE f.session_id = NEW.id
      AND (NEW.round_id <> OLD.round_id OR NEW.group_no <> OLD.group_no);
END;
-- A session erased takes its ratings with it (they cascade after this row is gone, when the
-- ratings' own trigger can no longer find the group), so the group's raters are summed again.
CREATE TRIGGER pair_sessions_tally_delete AFTER DELETE ON pair_sessions BEGIN
    INSERT INTO group_tally_refresh VALUES (OLD.round_id, OLD.group_no);
    INSERT INTO rating_tally_refresh
    SELECT round_id, group_no, user_id FROM rating_tallies
    WHERE round_id = OLD.round_id AND group_no = OLD.group_no;
END;

CREATE TRIGGER session_feedback_tally_insert AFTER INSERT ON session_feedback BEGIN
    INSERT INTO rating_tally_refresh
    SELECT round_id, group_no, NEW.user_id FROM pair_sessions WHERE id = NEW.session_id;
END;
CREATE TRIGGER session_feedback_tally_update AFTER UPDATE ON session_feedback BEGIN
    INSERT INTO rating_tally_refresh
    SELECT round_id, group_no, OLD.user_id FROM pair_sessions WHERE id = OLD.session_id;
    INSERT INTO rating_tally_refresh
    SELECT round_id, group_no, NEW.user_id FROM pair_sessions WHERE id = NEW.session_id
      AND (NEW.user_id <> OLD.user_id OR NEW.session_id <> OLD.session_id);
END;
CREATE TRIGGER session_feedback_tally_delete AFTER DELETE ON session_feedback BEGIN
    INSERT INTO rating_tally_refresh
    SELECT round_id, group_no, OLD.user_id FROM pair_sessions WHERE id = OLD.session_id;
END;

-- What is already there.
INSERT INTO group_tallies (round_id, group_no, sessions, held, not_held, first_held, last_held)
SELECT round_id, group_no, COUNT(*),
       SUM(CASE WHEN held = 1 AND state NOT IN ('cancelled', 'replaced') THEN 1 ELSE 0 END),
       SUM(CASE WHEN held = 0 AND state NOT IN ('cancelled', 'replaced') THEN 1 ELSE 0 END),
       MIN(CASE WHEN held = 1 AND state NOT IN ('cancelled', 'replaced') THEN starts_at END),
       MAX(CASE WHEN held = 1 AND state NOT IN ('cancelled', 'replaced') THEN starts_at END)
FROM pair_sessions GROUP BY round_id, group_no;
INSERT INTO rating_tallies (round_id, group_no, user_id, rated_1, rated_2, rated_3, rated_4, rated_5, ratings)
SELECT s.round_id, s.group_no, f.user_id,
       SUM(CASE WHEN f.rating = 1 THEN 1 ELSE 0 END),
       SUM(CASE WHEN f.rating = 2 THEN 1 ELSE 0 END),
       SUM(CASE WHEN f.rating = 3 THEN 1 ELSE 0 END),
       SUM(CASE WHEN f.rating = 4 THEN 1 ELSE 0 END),
       SUM(CASE WHEN f.rating = 5 THEN 1 ELSE 0 END),
       COUNT(*)
FROM session_feedback f JOIN pair_sessions s ON s.id = f.session_id
GROUP BY s.round_id, s.group_no, f.user_id;
