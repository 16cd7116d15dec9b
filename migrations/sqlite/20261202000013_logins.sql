-- Sign-in records are "logins" in every layer; "sessions" are the meetings pairs plan.
ALTER TABLE sessions RENAME TO logins;
