//! The demo district closes the loop with its community: the published exchange's three best-rated
//! thoughts answered (two in English and Spanish, one waiting for its Spanish translation, so the
//! program page shows both states), two linked to the agreement sections that changed because of them;
//! the board's policy with its history; and this year's notice, recorded in half of the schools.

use accord_domain::answers::{self, Reason};
use accord_domain::documents::{
    self, DocumentKind, Requirement, SchoolYear, Section, VersionState,
};
use accord_domain::notice::{self, Audience};
use accord_store::{Actor, AnswerEdit, District, Exchange, Store, VersionChange};
use accord_web::public_page::SOURCE_LANGUAGE;
use accord_web::{AppState, Settings};
use std::collections::BTreeMap;
use time::{Date, Month};

/// (English, Spanish or "" for not yet translated, the agreement section it changed or "").
const ANSWERS: [(&str, &str, &str); 3] = [
    (
        "The board heard this. Officers now take no part in school discipline: discipline is the \
         school's, under its own policies, and officers are called only when someone's physical \
         safety is at immediate risk.",
        "La junta lo escuchó. Los agentes ya no participan en la disciplina escolar: la disciplina \
         es de la escuela, según sus propias normas, y solo se llama a los agentes cuando la \
         seguridad física de alguien corre un riesgo inmediato.",
        "Discipline role",
    ),
    (
        "Families can now file a complaint about an officer with the school or with the department, \
         in English or Spanish; each tells the other within two school days.",
        "Las familias ahora pueden presentar una queja sobre un agente ante la escuela o ante el \
         departamento, en inglés o en español; cada uno avisa al otro en dos días escolares.",
        "Complaints",
    ),
    (
        "Every year the program page now shows how many calls to law enforcement each school made, \
         and the training each officer completed.",
        "",
        "",
    ),
];

/// Answers the published exchange's best-rated thoughts, once.
pub async fn seed_answers(
    store: &Store,
    district: &District,
    exchange: &Exchange,
) -> anyhow::Result<()> {
    if !store.answers(exchange.id, false).await?.is_empty() {
        return Ok(());
    }
    let actor = Actor::process("accord demo");
    let state = AppState::new(store.clone(), Settings::default());
    let suggested = accord_web::answers::suggestions(&state, exchange, &[]).await?;
    let best = suggested
        .iter()
        .filter(|s| s.reasons.contains(&Reason::HighestRated))
        .take(ANSWERS.len());
    // The amended agreement of last year (its second version) changed the sections answered here.
    let mut amended = None;
    for agreement in store.agreements(district.id, None).await? {
        let versions = store.agreement_versions(agreement.id).await?;
        if let Some(v) = versions
            .into_iter()
            .find(|v| v.number == 2 && v.published_at.is_some())
        {
            amended = Some(v.id);
            break;
        }
    }
    for (suggestion, (english, spanish, section)) in best.zip(ANSWERS) {
        let answer = store
            .add_answer(
                &actor,
                exchange.id,
                &suggestion.subject,
                Reason::HighestRated,
            )
            .await?;
        let mut texts = BTreeMap::from([("en".to_owned(), english.to_owned())]);
        if !spanish.is_empty() {
            texts.insert("es".to_owned(), spanish.to_owned());
        }
        let edit = AnswerEdit {
            texts,
            section: amended
                .filter(|_| !section.is_empty())
                .map(|version| (version, section.to_owned())),
        };
        let saved = store.save_answer(&actor, answer.id, &edit).await?;
        answers::publish(saved.state, exchange.state, &saved.texts, SOURCE_LANGUAGE)?;
        store.publish_answer(&actor, answer.id).await?;
    }
    Ok(())
}

/// The board's policy and procedure (R1) in three versions, once: adopted two school years ago,
/// amended last year after the community asked for officers to stay out of discipline, and this
/// year's draft.
pub async fn seed_policy(store: &Store, district: &District, today: Date) -> anyhow::Result<()> {
    if store.board_policy(district.id).await?.is_some() {
        return Ok(());
    }
    let actor = Actor::process("accord demo");
    let year = SchoolYear::containing(today)
        .ok_or_else(|| anyhow::anyhow!("no school year contains {today}"))?
        .starts_on
        .year();
    let policy = store
        .create_board_policy(
            district.id,
            &actor,
            "Policy 3225: School safety and security staff",
            &policy_text(0),
        )
        .await?;
    let mut version = store.agreement_versions(policy.id).await?[0].id;
    for (step, adopted_year) in [(0, year - 2), (1, year - 1)] {
        if step > 0 {
            version = store.add_agreement_version(&actor, policy.id).await?.id;
            store
                .save_agreement_sections(&actor, version, &policy_text(step))
                .await?;
        }
        let adopted_on = Date::from_calendar_date(adopted_year, Month::June, 10)?;
        for (from, to) in [
            (VersionState::Draft, VersionState::Adopted),
            (VersionState::Adopted, VersionState::Published),
        ] {
            let sections = store
                .agreement_version(version)
                .await?
                .map(|v| v.sections)
                .unwrap_or_default();
            documents::advance(DocumentKind::BoardPolicy, from, to, &sections, 0)?;
            let change = VersionChange {
                from,
                to,
                adopted_on: (to == VersionState::Adopted).then(|| adopted_on.to_string()),
                submitted_on: None,
            };
            store
                .change_agreement_state(&actor, version, &change)
                .await?;
        }
    }
    let draft = store.add_agreement_version(&actor, policy.id).await?;
    store
        .save_agreement_sections(&actor, draft.id, &policy_text(2))
        .await?;
    Ok(())
}

/// The policy's text in three steps (see [`seed_policy`]).
fn policy_text(step: usize) -> Vec<Section> {
    use Requirement::*;
    let discipline = [
        "Staff may support administrators with student discipline when asked.",
        "Safety and security staff take no part in school discipline, which is the administrators' \
         under the district's discipline policy.",
        "Safety and security staff take no part in school discipline, and do not question students \
         about violations of school rules.",
    ];
    let complaints = [
        "Complaints about staff go to the building principal.",
        "Families may complain to the school or to the agency, in English or Spanish, on paper or \
         online; the district acknowledges each complaint within two school days.",
        "Families may complain to the school or to the agency, in English or Spanish, on paper or \
         online; the district acknowledges each complaint within two school days and publishes the \
         number of complaints each year.",
    ];
    let at = |texts: [&str; 3]| texts[step.min(2)].to_owned();
    let section = |heading: &str, body: String, covers: Vec<Requirement>| Section {
        heading: heading.into(),
        body,
        covers,
    };
    vec![
        section("Discipline", at(discipline), vec![DisciplineRole]),
        section(
            "When staff may be asked to intervene",
            "Teachers and administrators may ask staff to intervene only when someone's physical \
             safety is at immediate risk or a crime is in progress."
                .into(),
            vec![InterventionCircumstances],
        ),
        section(
            "School climate",
            "Staff learn students' names, join family nights, and meet the student advisory group \
             each quarter."
                .into(),
            vec![SchoolClimate],
        ),
        section(
            "Complaints",
            format!(
                "{} The principal investigates within ten school days with the agency, and answers \
                 the family in writing.",
                at(complaints)
            ),
            vec![ComplaintProcess, ComplaintInvestigation],
        ),
    ]
}

/// This school year's notice presented to students and sent to families in the first schools, once;
/// the others are still to do it, as the record page shows.
pub async fn seed_notice(store: &Store, district: &District, today: Date) -> anyhow::Result<()> {
    let year = SchoolYear::containing(today)
        .ok_or_else(|| anyhow::anyhow!("no school year contains {today}"))?;
    if !store
        .notice_presentations(district.id, &year.label)
        .await?
        .is_empty()
    {
        return Ok(());
    }
    let actor = Actor::process("accord demo");
    let schools = store.schools(district.id).await?;
    let ways = [
        (
            Audience::Students,
            14,
            "Assemblies in each grade, with the school's officer",
        ),
        (
            Audience::Families,
            16,
            "Email in English and Spanish, and a paper copy in backpacks",
        ),
    ];
    for school in schools.iter().take(schools.len().div_ceil(2)) {
        for (audience, days, how) in ways {
            let on = (year.starts_on + time::Duration::days(days)).min(today);
            let presentation = notice::presentation(&year, audience, on, how, today)?;
            store
                .record_notice_presentation(
                    district.id,
                    &actor,
                    school.id,
                    &year.label,
                    &presentation,
                )
                .await?;
        }
    }
    Ok(())
}
