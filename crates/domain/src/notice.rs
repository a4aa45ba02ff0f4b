//! The yearly notice (R2, RCW 28A.320.124(2)): each school year the district presents the role and
//! responsibilities of its safety and security staff to students and sends them to families. The
//! notice's text is generated from the program's records (see the web crate); what is kept here is
//! the record of when and how each school presented and sent it, and which schools are still to do it.

use crate::codes::code_list;
use crate::documents::SchoolYear;
use crate::exchange::{TextError, clean_text};
use time::Date;

/// The longest description of how the notice was presented or sent.
pub const HOW_MAX_CHARS: usize = 500;

code_list!(
    /// Who the notice reached: R2 asks for both, each year, in every school.
    Audience {
        Students => "students",
        Families => "families",
    }
);

/// One school's presentation or sending, as typed and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presentation {
    pub audience: Audience,
    pub on: Date,
    /// "Assemblies in each grade", "Email and paper copy in backpacks"...
    pub how: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PresentationRefusal {
    #[error("{on} is not in the school year {year}")]
    OutsideTheYear { on: Date, year: String },
    #[error("{0} is in the future")]
    InTheFuture(Date),
    #[error(transparent)]
    How(TextError),
}

/// Checks a presentation: on a day of `year` that has come, with a description of how.
pub fn presentation(
    year: &SchoolYear,
    audience: Audience,
    on: Date,
    how: &str,
    today: Date,
) -> Result<Presentation, PresentationRefusal> {
    if on < year.starts_on || on > year.ends_on {
        return Err(PresentationRefusal::OutsideTheYear {
            on,
            year: year.label.clone(),
        });
    }
    if on > today {
        return Err(PresentationRefusal::InTheFuture(on));
    }
    let how = clean_text("how", how, HOW_MAX_CHARS).map_err(PresentationRefusal::How)?;
    Ok(Presentation { audience, on, how })
}

/// Where one school stands for the year: the first day it reached each audience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolCoverage<S> {
    pub school: S,
    pub students: Option<Date>,
    pub families: Option<Date>,
}

impl<S> SchoolCoverage<S> {
    /// R2 is met in this school once both audiences were reached.
    pub fn is_done(&self) -> bool {
        self.students.is_some() && self.families.is_some()
    }
}

/// Each school with the first day it reached each audience, from the year's records
/// (school, audience, day), in the schools' order.
pub fn coverage<S: Clone + PartialEq>(
    schools: &[S],
    records: &[(S, Audience, Date)],
) -> Vec<SchoolCoverage<S>> {
    schools
        .iter()
        .map(|school| {
            let first = |audience: Audience| {
                records
                    .iter()
                    .filter(|(s, a, _)| s == school && *a == audience)
                    .map(|(_, _, on)| *on)
                    .min()
            };
            SchoolCoverage {
                school: school.clone(),
                students: first(Audience::Students),
                families: first(Audience::Families),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn year() -> SchoolYear {
        SchoolYear::starting(2026).expect("year")
    }

    #[test]
    fn a_presentation_is_within_the_year_and_not_ahead() {
        let today = date!(2026 - 11 - 30);
        let ok = presentation(
            &year(),
            Audience::Students,
            date!(2026 - 09 - 15),
            "  Assemblies ",
            today,
        )
        .expect("valid");
        assert_eq!(ok.how, "Assemblies");
        assert_eq!(
            presentation(
                &year(),
                Audience::Families,
                date!(2026 - 08 - 31),
                "Email",
                today
            ),
            Err(PresentationRefusal::OutsideTheYear {
                on: date!(2026 - 08 - 31),
                year: "2026-27".into()
            })
        );
        assert_eq!(
            presentation(
                &year(),
                Audience::Families,
                date!(2026 - 12 - 01),
                "Email",
                today
            ),
            Err(PresentationRefusal::InTheFuture(date!(2026 - 12 - 01)))
        );
        assert!(matches!(
            presentation(
                &year(),
                Audience::Families,
                date!(2026 - 10 - 01),
                " ",
                today
            ),
            Err(PresentationRefusal::How(TextError::Empty { .. }))
        ));
    }

    #[test]
    fn coverage_keeps_the_first_day_per_audience() {
        let records = [
            ("Cedar", Audience::Students, date!(2026 - 10 - 02)),
            ("Cedar", Audience::Students, date!(2026 - 09 - 20)),
            ("Cedar", Audience::Families, date!(2026 - 09 - 25)),
            ("Alder", Audience::Families, date!(2026 - 09 - 25)),
        ];
        let got = coverage(&["Alder", "Cedar", "Pine"], &records);
        assert_eq!(got[0].students, None);
        assert!(!got[0].is_done());
        assert_eq!(got[1].students, Some(date!(2026 - 09 - 20)));
        assert!(got[1].is_done());
        assert_eq!((got[2].students, got[2].families), (None, None));
    }

    proptest! {
        #[test]
        fn every_school_appears_once_in_order(
            schools in proptest::collection::vec(0u8..20, 0..10),
            days in proptest::collection::vec((0u8..20, any::<bool>(), 1u8..28), 0..30),
        ) {
            let mut unique = schools.clone();
            unique.dedup();
            let records: Vec<(u8, Audience, Date)> = days
                .iter()
                .map(|(s, students, d)| {
                    let audience = if *students { Audience::Students } else { Audience::Families };
                    (*s, audience, Date::from_calendar_date(2026, time::Month::October, *d).expect("day"))
                })
                .collect();
            let got = coverage(&unique, &records);
            prop_assert_eq!(got.iter().map(|c| c.school).collect::<Vec<_>>(), unique);
            for c in &got {
                let reached = records.iter().any(|(s, a, _)| *s == c.school && *a == Audience::Students);
                prop_assert_eq!(c.students.is_some(), reached);
            }
        }
    }
}
