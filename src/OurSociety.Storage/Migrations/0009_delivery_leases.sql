-- Deliveries are claimed with a lease, like work items (0008): a worker takes due deliveries until lease_until, so no
-- other worker sends them meanwhile, and a crashed worker's deliveries are sent again once their lease runs out.
-- Every outcome (delivered, retry, failed) clears the lease. Portable SQL only (STYLE §3).
-- The claim still finds due deliveries through ix_delivery_due (next_attempt_at WHERE state = 'pending'); the lease
-- is checked on the rows it finds, of which only those in flight have one.

ALTER TABLE delivery ADD COLUMN lease_owner TEXT NULL;   -- the process sending it, until lease_until
ALTER TABLE delivery ADD COLUMN lease_until TEXT NULL;
