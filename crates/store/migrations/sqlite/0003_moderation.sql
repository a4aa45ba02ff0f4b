-- Moderation (issue 3, item 5). A thought's status ('visible', 'held', 'hidden') lives in thoughts.status,
-- and thoughts.body is always the text others may see. Nothing here is ever deleted.

-- The thought as its writer wrote it, and what the screen found in it (JSON: kind, start, end in bytes of
-- written_body). One row for each thought the screen flagged or a facilitator edited; never shown publicly.
CREATE TABLE thought_screenings (
    thought_id BIGINT PRIMARY KEY REFERENCES thoughts(id),
    exchange_id BIGINT NOT NULL REFERENCES exchanges(id),
    written_body TEXT NOT NULL,
    flags TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Participants' reports: one per participant and thought. decision_id is set when a facilitator's
-- decision has dealt with the report, so that only newer reports count toward holding it again.
CREATE TABLE thought_reports (
    id INTEGER PRIMARY KEY,
    exchange_id BIGINT NOT NULL REFERENCES exchanges(id),
    thought_id BIGINT NOT NULL REFERENCES thoughts(id),
    participant_id BIGINT NOT NULL REFERENCES participants(id),
    reason TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    decision_id BIGINT,
    UNIQUE (participant_id, thought_id)
);
CREATE INDEX thought_reports_pending ON thought_reports (exchange_id, decision_id);

-- The moderation audit trail, append-only: who decided what about which thought, why, and the text and
-- status before and after.
CREATE TABLE moderation_decisions (
    id INTEGER PRIMARY KEY,
    exchange_id BIGINT NOT NULL REFERENCES exchanges(id),
    thought_id BIGINT NOT NULL REFERENCES thoughts(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    decision TEXT NOT NULL,
    reason TEXT NOT NULL,
    status_before TEXT NOT NULL,
    status_after TEXT NOT NULL,
    body_before TEXT NOT NULL,
    body_after TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX moderation_decisions_by_exchange ON moderation_decisions (exchange_id, id);

-- Someone may be at risk (a self-harm signal in a thought, or a report of one): the facilitators are
-- alerted on their pages at once; notified_at stays NULL until the alert has also been emailed, and
-- decision_id is set by the first decision on the thought after the alert.
CREATE TABLE moderation_alerts (
    id INTEGER PRIMARY KEY,
    exchange_id BIGINT NOT NULL REFERENCES exchanges(id),
    thought_id BIGINT NOT NULL REFERENCES thoughts(id),
    source TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    notified_at BIGINT,
    decision_id BIGINT
);
CREATE INDEX moderation_alerts_by_exchange ON moderation_alerts (exchange_id, id);
