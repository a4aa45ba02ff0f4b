//! The import of calls for service from a CSV file (docs/calls-import.md), once for the page, the API
//! and `accord import calls`: decode the file, read it against the district's schools, roster and
//! offense types (`accord_domain::call_file`), report every bad row with its line in the visitor's
//! language, and store the calls all at once, only when every row is good and this is not a dry run.

use crate::auth::Staff;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::program::RowProblem;
use accord_domain::call_file::{self, CallFileProblem, Lookups};
use accord_domain::calls::Requester;
use accord_store::{Actor, Store};
use std::sync::atomic::{AtomicU64, Ordering};

/// The largest calls file the page and the API take: several years of a large district's calls
/// (100,000 rows of a typical export are about 20 MB).
pub const CALLS_FILE_LIMIT: usize = 32 * 1024 * 1024;

/// What a calls import found and did.
#[derive(Debug, Clone, Default, serde::Serialize, utoipa::ToSchema)]
pub struct CallsImportReport {
    /// The encoding the file was read in ("UTF-8", "UTF-8 with BOM", "windows-1252").
    pub encoding: String,
    /// Data rows read: one per call and student.
    pub rows: usize,
    /// Calls in the file (rows grouped by call_id).
    pub calls: usize,
    /// Calls stored that were not there before: 0 on a dry run or when any row is bad.
    pub added: usize,
    /// Stored calls the file changed.
    pub changed: usize,
    /// Calls the file holds exactly as stored (a re-import of the same file changes nothing).
    pub unchanged: usize,
    pub dry_run: bool,
    /// Every bad row, with its line in the file (the header is line 1) and the reason.
    pub problems: Vec<RowProblem>,
}

/// Only those who keep student records may import calls.
pub fn require_call_recorder(staff: &Staff) -> Result<(), AppError> {
    if staff.role().may_record_calls() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Imports the calls file `bytes` into `district_id`: every row is checked first, every bad row is
/// reported, and the calls are saved in one transaction only if none is bad and this is not a dry run.
/// `progress` hears (rows checked, rows in all).
pub async fn import_calls(
    store: &Store,
    district_id: i64,
    actor: &Actor,
    bytes: &[u8],
    dry_run: bool,
    l: &Lang,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<CallsImportReport, AppError> {
    let mut report = CallsImportReport {
        dry_run,
        ..CallsImportReport::default()
    };
    let text = match accord_analysis::decode_csv_text(bytes) {
        Ok((text, encoding)) => {
            report.encoding = encoding;
            text
        }
        Err((line, message)) => {
            report.problems.push(RowProblem { line, message });
            return Ok(report);
        }
    };
    let lookups = lookups(store, district_id).await?;
    let rows = AtomicU64::new(0);
    let counting = |done: u64, total: u64| {
        rows.store(total, Ordering::Relaxed);
        progress(done, total);
    };
    let read = call_file::read_calls_reporting(&text, &lookups, &counting);
    report.rows = usize::try_from(rows.load(Ordering::Relaxed)).unwrap_or(usize::MAX);
    let calls = match read {
        Ok(calls) => calls,
        Err(problems) => {
            report.problems = problems
                .iter()
                .map(|p| RowProblem {
                    line: p.line,
                    message: l.msg(&message(&p.problem)),
                })
                .collect();
            return Ok(report);
        }
    };
    report.calls = calls.len();
    if !dry_run {
        let outcome = store.save_calls(district_id, actor, &calls).await?;
        report.added = outcome.added;
        report.changed = outcome.changed;
        report.unchanged = outcome.unchanged;
    }
    Ok(report)
}

/// The district's schools, roster and offense types, and the requester labels of every language.
async fn lookups(store: &Store, district_id: i64) -> Result<Lookups, AppError> {
    let schools = store.schools(district_id).await?;
    let staff = store.staff(district_id, None).await?;
    let offense_types = store.offense_types(district_id).await?;
    let mut lookups = Lookups::new(
        schools.into_iter().map(|s| (s.name, s.id)),
        staff.into_iter().map(|m| (m.staff_number, m.id)),
        offense_types,
    );
    for (code, _, _) in &crate::i18n::LANGUAGES {
        let l = Lang::from_code(code);
        for requester in Requester::ALL {
            if let Some(label) = l.try_t(&requester_label_key(*requester)) {
                lookups = lookups.with_requester_label(&label, *requester);
            }
        }
    }
    Ok(lookups)
}

/// The translation key of a requester's label.
pub fn requester_label_key(requester: Requester) -> String {
    format!("code-requester-{}", requester.key())
}

/// A problem of the calls file as a message to translate.
pub fn message(problem: &CallFileProblem) -> Msg {
    use CallFileProblem as P;
    match problem {
        P::Unreadable { message } => Msg::new("calls-import-unreadable").arg("message", message),
        P::MissingColumns { columns } => {
            Msg::new("calls-import-missing-columns").arg("columns", columns.join(", "))
        }
        P::DuplicateColumn { column } => {
            Msg::new("calls-import-duplicate-column").arg("column", column)
        }
        P::MissingValue { column } => Msg::new("calls-import-missing-value").arg("column", column),
        P::TooLong { column, max } => Msg::new("calls-import-too-long")
            .arg("column", column)
            .arg("max", max),
        P::UnknownSchool { value } => Msg::new("calls-import-unknown-school").arg("value", value),
        P::UnknownStaff { value } => Msg::new("calls-import-unknown-staff").arg("value", value),
        P::AmbiguousStaff { value } => Msg::new("calls-import-ambiguous-staff").arg("value", value),
        P::UnknownCode { column, value } => Msg::new("calls-import-unknown-code")
            .arg("column", column)
            .arg("value", value),
        P::BadDateTime { value } => Msg::new("calls-import-bad-date-time").arg("value", value),
        P::BadDate { column, value } => Msg::new("calls-import-bad-date")
            .arg("column", column)
            .arg("value", value),
        P::BadSchoolYear { value } => Msg::new("calls-import-bad-school-year").arg("value", value),
        P::OutsideSchoolYear {
            occurred_at,
            school_year,
        } => Msg::new("calls-import-outside-school-year")
            .arg("occurred_at", occurred_at)
            .arg("school_year", school_year),
        P::BadAge { value } => Msg::new("calls-import-bad-age")
            .arg("value", value)
            .arg("min", call_file::AGES.start())
            .arg("max", call_file::AGES.end()),
        P::AgeDisagrees {
            age,
            from_birth_date,
        } => Msg::new("calls-import-age-disagrees")
            .arg("age", age)
            .arg("from_birth_date", from_birth_date),
        P::BadBoolean { column, value } => Msg::new("calls-import-bad-boolean")
            .arg("column", column)
            .arg("value", value),
        P::BadGrade { value } => Msg::new("calls-import-bad-grade").arg("value", value),
        P::DuplicateStudent {
            student_id,
            earlier_line,
        } => Msg::new("calls-import-duplicate-student")
            .arg("student_id", student_id)
            .arg("line", earlier_line),
        P::CallDisagrees {
            column,
            earlier_line,
        } => Msg::new("calls-import-call-disagrees")
            .arg("column", column)
            .arg("line", earlier_line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_problem() -> Vec<CallFileProblem> {
        use CallFileProblem as P;
        let value = || "VALUE-Q".to_owned();
        vec![
            P::Unreadable { message: value() },
            P::MissingColumns {
                columns: vec!["school", "age_or_birth_date"],
            },
            P::DuplicateColumn { column: value() },
            P::MissingValue { column: "gender" },
            P::TooLong {
                column: "reason",
                max: 200,
            },
            P::UnknownSchool { value: value() },
            P::UnknownStaff { value: value() },
            P::AmbiguousStaff { value: value() },
            P::UnknownCode {
                column: "races",
                value: value(),
            },
            P::BadDateTime { value: value() },
            P::BadDate {
                column: "birth_date",
                value: value(),
            },
            P::BadSchoolYear { value: value() },
            P::OutsideSchoolYear {
                occurred_at: "2024-10-03".into(),
                school_year: "2023-24".into(),
            },
            P::BadAge { value: value() },
            P::AgeDisagrees {
                age: 15,
                from_birth_date: 16,
            },
            P::BadBoolean {
                column: "iep",
                value: value(),
            },
            P::BadGrade { value: value() },
            P::DuplicateStudent {
                student_id: value(),
                earlier_line: 2,
            },
            P::CallDisagrees {
                column: "reason",
                earlier_line: 2,
            },
        ]
    }

    #[test]
    fn every_problem_reads_in_every_language_with_its_arguments() {
        for (code, _, _) in &crate::i18n::LANGUAGES {
            let l = Lang::from_code(code);
            for problem in every_problem() {
                let msg = message(&problem);
                let text = l.msg(&msg);
                assert!(!text.contains(msg.key), "{code}: {text}");
                assert!(!text.contains('{'), "{code}: {text}");
                for (_, value) in &msg.args {
                    assert!(text.contains(value.as_str()), "{code}: {value} in {text}");
                }
            }
        }
        let (english, spanish) = (Lang::english(), Lang::from_code("es"));
        for problem in every_problem() {
            let msg = message(&problem);
            assert_ne!(
                english.msg(&msg),
                spanish.msg(&msg),
                "{} in Spanish",
                msg.key
            );
        }
    }
}
