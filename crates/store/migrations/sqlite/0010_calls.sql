-- Calls for law-enforcement service at schools, each student's part in them, and the district's
-- offense types (a code list as data: LAW.md's defaults until the district stores its own).
-- Student records (FERPA): only the roles that keep them read these tables, and each read of a call's
-- students is written to the audit trail. Code lists are stored as their keys; a student's races and
-- outcomes as keys separated by ';' (the domain parses them back).

CREATE TABLE offense_types (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    position BIGINT NOT NULL,
    UNIQUE (district_id, code)
);

CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    -- the agency's or student system's id for the call: how a re-import finds it again
    call_key TEXT NOT NULL,
    -- the year the school year starts in
    school_year BIGINT NOT NULL,
    school_id BIGINT NOT NULL REFERENCES schools(id),
    -- local 'YYYY-MM-DDTHH:MM' (restricted)
    occurred_at TEXT NOT NULL,
    requester TEXT NOT NULL,
    reason TEXT NOT NULL,
    offense TEXT NOT NULL,
    weapon TEXT NOT NULL,
    school_related BIGINT NOT NULL,
    agency_case_number TEXT NOT NULL,
    cedars_incident_id TEXT NOT NULL,
    -- restricted, never public
    narrative TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (district_id, call_key)
);
CREATE INDEX calls_by_year ON calls (district_id, school_year);

CREATE TABLE call_staff (
    call_id BIGINT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
    staff_id BIGINT NOT NULL REFERENCES staff_members(id),
    PRIMARY KEY (call_id, staff_id)
);

CREATE TABLE call_students (
    id INTEGER PRIMARY KEY,
    call_id BIGINT NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    protected_id TEXT NOT NULL,
    role TEXT NOT NULL,
    age BIGINT NOT NULL,
    grade TEXT NOT NULL,
    gender TEXT NOT NULL,
    hispanic BIGINT NOT NULL,
    races TEXT NOT NULL,
    iep BIGINT NOT NULL,
    section_504 BIGINT NOT NULL,
    english_learner BIGINT NOT NULL,
    outcomes TEXT NOT NULL,
    UNIQUE (call_id, position)
);
