-- Partnership agreements. A program's admins write the template a new pair's draft starts
-- from; each group of a round then keeps its own agreement, which only its members read.
CREATE TABLE agreement_templates (
    program_id      BIGINT PRIMARY KEY REFERENCES programs (id) ON DELETE CASCADE,
    -- Markdown, rendered sanitised: the program's advice above the pair's form.
    guidance        TEXT   NOT NULL DEFAULT '',
    cadence         TEXT   NOT NULL CHECK (cadence IN ('weekly', 'fortnightly', 'monthly')),
    minutes         BIGINT NOT NULL CHECK (minutes BETWEEN 15 AND 180),
    contact         TEXT   NOT NULL DEFAULT '',
    confidentiality TEXT   NOT NULL DEFAULT '',
    review_weeks    BIGINT NOT NULL CHECK (review_weeks BETWEEN 2 AND 26),
    updated_at      BIGINT NOT NULL
);

-- A group's agreement. Every change of its words raises `version`; it is agreed when every
-- member has confirmed the same version, and `agreed_version`/`agreed_at` keep the last
-- version everyone confirmed, so an edit afterwards asks everyone again without losing it.
CREATE TABLE pair_agreements (
    round_id        BIGINT NOT NULL,
    group_no        BIGINT NOT NULL,
    program_id      BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    cadence         TEXT   NOT NULL CHECK (cadence IN ('weekly', 'fortnightly', 'monthly')),
    minutes         BIGINT NOT NULL CHECK (minutes BETWEEN 15 AND 180),
    contact         TEXT   NOT NULL DEFAULT '',
    confidentiality TEXT   NOT NULL DEFAULT '',
    review_weeks    BIGINT NOT NULL CHECK (review_weeks BETWEEN 2 AND 26),
    version         BIGINT NOT NULL,
    updated_by      BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_at      BIGINT NOT NULL,
    agreed_version  BIGINT,
    agreed_at       BIGINT,
    -- The terms everyone confirmed last, as JSON: what the reminders follow meanwhile.
    agreed_terms    TEXT,
    PRIMARY KEY (round_id, group_no),
    FOREIGN KEY (round_id, group_no) REFERENCES round_groups (round_id, group_no) ON DELETE CASCADE
);
CREATE INDEX pair_agreements_program ON pair_agreements (program_id);

-- What each member wants from the partnership, in their own words.
CREATE TABLE pair_agreement_hopes (
    round_id BIGINT NOT NULL,
    group_no BIGINT NOT NULL,
    user_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hopes    TEXT   NOT NULL,
    PRIMARY KEY (round_id, group_no, user_id),
    FOREIGN KEY (round_id, group_no) REFERENCES pair_agreements (round_id, group_no) ON DELETE CASCADE
);

-- The version each member confirmed last, and when.
CREATE TABLE pair_agreement_confirmations (
    round_id     BIGINT NOT NULL,
    group_no     BIGINT NOT NULL,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    version      BIGINT NOT NULL,
    confirmed_at BIGINT NOT NULL,
    PRIMARY KEY (round_id, group_no, user_id),
    FOREIGN KEY (round_id, group_no) REFERENCES pair_agreements (round_id, group_no) ON DELETE CASCADE
);
