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
