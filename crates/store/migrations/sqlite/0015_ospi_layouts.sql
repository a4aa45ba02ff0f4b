-- The district's layout of its yearly packet for OSPI (R9: OSPI's format, which no law fixes): TOML
-- as the district wrote it (domain::ospi checks it before it is stored). No row: the default layout.
CREATE TABLE ospi_layouts (
    id INTEGER PRIMARY KEY,
    district_id BIGINT NOT NULL UNIQUE REFERENCES districts(id),
    layout TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
