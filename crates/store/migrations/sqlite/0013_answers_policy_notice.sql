-- no-transaction
-- (SQLite: rebuilding `agreements` below needs foreign keys off, which a transaction cannot switch;
-- the body runs in its own transaction.)
PRAGMA foreign_keys = OFF;
BEGIN;

-- "You said, we did": the district's answers to thoughts and themes of a closed exchange, each with
-- its text per language (a language without a row is "not yet translated"), optionally linked to the
-- agreement section that changed because of it. A thought is named by id (0 for a theme) and its text
-- as picked; themes by their label, since recomputing themes renews their ids.

CREATE TABLE answers (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    exchange_id BIGINT NOT NULL REFERENCES exchanges(id),
    subject_kind TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    subject_text TEXT NOT NULL,
    reason TEXT NOT NULL,
    state TEXT NOT NULL,
    -- the agreement version whose section changed because of it (0: none), and the section's heading
    agreement_version_id BIGINT NOT NULL DEFAULT 0,
    section_heading TEXT NOT NULL DEFAULT '',
    published_at BIGINT,
    created_at BIGINT NOT NULL,
    UNIQUE (exchange_id, subject_kind, subject_id, subject_text)
);
CREATE INDEX answers_by_district ON answers (district_id, state);

CREATE TABLE answer_texts (
    id INTEGER PRIMARY KEY,
    answer_id BIGINT NOT NULL REFERENCES answers(id),
    language TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (answer_id, language)
);

-- The board's policy and procedure (R1) is a versioned document beside the agreements: a row of
-- `agreements` of kind 'board_policy', without agency or school year, whose versions, sections,
-- states and published record are the agreements'. One per district.
CREATE TABLE agreements_new (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    kind TEXT NOT NULL DEFAULT 'agreement',
    agency_id BIGINT REFERENCES agencies(id),
    school_year_id BIGINT REFERENCES school_years(id),
    title TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (agency_id, school_year_id)
);
INSERT INTO agreements_new (id, district_id, agency_id, school_year_id, title, created_at)
    SELECT id, district_id, agency_id, school_year_id, title, created_at FROM agreements;
DROP TABLE agreements;
ALTER TABLE agreements_new RENAME TO agreements;
CREATE INDEX agreements_by_district ON agreements (district_id, agency_id);
CREATE UNIQUE INDEX one_board_policy_per_district ON agreements (district_id)
    WHERE kind = 'board_policy';

-- The yearly notice (R2): when and how each school presented the staff's role to students and sent
-- it to families, per school year. Dates are 'YYYY-MM-DD'.
CREATE TABLE notice_presentations (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    school_id BIGINT NOT NULL REFERENCES schools(id),
    school_year TEXT NOT NULL,
    audience TEXT NOT NULL,
    presented_on TEXT NOT NULL,
    how TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX notice_presentations_by_year ON notice_presentations (district_id, school_year);

COMMIT;
PRAGMA foreign_keys = ON;
