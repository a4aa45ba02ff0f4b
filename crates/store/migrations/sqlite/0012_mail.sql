-- Outgoing mail and the public's subscriptions (issue 7, "staying in touch").
--
-- `mail_outbox` is the queue that survives a restart: a message is written here, in the request that
-- causes it, and a background sender delivers it by SMTP. One message per event and address, ever
-- (the unique index), so a retried request or a second server never sends it twice. `next_attempt_at`
-- is both the retry time and the sender's lease: claiming a message moves it a few minutes ahead, so a
-- server that dies while sending leaves it due again instead of lost. `unsubscribe_url` is '' for mail
-- that is not a subscription's (a complaint's receipt).
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    event_key TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    unsubscribe_url TEXT NOT NULL DEFAULT '',
    -- queued, sent, failed (given up after the last attempt, or refused for good by the server), or
    -- cancelled (a subscription's message whose subscriber unsubscribed before it went out)
    status TEXT NOT NULL DEFAULT 'queued',
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    sent_at BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX mail_outbox_once_per_event_and_address ON mail_outbox (event_key, recipient);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);

-- One row per district and address. Double opt-in: a subscribe request stores what was asked for as
-- `pending_*` with the hash of a confirmation token (never the token); only the confirmation makes it
-- the subscription, so nothing is sent to an address that did not confirm, and nobody can change a
-- confirmed subscription by typing its address. `unsubscribe_token` is kept as it is, because every
-- message must carry it and all it can do is stop the messages. Times are Unix seconds, 0 for never.
-- Addresses are personal data: no page, export or audit entry shows them.
CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    email TEXT NOT NULL,
    -- 'en' or 'es' (a language code of the web edge), and comma-separated topic keys
    language TEXT NOT NULL DEFAULT '',
    topics TEXT NOT NULL DEFAULT '',
    pending_language TEXT NOT NULL,
    pending_topics TEXT NOT NULL,
    confirmation_hash TEXT NOT NULL,
    confirmation_sent_at BIGINT NOT NULL,
    confirmed_at BIGINT NOT NULL DEFAULT 0,
    unsubscribe_token TEXT NOT NULL,
    unsubscribed_at BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    UNIQUE (district_id, email)
);
CREATE UNIQUE INDEX subscriptions_by_confirmation ON subscriptions (confirmation_hash);
CREATE UNIQUE INDEX subscriptions_by_unsubscribe_token ON subscriptions (unsubscribe_token);
