-- "Does anyone here follow this actor?" is asked for every post that arrives (is it wanted here?), and the home
-- timeline looks up who a member follows: both by the remote actor, which no index led with.
CREATE INDEX ix_follow_remote ON follow (remote_actor, direction, state);
