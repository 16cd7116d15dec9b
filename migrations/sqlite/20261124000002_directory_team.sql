-- The org directory import carries each person's team as well as their department.
ALTER TABLE users ADD COLUMN team TEXT NOT NULL DEFAULT '';
