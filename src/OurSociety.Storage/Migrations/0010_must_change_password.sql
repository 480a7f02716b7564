-- A one-time password an admin printed (admin create-user without --password-stdin, admin reset-password) opens one
-- door only: the next sign-in with it leads straight to choosing a new password, and nothing else works until then.
-- 1 while the member's password is such a one-time password.
ALTER TABLE member ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;
