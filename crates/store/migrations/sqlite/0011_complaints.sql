-- Complaints about safety and security staff (LAW.md R1, R8), filed by anyone without an account.
-- The complainant's identity and contact (contact_*) are restricted: only the roles that handle
-- complaints read them, and each such read is written to the audit trail. The tracking code is never
-- stored: only its SHA-256 (code_hash), unique, which is how the tracking page finds the complaint.
-- Dates are 'YYYY-MM-DD' (the district's calendar day); code lists are stored as their keys.

CREATE TABLE complaint_settings (
    district_id BIGINT PRIMARY KEY REFERENCES districts(id),
    acknowledge_school_days BIGINT NOT NULL,
    respond_calendar_days BIGINT NOT NULL,
    -- days without school besides weekends, 'YYYY-MM-DD' separated by ';'
    days_off TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE complaints (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    code_hash TEXT NOT NULL,
    school_year BIGINT NOT NULL,
    school_id BIGINT NOT NULL REFERENCES schools(id),
    -- the staff member from the roster, or 0 when only described
    staff_id BIGINT NOT NULL,
    staff_description TEXT NOT NULL,
    category TEXT NOT NULL,
    what_happened TEXT NOT NULL,
    occurred_on TEXT NOT NULL,
    witnesses TEXT NOT NULL,
    -- restricted: empty when the complaint is anonymous
    contact_name TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    language TEXT NOT NULL,
    send_to_agency BIGINT NOT NULL,
    -- the agency it is routed to (the staff member's, when the complainant asked), or 0
    agency_id BIGINT NOT NULL,
    -- whether the district lets the agency's liaison see the complainant's contact
    share_contact BIGINT NOT NULL,
    status TEXT NOT NULL,
    -- the investigator's user id, or 0
    investigator_id BIGINT NOT NULL,
    received_on TEXT NOT NULL,
    acknowledge_by TEXT NOT NULL,
    respond_by TEXT NOT NULL,
    -- the written response being prepared, sent with the send-response step
    response_draft TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX complaints_by_code ON complaints (code_hash);
CREATE INDEX complaints_by_district ON complaints (district_id, school_year);
CREATE INDEX complaints_by_staff ON complaints (district_id, staff_id);

CREATE TABLE complaint_allegations (
    id INTEGER PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    position BIGINT NOT NULL,
    description TEXT NOT NULL,
    -- a finding key, or '' while undecided
    finding TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (complaint_id, position)
);

CREATE TABLE complaint_notes (
    id INTEGER PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    author TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- every status change: the status history the complaint's page shows
CREATE TABLE complaint_steps (
    id INTEGER PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    step TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    actor TEXT NOT NULL,
    at BIGINT NOT NULL
);

-- written responses as sent: what the tracking page shows
CREATE TABLE complaint_responses (
    id INTEGER PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    body TEXT NOT NULL,
    sent_at BIGINT NOT NULL
);

CREATE TABLE complaint_attachments (
    id INTEGER PRIMARY KEY,
    complaint_id BIGINT NOT NULL REFERENCES complaints(id),
    media_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX complaint_attachments_by_complaint ON complaint_attachments (complaint_id);
