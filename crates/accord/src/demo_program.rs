//! The demo district's program record: a police department and a security company, a dozen staff in
//! every state of training (complete, on an approved plan, due, overdue, waived), and their assignment
//! history; and three school years of agreements with each agency: the two past years adopted,
//! submitted to OSPI and published (the last one amended once), the current one under community review
//! and linked to the demo's exchanges. Dates are counted back from today, so each person and agreement
//! stays in their state whenever the demo is made.

use accord_domain::documents::{Requirement, SchoolYear, Section, VersionState};
use accord_domain::training::{StaffType, add_months};
use accord_store::{
    Actor, District, NewAgency, NewAgreement, NewAgreementComment, NewAssignment, NewStaff,
    NewTrainingRecord, PageEdit, PageSettings, School, Store, VersionChange,
};
use time::{Date, Duration, Month};

const POLICE: &str = "Cedar Valley Police Department";
const SECURITY: &str = "Evergreen Campus Security";

/// How far a demo person's training has come.
#[derive(Clone, Copy)]
enum Story {
    Complete,
    /// Half the topics done, an approved plan for the rest.
    OnPlan,
    /// Some topics recorded but not yet verified; a plan waiting for approval.
    Due,
    /// Three items past their deadline.
    Overdue,
    /// Complete, two topics waived for prior training.
    Waived,
}

struct DemoPerson {
    name: &'static str,
    number: &'static str,
    staff_type: StaffType,
    /// Months before today of the first day on site.
    months_on_site: u32,
    story: Story,
    /// Schools by index in the district's list, newest last: (school, days per week, ended).
    schools: &'static [(usize, i64, bool)],
}

const SRO: StaffType = StaffType::SchoolResourceOfficer;
const GUARD: StaffType = StaffType::ContractedSecurity;

const PEOPLE: [DemoPerson; 12] = [
    DemoPerson {
        name: "Officer Dana Whitfield",
        number: "CV-1041",
        staff_type: SRO,
        months_on_site: 30,
        story: Story::Complete,
        schools: &[(1, 5, true), (0, 5, false)],
    },
    DemoPerson {
        name: "Officer Marcus Reyes",
        number: "CV-1187",
        staff_type: SRO,
        months_on_site: 14,
        story: Story::Complete,
        schools: &[(1, 5, false)],
    },
    DemoPerson {
        name: "Officer Lena Park",
        number: "CV-1302",
        staff_type: SRO,
        months_on_site: 2,
        story: Story::OnPlan,
        schools: &[(3, 3, false), (4, 2, false)],
    },
    DemoPerson {
        name: "Officer Tom Okafor",
        number: "CV-0988",
        staff_type: SRO,
        months_on_site: 9,
        story: Story::Overdue,
        schools: &[(5, 5, false)],
    },
    DemoPerson {
        name: "Sergeant Ruth Alvarez",
        number: "CV-0712",
        staff_type: SRO,
        months_on_site: 40,
        story: Story::Waived,
        schools: &[(0, 2, true), (2, 3, false)],
    },
    DemoPerson {
        name: "Officer Sam Nguyen",
        number: "CV-1355",
        staff_type: SRO,
        months_on_site: 0,
        story: Story::Due,
        schools: &[],
    },
    DemoPerson {
        name: "Jordan Blake",
        number: "EG-201",
        staff_type: GUARD,
        months_on_site: 20,
        story: Story::Complete,
        schools: &[(6, 3, false), (7, 2, false)],
    },
    DemoPerson {
        name: "Priya Shah",
        number: "EG-214",
        staff_type: GUARD,
        months_on_site: 3,
        story: Story::OnPlan,
        schools: &[(8, 5, false)],
    },
    DemoPerson {
        name: "Chris Mendoza",
        number: "EG-187",
        staff_type: GUARD,
        months_on_site: 14,
        story: Story::Overdue,
        schools: &[(9, 5, false)],
    },
    DemoPerson {
        name: "Avery Collins",
        number: "EG-150",
        staff_type: GUARD,
        months_on_site: 26,
        story: Story::Waived,
        schools: &[(10, 5, false)],
    },
    DemoPerson {
        name: "Morgan Lee",
        number: "EG-233",
        staff_type: GUARD,
        months_on_site: 0,
        story: Story::Due,
        schools: &[],
    },
    DemoPerson {
        name: "Taylor Brooks",
        number: "EG-122",
        staff_type: GUARD,
        months_on_site: 36,
        story: Story::Complete,
        schools: &[(11, 5, true)],
    },
];

fn months_before(today: Date, months: u32) -> Date {
    add_months(today, -(months as i32))
}

/// Fills the program once; a district that already has agencies is left as it is.
pub async fn seed(store: &Store, district: &District, today: Date) -> anyhow::Result<()> {
    if !store.agencies(district.id).await?.is_empty() {
        return Ok(());
    }
    let actor = Actor::process("accord demo");
    let add = |name: &str, kind: &str, contact: &str| NewAgency {
        name: name.into(),
        kind: kind.into(),
        contact: contact.into(),
    };
    let police = store
        .add_agency(
            district.id,
            &actor,
            &add(POLICE, "law_enforcement", "sro-unit@cedarvalleypd.example"),
        )
        .await?;
    let security = store
        .add_agency(
            district.id,
            &actor,
            &add(
                SECURITY,
                "security_company",
                "dispatch@evergreen-security.example",
            ),
        )
        .await?;
    let schools = store.schools(district.id).await?;
    let catalogue = store.training_catalogue(district.id).await?;
    for person in &PEOPLE {
        let agency = if person.staff_type == SRO {
            &police
        } else {
            &security
        };
        let first_day = months_before(today, person.months_on_site);
        let member = store
            .add_staff(
                district.id,
                &actor,
                &[NewStaff {
                    agency_id: agency.id,
                    staff_number: person.number.into(),
                    name: person.name.into(),
                    staff_type: person.staff_type.key().into(),
                    first_day_on_site: (person.months_on_site > 0).then(|| first_day.to_string()),
                }],
            )
            .await?
            .remove(0);
        train(
            store,
            district.id,
            &actor,
            &catalogue,
            member.id,
            person,
            first_day,
            today,
        )
        .await?;
        assign(
            store,
            district.id,
            &actor,
            &schools,
            member.id,
            person,
            first_day,
            today,
        )
        .await?;
    }
    write_page(store, district, &actor).await?;
    Ok(())
}

/// The public page's duties and intervention procedure, in English and Spanish (the seed page's
/// duties); the other parts show the standard text.
const PAGE_TEXTS: [(&str, &str, &str); 6] = [
    (
        "primary_duties",
        "en",
        "Emergency response to all schools\nContacting non-students, adults and criminal situations on and near campuses\nAssisting students who are potential victims of crimes\nEmergency preparedness planning and training for schools\nAssisting in emergency drills and lockdowns\nTaking part in threat assessment teams\nWelfare checks\nBuilding strong, positive relationships with students",
    ),
    (
        "primary_duties",
        "es",
        "Respuesta a emergencias en todas las escuelas\nAtender a personas que no son estudiantes, adultos y situaciones delictivas en los campus y sus alrededores\nAyudar a los estudiantes que pueden ser víctimas de delitos\nPlanificación y capacitación de las escuelas para emergencias\nAyudar en los simulacros de emergencia y los cierres de seguridad\nParticipar en los equipos de evaluación de amenazas\nControles de bienestar\nConstruir relaciones sólidas y positivas con los estudiantes",
    ),
    (
        "secondary_duties",
        "en",
        "Career days and family nights\nGraduation planning, and monitoring events, dances and football games\nExplorer programs for youth 14-21\nRestorative justice circles",
    ),
    (
        "secondary_duties",
        "es",
        "Días de carreras y noches familiares\nPlanificación de graduaciones y vigilancia de eventos, bailes y partidos de fútbol americano\nProgramas de exploradores para jóvenes de 14 a 21 años\nCírculos de justicia restaurativa",
    ),
    (
        "intervention",
        "en",
        "Teachers and administrators may ask safety and security staff to step in when someone's safety is at immediate risk, when a crime is being committed, or when a person who is not a student must be removed from campus.\n\nStaff are never asked to enforce school rules or to take part in discipline: a student's behaviour is handled by the school's administrators under the discipline policy.",
    ),
    (
        "intervention",
        "es",
        "El personal docente y la administración pueden pedir al personal de seguridad que intervenga cuando la seguridad de alguien está en peligro inmediato, cuando se está cometiendo un delito, o cuando hay que retirar del campus a una persona que no es estudiante.\n\nNunca se pide al personal que haga cumplir las normas escolares ni que participe en la disciplina: la conducta de un estudiante la atiende la administración de la escuela según la política de disciplina.",
    ),
];

async fn write_page(store: &Store, district: &District, actor: &Actor) -> anyhow::Result<()> {
    let edit = PageEdit {
        texts: PAGE_TEXTS
            .iter()
            .map(|(part, language, body)| {
                (
                    (*part).to_owned(),
                    (*language).to_owned(),
                    (*body).to_owned(),
                )
            })
            .collect(),
        settings: PageSettings::default(),
    };
    store.save_program_page(district.id, actor, &edit).await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn train(
    store: &Store,
    district_id: i64,
    actor: &Actor,
    catalogue: &[accord_store::CatalogueEntry],
    staff_id: i64,
    person: &DemoPerson,
    first_day: Date,
    today: Date,
) -> anyhow::Result<()> {
    let applicable: Vec<_> = catalogue
        .iter()
        .filter(|e| e.requirement.applies_to(person.staff_type))
        .collect();
    let done = match person.story {
        Story::Complete | Story::Waived => applicable.len(),
        Story::OnPlan | Story::Due => applicable.len() / 2,
        Story::Overdue => applicable.len() - 3,
    };
    let mut records = Vec::new();
    for (i, entry) in applicable.iter().enumerate().take(done) {
        let on = (first_day + Duration::days(7 + 3 * i as i64)).min(today);
        let waived = matches!(person.story, Story::Waived) && i < 2;
        records.push(NewTrainingRecord {
            staff_id,
            requirement_id: entry.id,
            completed_on: on.to_string(),
            provider: if waived {
                "Puget Sound Educational Service District".into()
            } else {
                "Washington State Criminal Justice Training Commission".into()
            },
            hours: if waived { 0.0 } else { 4.0 },
            units: i64::from(entry.requirement.required_units),
            evidence: None,
            waiver_reason: waived.then(|| {
                "Significant prior training: twelve years in the juvenile unit, documented by the ESD"
                    .into()
            }),
        });
    }
    let added = store
        .add_training_records(district_id, actor, &records)
        .await?;
    let verify_all = !matches!(person.story, Story::Due);
    for record in added.iter().filter(|r| r.waived == 0 && verify_all) {
        store.verify_training_record(actor, record.id).await?;
    }
    let plan_by = add_months(first_day, 6).min(add_months(today, 2));
    match person.story {
        Story::OnPlan => {
            store
                .save_plan(
                    district_id,
                    actor,
                    staff_id,
                    &plan_by.to_string(),
                    "Spring academy at the CJTC, then check-ins with the lead officer.",
                )
                .await?;
            store.approve_plan(actor, staff_id).await?;
        }
        Story::Due => {
            store
                .save_plan(
                    district_id,
                    actor,
                    staff_id,
                    &add_months(today, 3).to_string(),
                    "Summer academy.",
                )
                .await?;
        }
        _ => {}
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn assign(
    store: &Store,
    district_id: i64,
    actor: &Actor,
    schools: &[School],
    staff_id: i64,
    person: &DemoPerson,
    first_day: Date,
    today: Date,
) -> anyhow::Result<()> {
    let mut start = first_day;
    for &(school, days, ended) in person.schools {
        let Some(school) = schools.get(school) else {
            continue;
        };
        // An ended assignment lasted until a month ago, or half way to today for the first one.
        let end = ended.then(|| {
            let halfway = start + (today - start) / 2;
            if person.schools.len() > 1 {
                halfway
            } else {
                months_before(today, 1)
            }
        });
        store
            .add_assignment(
                district_id,
                actor,
                &NewAssignment {
                    staff_id,
                    school_id: school.id,
                    starts_on: start.to_string(),
                    ends_on: end.map(|d| d.to_string()),
                    days_per_week: days,
                },
            )
            .await?;
        if let Some(end) = end {
            start = end + Duration::days(1);
        }
    }
    Ok(())
}

/// The agreement's text in three steps: as first adopted, as amended after the community asked for
/// officers to stay out of discipline, and the draft that answers the current exchange.
fn agreement_text(step: usize) -> Vec<Section> {
    use Requirement::*;
    let discipline = [
        "Officers may be asked to help with student discipline when a principal requests it.",
        "Officers take no part in school discipline: discipline is the school's, under its policies.",
        "Officers take no part in school discipline, and do not question students about school rule \
         violations: discipline is the school's, under its policies.",
    ];
    let climate = [
        "Officers wear the department's uniform on campus.",
        "Officers wear the department's uniform on campus and join one family night a semester.",
        "Officers join one family night a semester and meet the student advisory group each quarter, \
         so that students know them by name.",
    ];
    let complaints = [
        "Complaints about an officer go to the department's internal affairs unit.",
        "Complaints about an officer may be filed with the school or with the department, in English or \
         Spanish; each tells the other within two school days.",
        "Complaints about an officer may be filed with the school or with the department, in English or \
         Spanish, on paper or online; each tells the other within two school days, and the family hears \
         the outcome in writing.",
    ];
    let at = |texts: [&str; 3]| texts[step.min(2)].to_owned();
    let section = |heading: &str, body: String, covers: Requirement| Section {
        heading: heading.into(),
        body,
        covers: vec![covers],
    };
    vec![
        section(
            "Hiring and placement",
            "The district and the agency choose together who is placed in each school; the principal \
             meets every candidate first."
                .into(),
            HiringAndPlacement,
        ),
        section(
            "Performance evaluation",
            "The agency evaluates its staff every year with written input from each principal.".into(),
            PerformanceEvaluation,
        ),
        section(
            "Training",
            "The agency confirms before placement that each person completed the state's training \
             series, or shares a plan to complete it within the legal deadlines."
                .into(),
            TrainingConfirmationOrPlan,
        ),
        section("Discipline role", at(discipline), DisciplineRole),
        section(
            "When staff may be asked to intervene",
            "Staff intervene only when there is an immediate threat to someone's physical safety."
                .into(),
            InterventionCircumstances,
        ),
        section("School climate", at(climate), SchoolClimate),
        section("Complaints", at(complaints), ComplaintProcess),
    ]
}

/// The day in `year` with the given month and day (the demo's fixed dates exist in every year).
fn day_in(year: i32, month: Month, day: u8) -> Date {
    Date::from_calendar_date(year, month, day).unwrap_or(Date::MIN)
}

/// Adopts, submits and publishes version `version_id`, adopted before the school year begins.
async fn publish(
    store: &Store,
    actor: &Actor,
    version_id: i64,
    adopted_on: Date,
) -> anyhow::Result<()> {
    use VersionState::*;
    for (from, to) in [
        (Draft, CommunityReview),
        (CommunityReview, Adopted),
        (Adopted, SubmittedToOspi),
        (SubmittedToOspi, Published),
    ] {
        let change = VersionChange {
            from,
            to,
            adopted_on: (to == Adopted).then(|| adopted_on.to_string()),
            submitted_on: (to == SubmittedToOspi)
                .then(|| (adopted_on + Duration::days(14)).to_string()),
        };
        store
            .change_agreement_state(actor, version_id, &change)
            .await?;
    }
    Ok(())
}

/// Three school years of agreements with each agency, once; the current year's is linked to
/// `exchange_ids` and to the past listening sessions.
pub async fn seed_agreements(
    store: &Store,
    district: &District,
    exchange_ids: &[i64],
    today: Date,
) -> anyhow::Result<()> {
    if !store.agreements(district.id, None).await?.is_empty() {
        return Ok(());
    }
    let actor = Actor::process("accord demo");
    let current = SchoolYear::containing(today)
        .ok_or_else(|| anyhow::anyhow!("no school year contains {today}"))?;
    let first_year = current.starts_on.year();
    for agency in store.agencies(district.id).await? {
        for (step, year) in (first_year - 2..=first_year).enumerate() {
            let school_year = SchoolYear::starting(year)
                .ok_or_else(|| anyhow::anyhow!("no school year starts in {year}"))?;
            let agreement = store
                .create_agreement(
                    district.id,
                    &actor,
                    &NewAgreement {
                        agency_id: agency.id,
                        school_year,
                        title: format!("Agreement with {}", agency.name),
                        sections: agreement_text(step.saturating_sub(1)),
                    },
                )
                .await?;
            let first = store.agreement_versions(agreement.id).await?[0].id;
            let comment = |source: &str, body: &str, received_on: Date| NewAgreementComment {
                source: source.into(),
                body: body.into(),
                received_on: received_on.to_string(),
            };
            store
                .add_agreement_comment(
                    &actor,
                    agreement.id,
                    &comment(
                        "Student advisory group",
                        "Students want to know the officers by name, and to keep them out of \
                         discipline.",
                        day_in(year, Month::May, 2).min(today),
                    ),
                )
                .await?;
            if year == first_year {
                for exchange_id in exchange_ids {
                    store
                        .link_agreement_exchange(&actor, agreement.id, *exchange_id)
                        .await?;
                }
                let now = time::OffsetDateTime::now_utc().unix_timestamp();
                for session in store.past_listening_sessions(district.id, now, 2).await? {
                    store
                        .link_agreement_session(&actor, agreement.id, session.id)
                        .await?;
                }
                store
                    .save_agreement_sections(&actor, first, &agreement_text(2))
                    .await?;
                store
                    .change_agreement_state(
                        &actor,
                        first,
                        &VersionChange {
                            from: VersionState::Draft,
                            to: VersionState::CommunityReview,
                            adopted_on: None,
                            submitted_on: None,
                        },
                    )
                    .await?;
                continue;
            }
            publish(store, &actor, first, day_in(year, Month::June, 10)).await?;
            if step == 1 {
                // Amended mid-year after the community's comments: a second published version.
                store
                    .add_agreement_comment(
                        &actor,
                        agreement.id,
                        &comment(
                            "Spanish-speaking parents' night",
                            "Families asked to file complaints in Spanish and with the school.",
                            day_in(year + 1, Month::January, 20),
                        ),
                    )
                    .await?;
                let amended = store.add_agreement_version(&actor, agreement.id).await?;
                store
                    .save_agreement_sections(&actor, amended.id, &agreement_text(1))
                    .await?;
                publish(
                    store,
                    &actor,
                    amended.id,
                    day_in(year + 1, Month::February, 12),
                )
                .await?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn months_before_steps_back_across_years_and_month_ends() {
        assert_eq!(
            months_before(date!(2026 - 11 - 30), 2),
            date!(2026 - 09 - 30)
        );
        assert_eq!(
            months_before(date!(2026 - 03 - 31), 1),
            date!(2026 - 02 - 28)
        );
        assert_eq!(
            months_before(date!(2026 - 11 - 30), 14),
            date!(2025 - 09 - 30)
        );
        assert_eq!(
            months_before(date!(2026 - 11 - 30), 0),
            date!(2026 - 11 - 30)
        );
        assert_eq!(
            months_before(date!(2028 - 02 - 29), 12),
            date!(2027 - 02 - 28)
        );
    }

    #[test]
    fn the_dozen_cover_every_story_and_both_kinds_of_staff() {
        for story in [
            Story::Complete,
            Story::OnPlan,
            Story::Due,
            Story::Overdue,
            Story::Waived,
        ] {
            let matching = PEOPLE
                .iter()
                .filter(|p| std::mem::discriminant(&p.story) == std::mem::discriminant(&story));
            assert!(matching.clone().any(|p| p.staff_type == SRO));
            assert!(matching.clone().any(|p| p.staff_type == GUARD));
        }
    }
}
