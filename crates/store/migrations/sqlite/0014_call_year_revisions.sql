-- Each school year's number of calls and a revision that every save changing one of its calls moves
-- on: the yearly report's counts are kept per server and recomputed only when the revision of their
-- year has moved (a few rows to read instead of every call of every year), and the years with calls
-- are listed without scanning the calls.
CREATE TABLE call_year_revisions (
    district_id BIGINT NOT NULL REFERENCES districts(id),
    school_year BIGINT NOT NULL,
    calls BIGINT NOT NULL,
    revision BIGINT NOT NULL,
    PRIMARY KEY (district_id, school_year)
);

INSERT INTO call_year_revisions (district_id, school_year, calls, revision)
SELECT district_id, school_year, COUNT(*), 1 FROM calls GROUP BY district_id, school_year;
