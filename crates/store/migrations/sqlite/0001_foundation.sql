-- accord's foundation: districts, staff accounts and sessions, and the community exchange.
-- Times are Unix seconds (BIGINT) so that both backends store and compare them the same way.

CREATE TABLE districts (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE schools (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    name TEXT NOT NULL,
    UNIQUE (district_id, name)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);

CREATE TABLE exchanges (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    title TEXT NOT NULL,
    question TEXT NOT NULL,
    context TEXT NOT NULL DEFAULT '',
    groups TEXT NOT NULL,
    invitation_code TEXT,
    results_public BIGINT NOT NULL DEFAULT 1,
    state TEXT NOT NULL DEFAULT 'draft',
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    opened_at BIGINT,
    closed_at BIGINT,
    published_at BIGINT
);
CREATE INDEX exchanges_by_district ON exchanges (district_id, state);

CREATE TABLE participants (
    id INTEGER PRIMARY KEY,
    exchange_id BIGINT NOT NULL REFERENCES exchanges(id),
    token_hash TEXT NOT NULL UNIQUE,
    grp TEXT,
    created_at BIGINT NOT NULL,
    -- touched by every rating so that one participant's ratings are written one after another
    last_active_at BIGINT NOT NULL
);
CREATE INDEX participants_by_exchange ON participants (exchange_id, grp);

-- A thought keeps running aggregates of its ratings so that results never rescan the ratings.
CREATE TABLE thoughts (
    id INTEGER PRIMARY KEY,
    exchange_id BIGINT NOT NULL REFERENCES exchanges(id),
    participant_id BIGINT REFERENCES participants(id),
    body TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'visible',
    created_at BIGINT NOT NULL,
    rating_count BIGINT NOT NULL DEFAULT 0,
    star_sum BIGINT NOT NULL DEFAULT 0,
    star_sum_squares BIGINT NOT NULL DEFAULT 0,
    skip_count BIGINT NOT NULL DEFAULT 0,
    -- ratings plus skips: how often the thought has been shown, which allocation balances
    view_count BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX thoughts_least_seen ON thoughts (exchange_id, status, view_count);
CREATE INDEX thoughts_by_participant ON thoughts (participant_id);

-- One row per participant and thought: stars 1-5, or NULL for a skip. A second rating replaces the first.
CREATE TABLE ratings (
    participant_id BIGINT NOT NULL REFERENCES participants(id),
    thought_id BIGINT NOT NULL REFERENCES thoughts(id),
    stars BIGINT CHECK (stars BETWEEN 1 AND 5),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (participant_id, thought_id)
);

-- The same aggregates per rater group ('' = no group given), for each group's view of the ranking.
CREATE TABLE thought_group_tallies (
    exchange_id BIGINT NOT NULL REFERENCES exchanges(id),
    thought_id BIGINT NOT NULL REFERENCES thoughts(id),
    grp TEXT NOT NULL,
    rating_count BIGINT NOT NULL DEFAULT 0,
    star_sum BIGINT NOT NULL DEFAULT 0,
    star_sum_squares BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (thought_id, grp)
);
CREATE INDEX group_tallies_by_exchange ON thought_group_tallies (exchange_id, grp);
