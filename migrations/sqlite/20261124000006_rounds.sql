-- Matching rounds. A program admin drafts a round (the engine's result), adjusts it with
-- locked and forbidden pairs, and publishes it; published rounds are the history later rounds
-- avoid repeating.
CREATE TABLE match_rounds (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    program_id   BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    number       BIGINT NOT NULL,
    state        TEXT   NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'published')),
    seed         BIGINT NOT NULL,
    total_score  BIGINT NOT NULL,
    upper_bound  BIGINT NOT NULL,
    exact_optimum BIGINT NOT NULL,
    -- The round's figures and who was left unmatched and why, as JSON.
    quality      TEXT   NOT NULL,
    unmatched    TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    published_at BIGINT,
    UNIQUE (program_id, number)
);

CREATE TABLE round_groups (
    round_id  BIGINT NOT NULL REFERENCES match_rounds (id) ON DELETE CASCADE,
    group_no  BIGINT NOT NULL,
    mentor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    score     BIGINT NOT NULL,
    locked    BIGINT NOT NULL DEFAULT 0,
    -- Every pair of the group with its score explained, as JSON.
    pairs     TEXT   NOT NULL,
    PRIMARY KEY (round_id, group_no)
);

CREATE TABLE round_members (
    round_id BIGINT NOT NULL,
    group_no BIGINT NOT NULL,
    user_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (round_id, group_no, user_id),
    FOREIGN KEY (round_id, group_no) REFERENCES round_groups (round_id, group_no) ON DELETE CASCADE
);
CREATE INDEX round_members_user ON round_members (user_id);

-- An admin's adjustments to a draft: pairs to keep together or apart when it is re-run.
CREATE TABLE round_rules (
    round_id BIGINT NOT NULL REFERENCES match_rounds (id) ON DELETE CASCADE,
    a        BIGINT NOT NULL,
    b        BIGINT NOT NULL,
    kind     TEXT   NOT NULL CHECK (kind IN ('lock', 'forbid')),
    PRIMARY KEY (round_id, a, b)
);
