-- Goal boards. A goal belongs to its owner within a program and outlives matching rounds.
-- Metric values are thousandths (BIGINT), exact on both databases. `last_value` and
-- `last_check_in_at` repeat the newest check-in so a board of hundreds of goals is one scan.
CREATE TABLE goals (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id         BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    program_id       BIGINT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    title            TEXT   NOT NULL,
    why              TEXT   NOT NULL DEFAULT '',
    category         TEXT   NOT NULL CHECK (category IN ('skill', 'career', 'project', 'wellbeing', 'other')),
    due_on           TEXT,
    measure          TEXT   NOT NULL CHECK (measure IN ('metric', 'milestones')),
    unit             TEXT   NOT NULL DEFAULT '',
    baseline         BIGINT,
    target           BIGINT,
    direction        TEXT   CHECK (direction IN ('up', 'down')),
    visibility       TEXT   NOT NULL CHECK (visibility IN ('private', 'match', 'match_admins')),
    status           TEXT   NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'achieved', 'dropped')),
    position         BIGINT NOT NULL,
    last_value       BIGINT,
    last_check_in_at BIGINT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    CHECK (measure = 'milestones' OR (baseline IS NOT NULL AND target IS NOT NULL AND direction IS NOT NULL))
);
CREATE INDEX goals_owner ON goals (owner_id, program_id, status, position);
CREATE INDEX goals_program ON goals (program_id, visibility);

CREATE TABLE goal_milestones (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    goal_id  BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    title    TEXT   NOT NULL,
    done     BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX goal_milestones_goal ON goal_milestones (goal_id, position);

-- A check-in: the value measured (for milestone goals, how many were ticked), a note and
-- how confident the owner feels, on the day it records.
CREATE TABLE check_ins (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    goal_id    BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    value      BIGINT NOT NULL,
    note       TEXT   NOT NULL DEFAULT '',
    confidence BIGINT NOT NULL CHECK (confidence BETWEEN 1 AND 5),
    checked_on TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX check_ins_goal ON check_ins (goal_id, checked_on);

-- Comments partners leave on a goal shared with them.
CREATE TABLE goal_comments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    goal_id    BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    author_id  BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body       TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX goal_comments_goal ON goal_comments (goal_id, created_at);
