-- The listening sessions that shaped an agreement (issue 4, items 4 and 5). Waits here until
-- 0006_listening_sessions is merged; then it moves to migrations/ unchanged.

CREATE TABLE agreement_sessions (
    agreement_id BIGINT NOT NULL REFERENCES agreements(id),
    session_id BIGINT NOT NULL REFERENCES listening_sessions(id),
    linked_at BIGINT NOT NULL,
    PRIMARY KEY (agreement_id, session_id)
);
