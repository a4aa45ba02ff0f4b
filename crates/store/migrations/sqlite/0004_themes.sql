-- Themes of an exchange's thoughts, and the facilitator's edits that every recomputation re-applies.

-- How an exchange's themes are computed: the number the facilitator asked for (NULL: chosen
-- automatically) and when they were last computed.
CREATE TABLE theme_settings (
    exchange_id BIGINT PRIMARY KEY REFERENCES exchanges(id),
    theme_count BIGINT,
    computed_at BIGINT
);

-- The themes as last computed, edits applied; replaced as a whole on each computation. Ids are never
-- reused (AUTOINCREMENT), so a form naming a theme from before a recomputation cannot hit another one.
CREATE TABLE themes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    exchange_id BIGINT NOT NULL REFERENCES exchanges(id),
    position BIGINT NOT NULL,
    label TEXT NOT NULL,
    -- its most distinctive words, one per line
    terms TEXT NOT NULL
);
CREATE INDEX themes_by_exchange ON themes (exchange_id, position);

-- Which theme each thought is in; a thought is in one theme at most.
CREATE TABLE theme_members (
    thought_id BIGINT PRIMARY KEY REFERENCES thoughts(id),
    theme_id BIGINT NOT NULL REFERENCES themes(id),
    exchange_id BIGINT NOT NULL REFERENCES exchanges(id),
    -- 1 for the theme's most representative thought, 2 for the next, ...; NULL for the others
    representative BIGINT
);
CREATE INDEX theme_members_by_exchange ON theme_members (exchange_id, theme_id);

-- The facilitator's edits (rename, merge, split, move) in the order made; each is JSON naming themes
-- by their thoughts, so that it still applies after a recomputation. Never deleted: also the record
-- of who shaped the themes.
CREATE TABLE theme_edits (
    id INTEGER PRIMARY KEY,
    exchange_id BIGINT NOT NULL REFERENCES exchanges(id),
    edit TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX theme_edits_by_exchange ON theme_edits (exchange_id, id);
