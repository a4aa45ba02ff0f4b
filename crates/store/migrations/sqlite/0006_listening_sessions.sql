-- Listening sessions: scheduled meetings (at a place or online) where the community talks with the
-- district, the public's sign-ups (no account; personal data seen by program admins only), attendance,
-- the staff's notes, the public summary, and the themes each session raised, in order.
-- Instants are Unix seconds; `time_zone` (a domain `TimeZone` key) says how they read on the wall clock.
-- Languages and interpretation are comma-separated labels as the district names them ("ASL").

CREATE TABLE listening_sessions (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    school_id BIGINT REFERENCES schools(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    time_zone TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    online_url TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL,
    interpretation TEXT NOT NULL DEFAULT '',
    capacity BIGINT NOT NULL CHECK (capacity >= 1),
    -- staff only
    notes TEXT NOT NULL DEFAULT '',
    -- public, once the session has been held
    summary TEXT NOT NULL DEFAULT '',
    cancelled BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX listening_sessions_by_start ON listening_sessions (district_id, starts_at);

CREATE TABLE listening_sign_ups (
    id INTEGER PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES listening_sessions(id),
    name TEXT NOT NULL,
    -- an email address or a phone number, or empty
    contact TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    needs_interpretation BIGINT NOT NULL DEFAULT 0,
    party_size BIGINT NOT NULL CHECK (party_size >= 1),
    attended BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX listening_sign_ups_by_session ON listening_sign_ups (session_id, id);

CREATE TABLE listening_session_themes (
    id INTEGER PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES listening_sessions(id),
    position BIGINT NOT NULL,
    label TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    UNIQUE (session_id, position)
);
