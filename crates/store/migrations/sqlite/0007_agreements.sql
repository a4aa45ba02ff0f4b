-- Each agency's yearly agreement (R6) and the community process behind it: versions that move from
-- draft to published (sections as JSON: heading, body, the required contents each covers), the
-- exchanges linked to it, and the comments that shaped it. Listening sessions are linked by
-- 0008_agreement_sessions. Calendar dates are TEXT 'YYYY-MM-DD'; instants Unix seconds.

CREATE TABLE agreements (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    school_year_id BIGINT NOT NULL REFERENCES school_years(id),
    title TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (agency_id, school_year_id)
);
CREATE INDEX agreements_by_district ON agreements (district_id, agency_id);

CREATE TABLE agreement_versions (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    agreement_id BIGINT NOT NULL REFERENCES agreements(id),
    number BIGINT NOT NULL,
    state TEXT NOT NULL,
    sections TEXT NOT NULL,
    adopted_on TEXT,
    submitted_on TEXT,
    published_at BIGINT,
    created_at BIGINT NOT NULL,
    UNIQUE (agreement_id, number)
);

-- A published version is the permanent public record: the database refuses to change or remove it.
CREATE TRIGGER published_agreement_no_update BEFORE UPDATE ON agreement_versions
WHEN OLD.published_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a published agreement never changes');
END;
CREATE TRIGGER published_agreement_no_delete BEFORE DELETE ON agreement_versions
WHEN OLD.published_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a published agreement never changes');
END;

CREATE TABLE agreement_exchanges (
    agreement_id BIGINT NOT NULL REFERENCES agreements(id),
    exchange_id BIGINT NOT NULL REFERENCES exchanges(id),
    linked_at BIGINT NOT NULL,
    PRIMARY KEY (agreement_id, exchange_id)
);

CREATE TABLE agreement_comments (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    agreement_id BIGINT NOT NULL REFERENCES agreements(id),
    -- who or where it came from: "PTA letter", "email from a parent", "student council"
    source TEXT NOT NULL,
    body TEXT NOT NULL,
    received_on TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX agreement_comments_by_agreement ON agreement_comments (agreement_id, received_on);
