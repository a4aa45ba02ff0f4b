-- The public program page: what the district writes for it (each part in each language) and its
-- choices. Everything else on the page is read from the program's records.

CREATE TABLE program_page_texts (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL REFERENCES districts(id),
    part TEXT NOT NULL,
    language TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (district_id, part, language)
);

CREATE TABLE program_page_settings (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL UNIQUE REFERENCES districts(id),
    show_staff_names BIGINT NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL
);

-- A requirement the district no longer asks for stays with the records that name it, but leaves the
-- series: the rules and the public page read only requirements that are not retired.
ALTER TABLE training_requirements ADD COLUMN retired BIGINT NOT NULL DEFAULT 0;
