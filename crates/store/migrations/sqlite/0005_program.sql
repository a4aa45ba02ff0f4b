-- The program's record: agencies, staff, their assignments to schools, the training catalogue and each
-- person's training, plans, evidence files, and the append-only audit trail of every change.
-- Calendar dates are TEXT 'YYYY-MM-DD' (they sort and compare as dates on both backends); instants are
-- Unix seconds. Every row carries its district so that nobody reads across districts.

CREATE TABLE agencies (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (district_id, name)
);

-- An agency liaison's agency: they see that agency's people only.
CREATE TABLE user_agencies (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    agency_id BIGINT NOT NULL REFERENCES agencies(id)
);

-- School years, for the yearly agreements and reports that hang off agencies and schools.
CREATE TABLE school_years (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    label TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    UNIQUE (district_id, label)
);

CREATE TABLE staff_members (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    -- the employer's badge or employee number: how imports find the person again
    staff_number TEXT NOT NULL,
    name TEXT NOT NULL,
    staff_type TEXT NOT NULL,
    -- known from before accord; otherwise the earliest assignment's start counts
    first_day_on_site TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (agency_id, staff_number)
);
CREATE INDEX staff_by_district ON staff_members (district_id, agency_id);

CREATE TABLE assignments (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    staff_id BIGINT NOT NULL REFERENCES staff_members(id),
    school_id BIGINT NOT NULL REFERENCES schools(id),
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    days_per_week BIGINT NOT NULL CHECK (days_per_week BETWEEN 1 AND 5),
    created_at BIGINT NOT NULL
);
CREATE INDEX assignments_by_staff ON assignments (staff_id, starts_on);
CREATE INDEX assignments_by_school ON assignments (school_id, starts_on);

-- The district's training catalogue (seeded with Washington's series; a district may change it).
CREATE TABLE training_requirements (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    required_units BIGINT NOT NULL,
    deadline_months BIGINT NOT NULL,
    -- comma-separated staff types it applies to
    staff_types TEXT NOT NULL,
    position BIGINT NOT NULL,
    UNIQUE (district_id, code)
);

CREATE TABLE evidence_files (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    media_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE training_records (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    staff_id BIGINT NOT NULL REFERENCES staff_members(id),
    requirement_id BIGINT NOT NULL REFERENCES training_requirements(id),
    completed_on TEXT NOT NULL,
    provider TEXT NOT NULL,
    hours DOUBLE PRECISION NOT NULL DEFAULT 0,
    units BIGINT NOT NULL DEFAULT 1,
    evidence_id BIGINT REFERENCES evidence_files(id),
    verified_by BIGINT REFERENCES users(id),
    verified_at BIGINT,
    waived BIGINT NOT NULL DEFAULT 0,
    waiver_reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (staff_id, requirement_id, completed_on, provider)
);
CREATE INDEX training_by_staff ON training_records (staff_id);

-- A plan to complete the training, approved by the district.
CREATE TABLE training_plans (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    staff_id BIGINT NOT NULL UNIQUE REFERENCES staff_members(id),
    complete_by TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    approved_by BIGINT REFERENCES users(id),
    approved_at BIGINT,
    created_at BIGINT NOT NULL
);

-- Every change to the records above: who, when, and the row before and after (JSON). Written in the
-- same transaction as the change; the triggers refuse any edit or deletion.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    user_id BIGINT REFERENCES users(id),
    actor TEXT NOT NULL,
    at BIGINT NOT NULL,
    table_name TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_by_record ON audit_log (table_name, record_id, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
