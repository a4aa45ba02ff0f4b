//! Themes for any CSV of comments (a district's survey export), as `accord themes` runs them: read and
//! decode the file, group the comments, write one row per input row with its theme.
//!
//! Survey exports arrive as UTF-8 with or without a byte-order mark, UTF-16 from spreadsheet programs, or
//! Windows-1252 from older systems; with CRLF line ends and line breaks inside quoted answers. The csv
//! crate handles the last two; the encoding is found here and reported in the [`Summary`].

use std::borrow::Cow;
use std::path::Path;

use encoding_rs::{Encoding, WINDOWS_1252};

use crate::{Stage, ThemeError, sentence_embeddings, themes, themes_with_embeddings};

/// What [`themes_csv`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Data rows read (the header not counted).
    pub rows: usize,
    /// Rows whose comment was blank; they get no theme.
    pub blank: usize,
    /// Themes found or asked for.
    pub themes: usize,
    /// The encoding the file was read in, e.g. "UTF-8", "UTF-8 with BOM", "windows-1252".
    pub encoding: String,
    /// Each theme's label, theme 1 first.
    pub labels: Vec<String>,
}

/// One data row: its id and its comment.
struct Row {
    id: String,
    text: String,
}

/// Reads comments from column `text_column` of the CSV at `input`, groups them into `k` themes (or a
/// number chosen from the comments), and writes `output`: a CSV with the columns id, theme and label and
/// one row per input row, in input order. The id is the `id_column` value, or the row's number (1 for the
/// first row after the header) without one; rows with a blank comment get an empty theme. With `model`
/// (a directory holding all-MiniLM-L6-v2), comments are compared by their sentence embeddings too.
pub fn themes_csv(
    input: &Path,
    text_column: &str,
    id_column: Option<&str>,
    k: Option<usize>,
    model: Option<&Path>,
    output: &Path,
    progress: &dyn Fn(Stage, u64, u64),
) -> Result<Summary, ThemeError> {
    let path = input.display().to_string();
    let bytes = std::fs::read(input).map_err(|source| ThemeError::Read {
        path: path.clone(),
        source,
    })?;
    progress(Stage::Reading, bytes.len() as u64, bytes.len() as u64);
    let (text, encoding) = decode(&bytes).map_err(|(line, message)| ThemeError::Csv {
        path: path.clone(),
        line,
        message,
    })?;
    let rows = parse(&text, text_column, id_column, &path)?;
    let (comments, positions): (Vec<&str>, Vec<usize>) = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.text.trim().is_empty())
        .map(|(i, r)| (r.text.as_str(), i))
        .unzip();
    let found = match model {
        Some(model) => {
            let embeddings = sentence_embeddings(model, &comments, progress)?;
            themes_with_embeddings(&comments, &embeddings, k, progress)?
        }
        None => themes(&comments, k, progress)?,
    };
    let mut theme_of = vec![None; rows.len()];
    for (&position, &theme) in positions.iter().zip(&found.assignments) {
        theme_of[position] = Some(theme);
    }
    let labels: Vec<String> = found.themes.iter().map(|t| t.label.clone()).collect();
    write(output, &rows, &theme_of, &labels, progress)?;
    Ok(Summary {
        rows: rows.len(),
        blank: rows.len() - comments.len(),
        themes: labels.len(),
        encoding,
        labels,
    })
}

/// The file's text and the name of its encoding: from its byte-order mark; else UTF-8 if it is valid
/// UTF-8; else Windows-1252 (every byte is a character there), unless the file is UTF-8 with a broken
/// byte, which is an error naming its line rather than a silent misreading of every accented letter.
pub fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, String), (u64, String)> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, malformed) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if malformed {
            let line = text
                .lines()
                .position(|l| l.contains('\u{FFFD}'))
                .map_or(1, |l| l as u64 + 1);
            return Err((
                line,
                format!(
                    "this line is not valid {} although the file starts as such",
                    encoding.name()
                ),
            ));
        }
        return Ok((text, format!("{} with BOM", encoding.name())));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), "UTF-8".to_string())),
        Err(e) if !bytes[..e.valid_up_to()].is_ascii() => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64
                + 1;
            Err((
                line,
                "this line is not valid UTF-8 although earlier lines are; save the file as UTF-8"
                    .to_string(),
            ))
        }
        Err(_) => Ok((
            WINDOWS_1252.decode_without_bom_handling(bytes).0,
            WINDOWS_1252.name().to_string(),
        )),
    }
}

fn parse(
    text: &str,
    text_column: &str,
    id_column: Option<&str>,
    path: &str,
) -> Result<Vec<Row>, ThemeError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| csv_error(path, &e))?.clone();
    let column = |name: &str| {
        find_column(&headers, name).ok_or_else(|| ThemeError::MissingColumn {
            path: path.to_string(),
            column: name.to_string(),
            available: headers
                .iter()
                .map(|h| format!("\"{h}\""))
                .collect::<Vec<_>>()
                .join(", "),
        })
    };
    let text_at = column(text_column)?;
    let id_at = id_column.map(column).transpose()?;
    let mut rows = Vec::new();
    for (number, record) in reader.records().enumerate() {
        let record = record.map_err(|e| csv_error(path, &e))?;
        let field = |at: usize| record.get(at).unwrap_or_default().to_string();
        rows.push(Row {
            id: id_at.map_or_else(|| (number + 1).to_string(), field),
            text: field(text_at),
        });
    }
    Ok(rows)
}

/// The column of that name: exactly, else ignoring case and surrounding spaces.
fn find_column(headers: &csv::StringRecord, name: &str) -> Option<usize> {
    headers.iter().position(|h| h == name).or_else(|| {
        let wanted = name.trim().to_lowercase();
        headers
            .iter()
            .position(|h| h.trim().to_lowercase() == wanted)
    })
}

fn csv_error(path: &str, error: &csv::Error) -> ThemeError {
    let line = error.position().map_or(1, csv::Position::line);
    let message = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!(
                "this row has {len} fields but the header has {expected_len}; is a quote missing?"
            )
        }
        _ => error.to_string(),
    };
    ThemeError::Csv {
        path: path.to_string(),
        line,
        message,
    }
}

fn write(
    output: &Path,
    rows: &[Row],
    theme_of: &[Option<usize>],
    labels: &[String],
    progress: &dyn Fn(Stage, u64, u64),
) -> Result<(), ThemeError> {
    let failed = |e: csv::Error| ThemeError::Write {
        path: output.display().to_string(),
        source: e.into(),
    };
    let mut writer = csv::Writer::from_path(output).map_err(failed)?;
    writer
        .write_record(["id", "theme", "label"])
        .map_err(failed)?;
    for (row, theme) in rows.iter().zip(theme_of) {
        let (number, label) = theme.map_or((String::new(), ""), |t| {
            ((t + 1).to_string(), labels[t].as_str())
        });
        writer
            .write_record([row.id.as_str(), &number, label])
            .map_err(failed)?;
    }
    writer.flush().map_err(|source| ThemeError::Write {
        path: output.display().to_string(),
        source,
    })?;
    progress(Stage::Writing, rows.len() as u64, rows.len() as u64);
    Ok(())
}
