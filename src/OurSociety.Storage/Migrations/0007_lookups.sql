-- Indexes for questions issue 5 asks often.
-- "Does anyone here follow this actor?" is asked for every post that arrives (is it wanted here?), and the home
-- timeline looks up who a member follows: both by the remote actor, which no index led with.
CREATE INDEX ix_follow_remote ON follow (remote_actor, direction, state);

-- Outboxes leave out what was deleted or taken back since: looked up by the object an activity is about.
CREATE INDEX ix_outbox_activity_object ON outbox_activity (object_id, type);
