-- Insights read every group of a period with its members. Gathering them from round_members
-- on each view cost a lookup per group (64 of the 175 ms the benchmark's organisation spent on
-- its groups), so each group keeps its members' ids here, ascending and separated by commas.
-- Triggers keep the list equal to round_members on every write path (a round published, a
-- person moved to another group, an account erased), whatever code writes them.
ALTER TABLE round_groups ADD COLUMN members TEXT NOT NULL DEFAULT '';

-- Lists one group's members again. Two transactions writing members of one group at once must
-- not each list without the other's row, so the group's row is locked first and the list that
-- follows takes a fresh snapshot (each statement of a VOLATILE function does under READ
-- COMMITTED), as the tallies do.
CREATE FUNCTION group_members_refresh(r BIGINT, g BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM round_groups WHERE round_id = r AND group_no = g FOR UPDATE;
    UPDATE round_groups SET members = COALESCE(
        (SELECT string_agg(CAST(user_id AS TEXT), ',' ORDER BY user_id) FROM round_members
         WHERE round_id = r AND group_no = g), '')
    WHERE round_id = r AND group_no = g;
END $$;

CREATE FUNCTION round_members_list() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM group_members_refresh(OLD.round_id, OLD.group_no);
    END IF;
    IF TG_OP = 'INSERT'
       OR (TG_OP = 'UPDATE' AND (NEW.round_id <> OLD.round_id OR NEW.group_no <> OLD.group_no)) THEN
        PERFORM group_members_refresh(NEW.round_id, NEW.group_no);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER round_members_list AFTER INSERT OR UPDATE OR DELETE ON round_members
    FOR EACH ROW EXECUTE FUNCTION round_members_list();

-- What is already there.
UPDATE round_groups g SET members = COALESCE(
    (SELECT string_agg(CAST(m.user_id AS TEXT), ',' ORDER BY m.user_id) FROM round_members m
     WHERE m.round_id = g.round_id AND m.group_no = g.group_no), '');
