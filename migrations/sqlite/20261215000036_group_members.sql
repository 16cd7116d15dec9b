-- Insights read every group of a period with its members. Gathering them from round_members
-- on each view cost a lookup per group (on PostgreSQL 64 of the 175 ms the benchmark's
-- organisation spent on its groups), so each group keeps its members' ids here, ascending and
-- separated by commas. Triggers keep the list equal to round_members on every write path (a
-- round published, a person moved to another group, an account erased), whatever code
-- writes them.
ALTER TABLE round_groups ADD COLUMN members TEXT NOT NULL DEFAULT '';

-- Writing a (round, group) here lists that group's members again: one body for the triggers.
CREATE VIEW group_members_refresh AS SELECT round_id, group_no FROM round_groups WHERE 0;
CREATE TRIGGER group_members_refresh INSTEAD OF INSERT ON group_members_refresh BEGIN
    UPDATE round_groups SET members = COALESCE(
        (SELECT string_agg(CAST(user_id AS TEXT), ',' ORDER BY user_id) FROM round_members
         WHERE round_id = NEW.round_id AND group_no = NEW.group_no), '')
    WHERE round_id = NEW.round_id AND group_no = NEW.group_no;
END;

CREATE TRIGGER round_members_list_insert AFTER INSERT ON round_members BEGIN
    INSERT INTO group_members_refresh VALUES (NEW.round_id, NEW.group_no);
END;
CREATE TRIGGER round_members_list_update AFTER UPDATE ON round_members BEGIN
    INSERT INTO group_members_refresh VALUES (OLD.round_id, OLD.group_no);
    INSERT INTO group_members_refresh SELECT NEW.round_id, NEW.group_no
    WHERE NEW.round_id <> OLD.round_id OR NEW.group_no <> OLD.group_no;
END;
CREATE TRIGGER round_members_list_delete AFTER DELETE ON round_members BEGIN
    INSERT INTO group_members_refresh VALUES (OLD.round_id, OLD.group_no);
END;

-- What is already there.
UPDATE round_groups SET members = COALESCE(
    (SELECT string_agg(CAST(m.user_id AS TEXT), ',' ORDER BY m.user_id) FROM round_members m
     WHERE m.round_id = round_groups.round_id AND m.group_no = round_groups.group_no), '');
