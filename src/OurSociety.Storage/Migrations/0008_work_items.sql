-- The durable work queue (issue 10): every flow's background work, written in the transaction of the change that
-- causes it. A row is deleted when its work is done; one that failed for good stays as 'dead', with its error, until
-- an admin retries it. Portable SQL only (STYLE §3).

CREATE TABLE work_item (
    id TEXT PRIMARY KEY,                 -- UUIDv7, increasing in the order items were added: the order of a partition
    kind TEXT NOT NULL,                  -- which handler runs it
    payload TEXT NOT NULL,               -- JSON for the handler
    partition_key TEXT NULL,             -- items with the same key run one at a time, in id order; NULL: no order
    state TEXT NOT NULL,                 -- 'pending' (waiting, running or waiting for a retry) or 'dead'
    run_at TEXT NOT NULL,                -- not before this
    attempts BIGINT NOT NULL,            -- times claimed; a claim is (lease_owner, attempts)
    lease_owner TEXT NULL,               -- the process running it, until lease_until; after that anyone may claim it
    lease_until TEXT NULL,
    last_error TEXT NULL,
    created_at TEXT NOT NULL,
    dead_at TEXT NULL
);

-- The claim: pending items by due time (and the pending list, in the order they run).
CREATE INDEX ix_work_item_state_run_at ON work_item (state, run_at, id);
-- "Is an earlier item of this partition still pending?", asked for every candidate of a claim.
CREATE INDEX ix_work_item_partition ON work_item (partition_key, state, id) WHERE partition_key IS NOT NULL;
-- The dead list, newest first.
CREATE INDEX ix_work_item_dead ON work_item (dead_at, id) WHERE state = 'dead';
