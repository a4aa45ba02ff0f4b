//! The yearly packet for OSPI (LAW.md R9): the adopted agreements, the roster (.1241(1)(a)(b)), the
//! incident file (R7) and the complaint counts (R8) for one school year. OSPI publishes no fixed form
//! and may change what it asks for, so the layout is the district's data: which files, which columns
//! in which order, under which headings, written as TOML (docs/ospi-packet.md) and checked here.

use crate::codes::code_list;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

code_list!(
    /// What a file of the packet lists, one record per line.
    Part {
        Roster => "roster",
        Incidents => "incidents",
        Complaints => "complaints",
        Agreements => "agreements",
    }
);

impl Part {
    /// The fields a record of this part has, in the default order.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            // One line per staff member and school they are assigned to during the year.
            Part::Roster => &[
                "school_year",
                "staff_number",
                "name",
                "staff_type",
                "employer",
                "employer_kind",
                "school",
                "days_per_week",
                "starts_on",
                "ends_on",
                "first_day_on_site",
                "training",
            ],
            // One line per student of each call in the R7 file.
            Part::Incidents => &[
                "call_id",
                "call_key",
                "cedars_incident_id",
                "school_year",
                "school",
                "date",
                "offense",
                "school_related",
                "student_role",
                "outcomes",
                "race_ethnicity",
                "gender",
                "age",
                "iep",
                "section_504",
                "english_learner",
            ],
            // One line per school and category: complaints about job duties and student
            // interactions, and their findings, as published (small numbers suppressed).
            Part::Complaints => &[
                "school_year",
                "school",
                "category",
                "complaints",
                "sustained",
                "not_sustained",
                "exonerated",
                "unfounded",
                "open",
            ],
            // One line per adopted agreement; its text is a file of its own beside the list.
            Part::Agreements => &[
                "school_year",
                "agency",
                "version",
                "state",
                "adopted_on",
                "text_file",
                "public_address",
            ],
        }
    }
}

/// The packet's files in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    #[serde(rename = "file")]
    pub files: Vec<FileLayout>,
}

/// One CSV file of the packet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileLayout {
    /// A [`Part`] key.
    pub part: String,
    /// The file's name in the packet, ending in `.csv`.
    pub name: String,
    pub columns: Vec<Column>,
}

/// One column: a field of the part's records under the heading OSPI asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub field: String,
    pub header: String,
}

impl Default for Layout {
    /// Every part in its own file.
    fn default() -> Layout {
        Layout {
            files: Part::ALL
                .iter()
                .map(|&part| FileLayout::default_for(part))
                .collect(),
        }
    }
}

impl FileLayout {
    /// The part's file named after it, every field under its own name.
    pub fn default_for(part: Part) -> FileLayout {
        FileLayout {
            part: part.key().to_owned(),
            name: format!("{}.csv", part.key()),
            columns: part
                .fields()
                .iter()
                .map(|&field| Column {
                    field: field.to_owned(),
                    header: field.to_owned(),
                })
                .collect(),
        }
    }
}

/// Why a layout is refused; the page says it in the user's language, with the line where known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayoutProblem {
    /// Not TOML of the documented shape (the parser's own words, which name the key).
    Syntax {
        line: Option<usize>,
        message: String,
    },
    NoFiles,
    UnknownPart {
        file: String,
        part: String,
    },
    UnknownField {
        file: String,
        field: String,
    },
    /// Only letters, digits, `-`, `_` and `.`, ending in `.csv`, at most 80 characters.
    BadName {
        file: String,
    },
    RepeatedName {
        file: String,
    },
    NoColumns {
        file: String,
    },
}

const LONGEST_NAME: usize = 80;

/// The layout written in `text`, or every problem found in it.
pub fn parse_layout(text: &str) -> Result<Layout, Vec<LayoutProblem>> {
    let layout: Layout = toml::from_str(text).map_err(|error| {
        let line = error
            .span()
            .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        vec![LayoutProblem::Syntax {
            line,
            message: error.message().to_owned(),
        }]
    })?;
    let problems = check(&layout);
    if problems.is_empty() {
        Ok(layout)
    } else {
        Err(problems)
    }
}

fn check(layout: &Layout) -> Vec<LayoutProblem> {
    let mut problems = Vec::new();
    if layout.files.is_empty() {
        problems.push(LayoutProblem::NoFiles);
    }
    let mut names = BTreeSet::new();
    for file in &layout.files {
        let named = file.name.clone();
        if !is_safe_name(&file.name) {
            problems.push(LayoutProblem::BadName {
                file: named.clone(),
            });
        }
        if !names.insert(file.name.to_ascii_lowercase()) {
            problems.push(LayoutProblem::RepeatedName {
                file: named.clone(),
            });
        }
        if file.columns.is_empty() {
            problems.push(LayoutProblem::NoColumns {
                file: named.clone(),
            });
        }
        let Some(part) = Part::parse(&file.part) else {
            problems.push(LayoutProblem::UnknownPart {
                file: named,
                part: file.part.clone(),
            });
            continue;
        };
        for column in &file.columns {
            if !part.fields().contains(&column.field.as_str()) {
                problems.push(LayoutProblem::UnknownField {
                    file: named.clone(),
                    field: column.field.clone(),
                });
            }
        }
    }
    problems
}

/// A name that is the same file on every system and cannot reach outside the packet.
fn is_safe_name(name: &str) -> bool {
    name.len() <= LONGEST_NAME
        && name.ends_with(".csv")
        && name.len() > ".csv".len()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The layout as the district edits it.
pub fn layout_text(layout: &Layout) -> String {
    // Serialising plain strings and vectors cannot fail; an empty text would only show an empty box.
    toml::to_string_pretty(layout).unwrap_or_default()
}

/// One record of a part: its fields' values by name (a field without a value is empty).
pub type Record = BTreeMap<&'static str, String>;

/// A file's header line and rows, in the layout's columns.
pub fn table(file: &FileLayout, records: &[Record]) -> (Vec<String>, Vec<Vec<String>>) {
    let headers = file.columns.iter().map(|c| c.header.clone()).collect();
    let rows = records
        .iter()
        .map(|record| {
            file.columns
                .iter()
                .map(|c| record.get(c.field.as_str()).cloned().unwrap_or_default())
                .collect()
        })
        .collect();
    (headers, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_default_layout_reads_back_as_itself() {
        let text = layout_text(&Layout::default());
        assert_eq!(parse_layout(&text), Ok(Layout::default()));
        assert!(text.contains("part = \"incidents\""), "{text}");
    }

    #[test]
    fn a_district_renames_reorders_and_drops_columns() {
        let text = r#"
[[file]]
part = "roster"
name = "SSS_Roster_2024.csv"
columns = [
  { field = "school", header = "Building" },
  { field = "staff_type", header = "Staff Type" },
]
"#;
        let layout = parse_layout(text).expect("valid");
        let mut record = Record::new();
        record.insert("staff_type", "school_resource_officer".into());
        record.insert("school", "Kent High".into());
        record.insert("name", "Officer Lee".into());
        let (headers, rows) = table(&layout.files[0], &[record]);
        assert_eq!(headers, ["Building", "Staff Type"]);
        assert_eq!(rows, [["Kent High", "school_resource_officer"]]);
    }

    #[test]
    fn every_problem_is_reported_with_its_file() {
        let text = r#"
[[file]]
part = "rooster"
name = "a.csv"
columns = [{ field = "x", header = "X" }]

[[file]]
part = "roster"
name = "../secret.csv"
columns = [{ field = "nickname", header = "N" }]

[[file]]
part = "incidents"
name = "A.csv"
columns = []
"#;
        let problems = parse_layout(text).expect_err("refused");
        assert_eq!(
            problems,
            [
                LayoutProblem::UnknownPart {
                    file: "a.csv".into(),
                    part: "rooster".into()
                },
                LayoutProblem::BadName {
                    file: "../secret.csv".into()
                },
                LayoutProblem::UnknownField {
                    file: "../secret.csv".into(),
                    field: "nickname".into()
                },
                LayoutProblem::RepeatedName {
                    file: "A.csv".into()
                },
                LayoutProblem::NoColumns {
                    file: "A.csv".into()
                },
            ]
        );
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let text = "[[file]]\npart = \"roster\"\nname = \"r.csv\"\ncolumns = [ { field = \"school\" header = \"S\" } ]\n";
        match parse_layout(text).expect_err("refused").as_slice() {
            [LayoutProblem::Syntax { line, .. }] => assert_eq!(*line, Some(4)),
            other => panic!("{other:?}"),
        }
        let unknown =
            "[[file]]\npart = \"roster\"\nname = \"r.csv\"\ncolour = \"red\"\ncolumns = []\n";
        assert!(matches!(
            parse_layout(unknown)
                .expect_err("unknown keys are refused")
                .as_slice(),
            [LayoutProblem::Syntax { .. }]
        ));
        assert!(matches!(
            parse_layout("")
                .expect_err("a layout names its files")
                .as_slice(),
            [LayoutProblem::Syntax { .. }]
        ));
    }

    proptest! {
        #[test]
        fn names_that_pass_stay_inside_the_packet(name in "[ -~]{0,90}") {
            if is_safe_name(&name) {
                prop_assert!(!name.contains('/') && !name.contains('\\') && !name.starts_with('.'));
                prop_assert!(name.ends_with(".csv"));
            }
        }
    }
}
