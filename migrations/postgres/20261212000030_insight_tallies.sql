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

-- Sums one group again. Two transactions writing sessions of one group at once must not each
-- sum without the other's row and leave the later, short sum. So the tally row is claimed
-- first (the insert waits for a transaction that wrote it to end; FOR UPDATE then holds it),
-- and the sum that follows takes a fresh snapshot (each statement of a VOLATILE function does
-- under READ COMMITTED), so it sees whatever the row's previous writer committed.
CREATE FUNCTION group_tally_refresh(r BIGINT, g BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO group_tallies (round_id, group_no) VALUES (r, g) ON CONFLICT DO NOTHING;
    PERFORM 1 FROM group_tallies WHERE round_id = r AND group_no = g FOR UPDATE;
    UPDATE group_tallies t SET
        sessions = a.sessions, held = a.held, not_held = a.not_held,
        first_held = a.first_held, last_held = a.last_held
    FROM (SELECT COUNT(*) AS sessions,
                 COUNT(*) FILTER (WHERE held = 1 AND state NOT IN ('cancelled', 'replaced')) AS held,
                 COUNT(*) FILTER (WHERE held = 0 AND state NOT IN ('cancelled', 'replaced')) AS not_held,
                 MIN(starts_at) FILTER (WHERE held = 1 AND state NOT IN ('cancelled', 'replaced')) AS first_held,
                 MAX(starts_at) FILTER (WHERE held = 1 AND state NOT IN ('cancelled', 'replaced')) AS last_held
          FROM pair_sessions WHERE round_id = r AND group_no = g) a
    WHERE t.round_id = r AND t.group_no = g;
    DELETE FROM group_tallies WHERE round_id = r AND group_no = g AND sessions = 0;
END $$;

CREATE FUNCTION rating_tally_refresh(r BIGINT, g BIGINT, u BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rating_tallies (round_id, group_no, user_id) VALUES (r, g, u) ON CONFLICT DO NOTHING;
    PERFORM 1 FROM rating_tallies WHERE round_id = r AND group_no = g AND user_id = u FOR UPDATE;
    UPDATE rating_tallies t SET
        rated_1 = a.rated_1, rated_2 = a.rated_2, rated_3 = a.rated_3,
        rated_4 = a.rated_4, rated_5 = a.rated_5, ratings = a.ratings
    FROM (SELECT COUNT(*) FILTER (WHERE f.rating = 1) AS rated_1,
                 COUNT(*) FILTER (WHERE f.rating = 2) AS rated_2,
                 COUNT(*) FILTER (WHERE f.rating = 3) AS rated_3,
                 COUNT(*) FILTER (WHERE f.rating = 4) AS rated_4,
                 COUNT(*) FILTER (WHERE f.rating = 5) AS rated_5,
                 COUNT(*) AS ratings
          FROM pair_sessions s
          JOIN session_feedback f ON f.session_id = s.id AND f.user_id = u
          WHERE s.round_id = r AND s.group_no = g) a
    WHERE t.round_id = r AND t.group_no = g AND t.user_id = u;
    DELETE FROM rating_tallies
    WHERE round_id = r AND group_no = g AND user_id = u AND ratings = 0;
END $$;

CREATE FUNCTION pair_sessions_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM group_tally_refresh(NEW.round_id, NEW.group_no);
        RETURN NULL;
    END IF;
    PERFORM group_tally_refresh(OLD.round_id, OLD.group_no);
    IF TG_OP = 'DELETE' THEN
        -- The session's ratings cascade after this row is gone, when their own trigger can no
        -- longer find the group, so the group's raters are summed again here.
        PERFORM rating_tally_refresh(t.round_id, t.group_no, t.user_id) FROM rating_tallies t
        WHERE t.round_id = OLD.round_id AND t.group_no = OLD.group_no;
    ELSIF NEW.round_id <> OLD.round_id OR NEW.group_no <> OLD.group_no THEN
        -- A session moved to another group takes its ratings along.
        PERFORM group_tally_refresh(NEW.round_id, NEW.group_no);
        PERFORM rating_tally_refresh(OLD.round_id, OLD.group_no, f.user_id),
                rating_tally_refresh(NEW.round_id, NEW.group_no, f.user_id)
        FROM session_feedback f WHERE f.session_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER pair_sessions_tally_insert AFTER INSERT ON pair_sessions
    FOR EACH ROW EXECUTE FUNCTION pair_sessions_tally();
CREATE TRIGGER pair_sessions_tally_update
    AFTER UPDATE OF round_id, group_no, state, held, starts_at ON pair_sessions
    FOR EACH ROW EXECUTE FUNCTION pair_sessions_tally();
CREATE TRIGGER pair_sessions_tally_delete AFTER DELETE ON pair_sessions
    FOR EACH ROW EXECUTE FUNCTION pair_sessions_tally();

CREATE FUNCTION session_feedback_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM rating_tally_refresh(s.round_id, s.group_no, OLD.user_id)
        FROM pair_sessions s WHERE s.id = OLD.session_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM rating_tally_refresh(s.round_id, s.group_no, NEW.user_id)
        FROM pair_sessions s WHERE s.id = NEW.session_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER session_feedback_tally AFTER INSERT OR UPDATE OR DELETE ON session_feedback
    FOR EACH ROW EXECUTE FUNCTION session_feedback_tally();

-- What is already there.
INSERT INTO group_tallies (round_id, group_no, sessions, held, not_held, first_held, last_held)
SELECT round_id, group_no, COUNT(*),
       COUNT(*) FILTER (WHERE held = 1 AND state NOT IN ('cancelled', 'replaced')),
       COUNT(*) FILTER (WHERE held = 0 AND state NOT IN ('cancelled', 'replaced')),
       MIN(starts_at) FILTER (WHERE held = 1 AND state NOT IN ('cancelled', 'replaced')),
       MAX(starts_at) FILTER (WHERE held = 1 AND state NOT IN ('cancelled', 'replaced'))
FROM pair_sessions GROUP BY round_id, group_no;
INSERT INTO rating_tallies (round_id, group_no, user_id, rated_1, rated_2, rated_3, rated_4, rated_5, ratings)
SELECT s.round_id, s.group_no, f.user_id,
       COUNT(*) FILTER (WHERE f.rating = 1), COUNT(*) FILTER (WHERE f.rating = 2),
       COUNT(*) FILTER (WHERE f.rating = 3), COUNT(*) FILTER (WHERE f.rating = 4),
       COUNT(*) FILTER (WHERE f.rating = 5), COUNT(*)
FROM session_feedback f JOIN pair_sessions s ON s.id = f.session_id
GROUP BY s.round_id, s.group_no, f.user_id;
