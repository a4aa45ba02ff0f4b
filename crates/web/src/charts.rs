//! Charts drawn by the server as SVG, each with a title, a description that reads out every value,
//! and the same figures as a table beside it (`templates/charts.html`). No script: the geometry is
//! computed here and the template only draws it.
//!
//! Every chart is a column of rows, each row's label above its mark, so that a phone's narrow screen
//! keeps the labels readable: a bar (counts) or a range with an optional point (scores on 1-5 stars).

/// Width of the plotting area; the value text sits to its right.
const PLOT_WIDTH: i64 = 240;
/// Room to the right of the plot for the value text.
const VALUE_SPACE: i64 = 90;
/// Height of one row: its label, then its mark.
const ROW_HEIGHT: i64 = 42;
/// Room above the rows of a star chart for the scale's numbers.
const SCALE_HEIGHT: i64 = 18;
/// Labels longer than this are shortened in the drawing; the table beside keeps the full text.
const LABEL_CHARS: usize = 44;

/// One chart and its table.
pub struct Chart {
    /// Prefix of the ids that tie the SVG to its title and description.
    pub id: String,
    pub title: String,
    /// Every value in words, for screen readers.
    pub description: String,
    pub width: i64,
    pub height: i64,
    /// Guide lines of the star scale (empty for bar charts).
    pub ticks: Vec<Tick>,
    pub rows: Vec<Row>,
    /// Table headings; the first column names the row.
    pub columns: Vec<String>,
    pub table: Vec<Vec<String>>,
}

impl Chart {
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

pub struct Tick {
    pub x: i64,
    pub label: String,
}

/// One row as drawn.
pub struct Row {
    pub label: String,
    /// Top of the row.
    pub y: i64,
    /// A bar from the left edge, this wide.
    pub bar: Option<i64>,
    /// A line from one x to another (an interval, or the spread between groups).
    pub range: Option<(i64, i64)>,
    /// A dot (a score).
    pub point: Option<i64>,
    pub value: String,
    pub value_x: i64,
}

/// What a chart is about: its id, title, table headings.
pub struct Frame {
    pub id: &'static str,
    pub title: String,
    pub columns: Vec<String>,
}

/// A row of a bar chart: a count.
pub struct BarEntry {
    pub label: String,
    pub value: f64,
    pub value_text: String,
    /// The table row (first cell: the row's name).
    pub cells: Vec<String>,
}

/// A row of a star chart: a range on 1-5 stars, with or without a point.
pub struct RangeEntry {
    pub label: String,
    pub low: f64,
    pub high: f64,
    pub point: Option<f64>,
    pub value_text: String,
    pub cells: Vec<String>,
}

/// A bar chart of counts, longest bar for the largest value.
pub fn bars(frame: Frame, entries: Vec<BarEntry>) -> Chart {
    let max = entries
        .iter()
        .map(|e| e.value)
        .fold(0.0, f64::max)
        .max(f64::MIN_POSITIVE);
    let rows = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let width = ((e.value / max) * PLOT_WIDTH as f64).round() as i64;
            let width = width.max(1);
            Row {
                label: shorten(&e.label),
                y: i as i64 * ROW_HEIGHT,
                bar: Some(width),
                range: None,
                point: None,
                value: e.value_text.clone(),
                value_x: width + 6,
            }
        })
        .collect();
    finish(frame, entries.len(), 0, Vec::new(), rows, |i| {
        (&entries[i].label, &entries[i].value_text, &entries[i].cells)
    })
}

/// A chart of scores on the 1-5 star scale: a line for each range, a dot for each point.
pub fn ranges(frame: Frame, entries: Vec<RangeEntry>, star_label: &dyn Fn(i64) -> String) -> Chart {
    let x = |stars: f64| ((stars.clamp(1.0, 5.0) - 1.0) / 4.0 * PLOT_WIDTH as f64).round() as i64;
    let ticks = (1..=5)
        .map(|s| Tick {
            x: x(s as f64),
            label: star_label(s),
        })
        .collect();
    let rows = entries
        .iter()
        .enumerate()
        .map(|(i, e)| Row {
            label: shorten(&e.label),
            y: SCALE_HEIGHT + i as i64 * ROW_HEIGHT,
            bar: None,
            range: Some((x(e.low), x(e.high).max(x(e.low) + 1))),
            point: e.point.map(x),
            value: e.value_text.clone(),
            value_x: PLOT_WIDTH + 10,
        })
        .collect();
    finish(frame, entries.len(), SCALE_HEIGHT, ticks, rows, |i| {
        (&entries[i].label, &entries[i].value_text, &entries[i].cells)
    })
}

fn finish<'a>(
    frame: Frame,
    count: usize,
    top: i64,
    ticks: Vec<Tick>,
    rows: Vec<Row>,
    entry: impl Fn(usize) -> (&'a String, &'a String, &'a Vec<String>),
) -> Chart {
    let description = (0..count)
        .map(|i| {
            let (label, value, _) = entry(i);
            format!("{label}: {value}")
        })
        .collect::<Vec<_>>()
        .join("; ");
    Chart {
        id: frame.id.to_owned(),
        title: frame.title,
        description,
        width: PLOT_WIDTH + VALUE_SPACE,
        height: (top + count as i64 * ROW_HEIGHT).max(ROW_HEIGHT),
        ticks,
        rows,
        columns: frame.columns,
        table: (0..count).map(|i| entry(i).2.clone()).collect(),
    }
}

/// The text cut at a word boundary to fit a chart's label, with an ellipsis when cut.
fn shorten(text: &str) -> String {
    if text.chars().count() <= LABEL_CHARS {
        return text.to_owned();
    }
    let cut: String = text.chars().take(LABEL_CHARS - 1).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(space) if space > LABEL_CHARS / 2 => cut[..space].trim_end().to_owned(),
        _ => cut,
    };
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> Frame {
        Frame {
            id: "t",
            title: "T".into(),
            columns: vec!["Name".into(), "Value".into()],
        }
    }

    #[test]
    fn bars_scale_to_the_largest_and_describe_every_value() {
        let entries = [("Students", 256.0), ("Parents", 583.0), ("Board", 0.0)]
            .into_iter()
            .map(|(label, value)| BarEntry {
                label: label.into(),
                value,
                value_text: format!("{value}"),
                cells: vec![label.into(), format!("{value}")],
            })
            .collect();
        let chart = bars(frame(), entries);
        assert_eq!(chart.rows[1].bar, Some(PLOT_WIDTH));
        assert_eq!(
            chart.rows[2].bar,
            Some(1),
            "an empty group still shows a sliver"
        );
        assert_eq!(chart.description, "Students: 256; Parents: 583; Board: 0");
        assert_eq!(chart.table[0], ["Students", "256"]);
        assert_eq!(chart.height, 3 * ROW_HEIGHT);
    }

    #[test]
    fn ranges_sit_on_the_star_scale() {
        let chart = ranges(
            frame(),
            vec![RangeEntry {
                label: "x".repeat(100),
                low: 3.0,
                high: 5.0,
                point: Some(4.0),
                value_text: "4.0".into(),
                cells: vec![],
            }],
            &|s| s.to_string(),
        );
        let row = &chart.rows[0];
        assert_eq!(row.range, Some((PLOT_WIDTH / 2, PLOT_WIDTH)));
        assert_eq!(row.point, Some(PLOT_WIDTH * 3 / 4));
        assert_eq!(chart.ticks.len(), 5);
        assert!(row.label.chars().count() <= LABEL_CHARS && row.label.ends_with('…'));
    }

    #[test]
    fn long_labels_are_cut_between_words() {
        let cut =
            shorten("More counselors and mental health support in every single school please");
        assert!(cut.ends_with('…'));
        assert!(!cut.contains("scho…"), "{cut}");
        assert_eq!(shorten("Short"), "Short");
    }
}
