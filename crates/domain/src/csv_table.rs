//! A CSV file as a header and rows that know their line in the file, for the imports: a problem is
//! reported at the line an editor shows, quoted line breaks (a narrative over several lines) included.

/// The file's header (trimmed, lowercased) and its data rows; rows whose fields are all blank are left
/// out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
}

/// One data row: where it starts in the file (the header is line 1) and its fields as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    pub line: u64,
    pub fields: Vec<String>,
}

impl Table {
    /// Where `column` stands in the header, if the file has it.
    pub fn position(&self, column: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == column)
    }
}

impl TableRow {
    /// The field at `position`, or "" when the column is absent or the row is short.
    pub fn get(&self, position: Option<usize>) -> &str {
        position
            .and_then(|at| self.fields.get(at))
            .map_or("", String::as_str)
    }
}

/// Reads `text` (already decoded) as CSV, or gives each spot the reader could not get past, with its
/// line and the reader's message. Rows may be shorter or longer than the header.
pub fn read_table(text: &str) -> Result<Table, Vec<(u64, String)>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(e) => return Err(vec![(1, e.to_string())]),
    };
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut lines = LineCounter::new(text);
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = lines.line_at(record.position());
                if record.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                let fields = record.iter().map(str::to_owned).collect();
                rows.push(TableRow { line, fields });
            }
            Err(e) => problems.push((lines.line_at(e.position()), e.to_string())),
        }
    }
    if problems.is_empty() {
        Ok(Table { headers, rows })
    } else {
        Err(problems)
    }
}

/// Turns the reader's byte positions into lines as an editor counts them. Positions only grow, so the
/// count carries on from the last one (a 100,000-row file is not rescanned for every row).
pub struct LineCounter<'a> {
    bytes: &'a [u8],
    counted_to: usize,
    newlines: u64,
}

impl<'a> LineCounter<'a> {
    pub fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter {
            bytes: text.as_bytes(),
            counted_to: 0,
            newlines: 0,
        }
    }

    /// The line of a record the reader places at `position`. The reader's position is where the
    /// previous record's line end begins to be skipped (the LF of a CRLF, or the line ends of blank
    /// lines before it), so the record starts at the first byte after them.
    pub fn line_at(&mut self, position: Option<&csv::Position>) -> u64 {
        let byte = position.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let from = byte.min(self.bytes.len());
        let start = self.bytes[from..]
            .iter()
            .position(|b| *b != b'\r' && *b != b'\n')
            .map_or(self.bytes.len(), |skipped| from + skipped);
        if start < self.counted_to {
            self.counted_to = 0;
            self.newlines = 0;
        }
        self.newlines += self.bytes[self.counted_to..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        self.counted_to = start;
        self.newlines + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_crlf_and_quoted_line_breaks() {
        let text = "a,b\r\n1,\"two\r\nlines\"\r\n\r\n3,x\r\n";
        let table = read_table(text).expect("table");
        assert_eq!(table.headers, ["a", "b"]);
        let lines: Vec<u64> = table.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 5]);
        assert_eq!(table.rows[0].fields[1], "two\r\nlines");
    }

    #[test]
    fn headers_are_trimmed_and_lowercased_and_short_rows_read_as_blank() {
        let table = read_table(" A , B\n1\n").expect("table");
        assert_eq!(table.position("b"), Some(1));
        assert_eq!(table.rows[0].get(table.position("b")), "");
        assert_eq!(table.rows[0].get(None), "");
    }

    #[test]
    fn blank_lines_before_a_row_count() {
        let table = read_table("a\n1\n\n\n2\r\n\r\n3\n").expect("table");
        let lines: Vec<u64> = table.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 5, 7]);
    }

    #[test]
    fn lf_only_files_count_the_same() {
        let table = read_table("a\n1\n\"x\ny\"\n2\n").expect("table");
        let lines: Vec<u64> = table.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 3, 5]);
    }
}
