//! `themes_csv` on the files districts actually export, and on the ones that go wrong.

use std::path::{Path, PathBuf};

use accord_analysis::{ThemeError, themes_csv};
use tempfile::TempDir;

/// Twelve comments on three topics, enough for two or three themes.
const COMMENTS: [&str; 12] = [
    "We need more counselors for students",
    "Counselors and mental health support please",
    "Hire counselors, mental health matters",
    "More counselors, fewer police",
    "The contract costs too much money",
    "What does the police contract cost the district?",
    "Spend the contract money on classrooms",
    "The money for the contract should go to teachers",
    "Lock the front doors and add cameras",
    "The doors are left open, lock them",
    "Cameras at every door and a locked entrance",
    "Fix the door locks",
];

struct Files {
    dir: TempDir,
}

impl Files {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).expect("written");
        path
    }

    fn output(&self) -> PathBuf {
        self.dir.path().join("out.csv")
    }
}

fn csv_of(comments: &[&str], line_end: &str) -> String {
    let mut text = format!("id,text,school{line_end}");
    for (i, comment) in comments.iter().enumerate() {
        text.push_str(&format!(
            "r{},\"{}\",Lincoln{line_end}",
            i + 1,
            comment.replace('"', "\"\"")
        ));
    }
    text
}

fn run(input: &Path, out: &Path, k: Option<usize>) -> Result<accord_analysis::Summary, ThemeError> {
    themes_csv(input, "text", Some("id"), k, None, out, &|_, _, _| {})
}

fn output_rows(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_path(path).expect("output exists");
    assert_eq!(
        reader.headers().expect("header").iter().collect::<Vec<_>>(),
        ["id", "theme", "label"]
    );
    reader
        .records()
        .map(|r| r.expect("row").iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn writes_one_row_per_input_row_with_its_theme() {
    let files = Files::new();
    let input = files.write("in.csv", csv_of(&COMMENTS, "\n").as_bytes());
    let summary = run(&input, &files.output(), Some(3)).expect("themes");
    assert_eq!(
        (summary.rows, summary.themes, summary.encoding.as_str()),
        (12, 3, "UTF-8")
    );
    let rows = output_rows(&files.output());
    assert_eq!(rows.len(), 12);
    assert_eq!(rows[0][0], "r1");
    // the three topics come out as the three themes
    for topic in [0..4, 4..8, 8..12] {
        let themes: std::collections::HashSet<&str> =
            rows[topic].iter().map(|r| r[1].as_str()).collect();
        assert_eq!(themes.len(), 1, "{rows:?}");
    }
    assert!(rows.iter().all(|r| summary.labels.contains(&r[2])));
}

#[test]
fn reads_a_bom_crlf_and_newlines_inside_quotes() {
    let files = Files::new();
    let mut comments = COMMENTS;
    comments[0] = "We need more counselors\r\nfor students, really";
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(csv_of(&comments, "\r\n").as_bytes());
    let input = files.write("in.csv", &bytes);
    let summary = run(&input, &files.output(), None).expect("themes");
    assert_eq!(summary.encoding, "UTF-8 with BOM");
    assert_eq!(summary.rows, 12);
    assert_eq!(output_rows(&files.output())[1][0], "r2");
}

#[test]
fn decodes_windows_1252_and_says_so() {
    let files = Files::new();
    let mut comments = COMMENTS.map(str::to_string);
    comments[1] = "Más consejeros y apoyo de salud mental, por favor".to_string();
    let text = csv_of(
        &comments.iter().map(String::as_str).collect::<Vec<_>>(),
        "\r\n",
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    let input = files.write("in.csv", &bytes);
    let summary = run(&input, &files.output(), Some(2)).expect("themes");
    assert_eq!(summary.encoding, "windows-1252");
}

#[test]
fn reads_utf16_from_spreadsheets() {
    let files = Files::new();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in csv_of(&COMMENTS, "\r\n").encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    let input = files.write("in.csv", &bytes);
    assert_eq!(
        run(&input, &files.output(), Some(3))
            .expect("themes")
            .encoding,
        "UTF-16LE with BOM"
    );
}

#[test]
fn broken_utf8_is_an_error_naming_the_line() {
    let files = Files::new();
    let mut comments = COMMENTS;
    comments[1] = "Counselors — mental health support please";
    let mut bytes = csv_of(&comments, "\n")
        .replace("Fix the", "Fix thé")
        .into_bytes();
    let at = bytes
        .windows(4)
        .position(|w| w == b"Fix ")
        .expect("the last comment")
        + 6;
    bytes[at + 1] = b'!'; // the second byte of "é" replaced: no longer UTF-8
    let input = files.write("in.csv", &bytes);
    let error = run(&input, &files.output(), None).expect_err("not UTF-8");
    assert!(matches!(error, ThemeError::Csv { line: 13, .. }), "{error}");
    assert!(error.to_string().contains("line 13"), "{error}");
}

#[test]
fn a_missing_column_is_named_with_the_columns_there_are() {
    let files = Files::new();
    let input = files.write("in.csv", csv_of(&COMMENTS, "\n").as_bytes());
    let error = themes_csv(
        &input,
        "comment",
        None,
        None,
        None,
        &files.output(),
        &|_, _, _| {},
    )
    .expect_err("no such column");
    let message = error.to_string();
    assert!(
        message.contains("\"comment\"") && message.contains("\"text\", \"school\""),
        "{message}"
    );
    let error = themes_csv(
        &input,
        "TEXT",
        Some("ID"),
        Some(3),
        None,
        &files.output(),
        &|_, _, _| {},
    );
    assert!(error.is_ok(), "columns match regardless of case: {error:?}");
}

#[test]
fn a_row_with_a_missing_field_names_its_line() {
    let files = Files::new();
    let text = csv_of(&COMMENTS, "\n").replace(
        "r5,\"The contract costs too much money\",Lincoln",
        "r5,\"The contract costs too much money\"",
    );
    let input = files.write("in.csv", text.as_bytes());
    let error = run(&input, &files.output(), None).expect_err("short row");
    assert!(error.to_string().contains("line 6"), "{error}");
}

#[test]
fn numbers_rows_without_an_id_column_and_leaves_blank_comments_unthemed() {
    let files = Files::new();
    let mut comments = COMMENTS;
    comments[2] = "   ";
    let input = files.write("in.csv", csv_of(&comments, "\n").as_bytes());
    let summary = themes_csv(
        &input,
        "text",
        None,
        Some(2),
        None,
        &files.output(),
        &|_, _, _| {},
    )
    .expect("themes");
    assert_eq!(summary.blank, 1);
    let rows = output_rows(&files.output());
    assert_eq!(rows[2], ["3", "", ""]);
    assert_eq!(rows[11][0], "12");
}

#[test]
fn too_little_input_gets_a_clear_message() {
    let files = Files::new();
    let empty = files.write("empty.csv", b"id,text\n");
    let error = run(&empty, &files.output(), None).expect_err("empty");
    assert!(matches!(error, ThemeError::Empty), "{error}");
    let single = files.write("single.csv", b"id,text\n1,We need counselors\n");
    let error = run(&single, &files.output(), None).expect_err("single");
    assert!(error.to_string().contains("only one comment"), "{error}");
    let two = files.write(
        "two.csv",
        b"id,text\n1,We need counselors\n2,More counselors\n",
    );
    let error = run(&two, &files.output(), Some(5)).expect_err("too many themes");
    assert_eq!(
        error.to_string(),
        "5 themes were asked for, but there are only 2 comments"
    );
    let no_file = files.dir.path().join("missing.csv");
    assert!(
        run(&no_file, &files.output(), None)
            .expect_err("no file")
            .to_string()
            .contains("cannot read")
    );
}

#[test]
fn a_model_that_cannot_be_used_is_a_clear_error() {
    let files = Files::new();
    let input = files.write(
        "in.csv",
        csv_of(&["more counselors", "fix the locks"], "\n").as_bytes(),
    );
    let missing = files.dir.path().join("no-model-here");
    let error = themes_csv(
        &input,
        "text",
        None,
        Some(2),
        Some(missing.as_path()),
        &files.output(),
        &|_, _, _| {},
    )
    .expect_err("no usable model");
    let message = error.to_string();
    if cfg!(feature = "embeddings") {
        assert!(message.contains("no-model-here"), "{message}");
    } else {
        assert!(matches!(error, ThemeError::EmbeddingsNotBuilt), "{message}");
    }
    assert!(!files.output().exists(), "nothing written");
}
