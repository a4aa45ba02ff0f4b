//! The public program page's rules (PRODUCT.md B8): the texts a district writes for it and how each
//! shows in a language it has not been translated into, the roster as the public sees it (counts per
//! school, names only when the district chooses), and the training figures.

use crate::codes::code_list;
use crate::training::{StaffType, Standing};
use std::collections::BTreeMap;

code_list!(
    /// The parts of the page the district writes; everything else comes from its records.
    PageText {
        Intro => "intro",
        PrimaryDuties => "primary_duties",
        SecondaryDuties => "secondary_duties",
        DisciplineRole => "discipline_role",
        Intervention => "intervention",
        Complaints => "complaints",
    }
);

impl PageText {
    /// The longest text the district may write for one part, in characters.
    pub const MAX_CHARS: usize = 4000;

    /// Duties read best as a list: one item per line.
    pub fn is_list(self) -> bool {
        matches!(self, PageText::PrimaryDuties | PageText::SecondaryDuties)
    }
}

/// How a district-written text shows in the visitor's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown<'a> {
    /// Written in the visitor's language.
    Translated(&'a str),
    /// Not yet written in the visitor's language: the text in the language it was written in, said
    /// so on the page (never passed off as a translation).
    NotYetTranslated { language: &'a str, text: &'a str },
    /// The district wrote nothing: the page shows its standard text.
    Missing,
}

/// The text for `wanted` out of the texts by language code; otherwise the text in `source` (the
/// district's first language), otherwise in any language, marked as not yet translated.
pub fn show<'a>(texts: &'a BTreeMap<String, String>, wanted: &str, source: &str) -> Shown<'a> {
    let written = |code: &str| {
        texts
            .get(code)
            .map(String::as_str)
            .filter(|t| !t.trim().is_empty())
    };
    if let Some(text) = written(wanted) {
        return Shown::Translated(text);
    }
    let other = texts
        .get_key_value(source)
        .filter(|(_, t)| !t.trim().is_empty())
        .or_else(|| texts.iter().find(|(_, t)| !t.trim().is_empty()));
    match other {
        Some((language, text)) => Shown::NotYetTranslated { language, text },
        None => Shown::Missing,
    }
}

/// The items of a list as typed one per line; bullets people paste ("•", "-", "*") are dropped.
pub fn list_items(text: &str) -> Vec<&str> {
    text.lines()
        .map(|line| line.trim().trim_start_matches(['•', '-', '*', '·']).trim())
        .filter(|line| !line.is_empty())
        .collect()
}

/// One person placed in one school today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub school: String,
    pub staff_type: StaffType,
    pub employer: String,
    pub days_per_week: u8,
    pub name: String,
}

/// The staff of one type and employer in one school.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    pub staff_type: StaffType,
    pub employer: String,
    pub people: usize,
    /// Days per week summed over the people: the school's coverage.
    pub days_per_week: u32,
    /// Empty unless the district shows names.
    pub names: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolRoster {
    pub school: String,
    pub rows: Vec<RosterRow>,
}

/// The roster by school (RCW 28A.320.1241(1)(a)(b): who works where, for whom, how many days), schools
/// and rows in a stable order; names only when `show_names`.
pub fn public_roster(placements: &[Placement], show_names: bool) -> Vec<SchoolRoster> {
    let mut schools: BTreeMap<&str, BTreeMap<(StaffType, &str), RosterRow>> = BTreeMap::new();
    for p in placements {
        let row = schools
            .entry(&p.school)
            .or_default()
            .entry((p.staff_type, &p.employer))
            .or_insert_with(|| RosterRow {
                staff_type: p.staff_type,
                employer: p.employer.clone(),
                people: 0,
                days_per_week: 0,
                names: Vec::new(),
            });
        row.people += 1;
        row.days_per_week += u32::from(p.days_per_week);
        if show_names {
            row.names.push(p.name.clone());
            row.names.sort();
        }
    }
    schools
        .into_iter()
        .map(|(school, rows)| SchoolRoster {
            school: school.to_owned(),
            rows: rows.into_values().collect(),
        })
        .collect()
}

/// How the staff working in schools stand with the training series.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TrainingFigures {
    pub staff: usize,
    /// Verified complete, some topics possibly waived for significant prior training.
    pub completed: usize,
    /// Of `completed`, those with a waiver.
    pub waived: usize,
    pub on_plan: usize,
    /// Within their deadlines, not yet complete.
    pub in_progress: usize,
    pub overdue: usize,
}

pub fn training_figures(standings: impl IntoIterator<Item = Standing>) -> TrainingFigures {
    let mut f = TrainingFigures::default();
    for standing in standings {
        f.staff += 1;
        match standing {
            Standing::Complete => f.completed += 1,
            Standing::Waived => {
                f.completed += 1;
                f.waived += 1;
            }
            Standing::OnPlan => f.on_plan += 1,
            Standing::Due => f.in_progress += 1,
            Standing::Overdue => f.overdue += 1,
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(l, t)| (l.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn a_text_in_the_visitors_language_is_shown_as_is() {
        let t = texts(&[("en-US", "Duties"), ("es", "Funciones")]);
        assert_eq!(show(&t, "es", "en-US"), Shown::Translated("Funciones"));
    }

    #[test]
    fn an_untranslated_text_is_marked_never_passed_off() {
        let t = texts(&[("en-US", "Duties"), ("es", "   ")]);
        assert_eq!(
            show(&t, "es", "en-US"),
            Shown::NotYetTranslated {
                language: "en-US",
                text: "Duties"
            }
        );
    }

    #[test]
    fn a_text_written_only_in_another_language_still_shows() {
        let t = texts(&[("es", "Funciones")]);
        assert_eq!(
            show(&t, "en-US", "en-US"),
            Shown::NotYetTranslated {
                language: "es",
                text: "Funciones"
            }
        );
        assert_eq!(show(&BTreeMap::new(), "en-US", "en-US"), Shown::Missing);
    }

    #[test]
    fn list_items_drop_bullets_and_blank_lines() {
        assert_eq!(
            list_items("• Emergency response\n\n - Welfare checks \r\n*Drills\n"),
            vec!["Emergency response", "Welfare checks", "Drills"]
        );
    }

    fn placement(school: &str, staff_type: StaffType, employer: &str, name: &str) -> Placement {
        Placement {
            school: school.into(),
            staff_type,
            employer: employer.into(),
            days_per_week: 5,
            name: name.into(),
        }
    }

    #[test]
    fn the_roster_counts_by_school_type_and_employer_and_hides_names_by_default() {
        let placements = [
            placement(
                "North High",
                StaffType::SchoolResourceOfficer,
                "Police",
                "B",
            ),
            placement(
                "North High",
                StaffType::SchoolResourceOfficer,
                "Police",
                "A",
            ),
            placement("North High", StaffType::ContractedSecurity, "Guard Co", "C"),
            placement("East Middle", StaffType::SecurityOfficer, "District", "D"),
        ];
        let roster = public_roster(&placements, false);
        assert_eq!(roster[0].school, "East Middle");
        let north = &roster[1];
        assert_eq!(north.rows[0].people, 2);
        assert_eq!(north.rows[0].days_per_week, 10);
        assert!(north.rows.iter().all(|r| r.names.is_empty()));
        let named = public_roster(&placements, true);
        assert_eq!(named[1].rows[0].names, vec!["A", "B"]);
    }

    #[test]
    fn waived_staff_count_as_completed() {
        let f = training_figures([
            Standing::Complete,
            Standing::Waived,
            Standing::OnPlan,
            Standing::Due,
            Standing::Overdue,
        ]);
        assert_eq!((f.staff, f.completed, f.waived), (5, 2, 1));
        assert_eq!((f.on_plan, f.in_progress, f.overdue), (1, 1, 1));
    }

    proptest! {
        #[test]
        fn every_placement_is_counted_once(
            rows in proptest::collection::vec((0..4usize, 0..3usize, 0..2usize, 1..=5u8), 0..40)
        ) {
            let types = [StaffType::SchoolResourceOfficer, StaffType::SecurityOfficer, StaffType::ContractedSecurity];
            let placements: Vec<Placement> = rows.iter().enumerate().map(|(i, (s, t, e, d))| Placement {
                school: format!("School {s}"),
                staff_type: types[*t],
                employer: format!("Employer {e}"),
                days_per_week: *d,
                name: format!("Person {i}"),
            }).collect();
            let roster = public_roster(&placements, true);
            let people: usize = roster.iter().flat_map(|s| &s.rows).map(|r| r.people).sum();
            let days: u32 = roster.iter().flat_map(|s| &s.rows).map(|r| r.days_per_week).sum();
            let names: usize = roster.iter().flat_map(|s| &s.rows).map(|r| r.names.len()).sum();
            prop_assert_eq!(people, placements.len());
            prop_assert_eq!(names, placements.len());
            prop_assert_eq!(days, placements.iter().map(|p| u32::from(p.days_per_week)).sum::<u32>());
        }

        #[test]
        fn training_figures_add_up(codes in proptest::collection::vec(0..5usize, 0..50)) {
            let f = training_figures(codes.iter().map(|c| Standing::ALL[*c]));
            prop_assert_eq!(f.completed + f.on_plan + f.in_progress + f.overdue, f.staff);
            prop_assert!(f.waived <= f.completed);
        }
    }
}
