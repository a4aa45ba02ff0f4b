//! The demo district closes the loop with its community: the published exchange's three best-rated
//! thoughts answered (two in English and Spanish, one waiting for its Spanish translation, so the
//! program page shows both states), two linked to the agreement sections that changed because of them.

use accord_domain::answers::{self, Reason};
use accord_store::{Actor, AnswerEdit, District, Exchange, Store};
use accord_web::public_page::SOURCE_LANGUAGE;
use accord_web::{AppState, Settings};
use std::collections::BTreeMap;

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
