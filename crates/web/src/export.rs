//! Exports of an exchange's results. They carry thoughts and figures only: no participant
//! identifier, token or group membership of any individual appears in them.

use crate::actions::Results;
use accord_domain::exchange::Group;

/// Spreadsheet programs run a cell that starts with one of these as a formula; a leading apostrophe
/// makes them show it as text instead (OWASP's advice against CSV injection).
fn spreadsheet_safe(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn figure(value: f64) -> String {
    format!("{value:.3}")
}

/// One row per visible thought, best first, with overall and per-group figures.
pub fn results_csv(results: &Results) -> Result<Vec<u8>, csv::Error> {
    let mut groups: Vec<Option<Group>> = Group::ALL.iter().copied().map(Some).collect();
    groups.push(None);
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "rank",
        "thought_id",
        "text",
        "score",
        "mean",
        "ratings",
        "skips",
        "low_90",
        "high_90",
    ]
    .iter()
    .map(|h| (*h).to_owned())
    .collect();
    for group in &groups {
        let key = group.map_or("none", Group::key);
        header.push(format!("{key}_score"));
        header.push(format!("{key}_ratings"));
    }
    writer.write_record(&header)?;
    for (rank, scored) in results.scored.thoughts.iter().enumerate() {
        let thought = results.thought(scored.index);
        let s = &scored.overall;
        let mut row = vec![
            (rank + 1).to_string(),
            thought.id.to_string(),
            spreadsheet_safe(&thought.body),
            figure(s.score),
            s.mean.map(figure).unwrap_or_default(),
            s.ratings.to_string(),
            thought.skips.to_string(),
            figure(s.low),
            figure(s.high),
        ];
        for group in &groups {
            match scored.by_group.get(group) {
                Some(g) => row.extend([figure(g.score), g.ratings.to_string()]),
                None => row.extend([String::new(), "0".to_owned()]),
            }
        }
        writer.write_record(&row)?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn formulas_are_defused() {
        assert_eq!(
            super::spreadsheet_safe("=HYPERLINK(\"x\")"),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(
            super::spreadsheet_safe("More counselors"),
            "More counselors"
        );
    }
}
