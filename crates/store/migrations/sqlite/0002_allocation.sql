-- Allocation (issue 3): each thought keeps its priority under the allocation policy (lower is offered
-- sooner; a new thought's 0 puts it first) and when it was last keyed, a per-exchange sequence that
-- every re-keying advances, so the stalest priorities can be refreshed a few at a time.
ALTER TABLE thoughts ADD COLUMN priority DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE thoughts ADD COLUMN keyed_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX thoughts_by_priority ON thoughts (exchange_id, status, priority);
CREATE INDEX thoughts_by_keyed_at ON thoughts (exchange_id, keyed_at);
-- Candidates are no longer read least-seen first.
DROP INDEX thoughts_least_seen;
