//! The public program page of a district, gathered from its records in one place for the page and
//! the API: the texts the district wrote, the roster by school, the training figures and the open
//! exchanges. Nothing here names a student, and staff are named only when the district chooses.

use crate::auth::Staff;
use crate::error::AppError;
use crate::i18n::{LANGUAGES, Lang, Msg};
use crate::program::{self, Scope};
use accord_domain::exchange::ExchangeState;
use accord_domain::public_page::{
    PageText, Placement, SchoolRoster, Shown, TrainingFigures, public_roster, training_figures,
};
use accord_domain::training::{Standing, washington_series};
use accord_store::{
    Actor, CatalogueEntry, District, Exchange, ListeningSession, PageEdit, PageSettings,
    PublishedAgreement, Store,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use time::Date;

/// The language the district writes in first; other languages are translations of it.
pub const SOURCE_LANGUAGE: &str = "en";

/// Everything the public page shows, read in one go.
pub struct ProgramPage {
    pub district: District,
    /// Texts by part, then by language code.
    pub texts: BTreeMap<PageText, BTreeMap<String, String>>,
    pub settings: PageSettings,
    pub roster: Vec<SchoolRoster>,
    pub training: TrainingFigures,
    /// Names and standing of the staff in schools, when the district shows names; else empty.
    pub trained: Vec<(String, Standing)>,
    pub catalogue: Vec<CatalogueEntry>,
    pub open_exchanges: Vec<Exchange>,
    /// The next listening sessions, soonest first (cancelled ones shown as such).
    pub upcoming_sessions: Vec<ListeningSession>,
    /// The newest published agreement with each agency.
    pub agreements: Vec<PublishedAgreement>,
    /// The board policy's newest published version (R1).
    pub board_policy: Option<PublishedAgreement>,
    /// The latest school year's complaint counts (R8), suppressed; none before the first complaint.
    pub complaint_counts: Option<crate::complaints::PublicCounts>,
}

impl ProgramPage {
    /// A part's text in `l`'s language, marked when not yet translated.
    pub fn text(&self, part: PageText, l: &Lang) -> Shown<'_> {
        match self.texts.get(&part) {
            Some(by_language) => {
                accord_domain::public_page::show(by_language, l.code, SOURCE_LANGUAGE)
            }
            None => Shown::Missing,
        }
    }
}

/// A district by its address, or not found.
pub async fn district(store: &Store, slug: &str) -> Result<District, AppError> {
    store
        .district_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn program_page(
    store: &Store,
    district: District,
    today: Date,
) -> Result<ProgramPage, AppError> {
    let scope = Scope {
        district_id: district.id,
        agency_id: None,
    };
    let settings = store.program_page_settings(district.id).await?;
    let people = program::people(store, scope, today).await?;
    let mut placements = Vec::new();
    let mut in_schools = Vec::new();
    for person in &people {
        let before = placements.len();
        placements.extend(person.current_assignments(today).map(|a| Placement {
            school: a.school_name.clone(),
            staff_type: person.staff_type,
            employer: person.member.agency_name.clone(),
            days_per_week: u8::try_from(a.days_per_week).unwrap_or(0),
            name: person.member.name.clone(),
        }));
        if placements.len() > before {
            in_schools.push((person.member.name.clone(), person.status.standing));
        }
    }
    in_schools.sort_by(|a, b| a.0.cmp(&b.0));
    let mut texts: BTreeMap<PageText, BTreeMap<String, String>> = BTreeMap::new();
    for row in store.program_page_texts(district.id).await? {
        if let Some(part) = PageText::parse(&row.part) {
            texts
                .entry(part)
                .or_default()
                .insert(row.language, row.body);
        }
    }
    let open_exchanges = store
        .exchanges(Some(district.id), false)
        .await?
        .into_iter()
        .filter(|e| e.state == ExchangeState::Open)
        .collect();
    Ok(ProgramPage {
        texts,
        roster: public_roster(&placements, settings.show_staff_names),
        training: training_figures(in_schools.iter().map(|(_, s)| *s)),
        trained: if settings.show_staff_names {
            in_schools
        } else {
            Vec::new()
        },
        settings,
        catalogue: store.training_catalogue(district.id).await?,
        open_exchanges,
        upcoming_sessions: store
            .upcoming_listening_sessions(
                district.id,
                time::OffsetDateTime::now_utc().unix_timestamp(),
                5,
            )
            .await?,
        agreements: store.published_agreements(district.id).await?,
        board_policy: published_policy(store, district.id).await?,
        complaint_counts: crate::complaints::public_counts(store, district.id).await?,
        district,
    })
}

/// The board policy's newest published version, if any.
async fn published_policy(
    store: &Store,
    district_id: i64,
) -> Result<Option<PublishedAgreement>, AppError> {
    let Some(policy) = store.board_policy(district_id).await? else {
        return Ok(None);
    };
    let newest = store
        .agreement_versions(policy.id)
        .await?
        .into_iter()
        .rfind(|v| v.published_at.is_some());
    Ok(newest.map(|version| PublishedAgreement {
        agreement: policy,
        version,
    }))
}

/// A topic's title in `l`'s language: Washington's topics as seeded are translated; a title the
/// district wrote is shown as written.
pub fn topic_title(l: &Lang, entry: &CatalogueEntry) -> String {
    let seeded = washington_series()
        .into_iter()
        .any(|r| r.code == entry.requirement.code && r.title == entry.requirement.title);
    if seeded {
        l.t(format!("wa-topic-{}", entry.requirement.code))
    } else {
        entry.requirement.title.clone()
    }
}

/// The edit form and the API's body: each part's text by language, and the choices.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PageInput {
    /// Part key (intro, primary_duties, ...) to language code (en, es) to text.
    #[serde(default)]
    pub texts: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    pub show_staff_names: bool,
}

impl PageInput {
    /// What is stored now, as the form shows it.
    pub fn of(page: &ProgramPage) -> PageInput {
        PageInput {
            texts: page
                .texts
                .iter()
                .map(|(part, by_language)| (part.key().to_owned(), by_language.clone()))
                .collect(),
            show_staff_names: page.settings.show_staff_names,
        }
    }

    /// The form's fields (`text.{part}.{language}`, `show_staff_names`) as an input.
    pub fn from_form(fields: &HashMap<String, String>) -> PageInput {
        let mut input = PageInput {
            show_staff_names: fields.contains_key("show_staff_names"),
            ..PageInput::default()
        };
        for (name, value) in fields {
            let mut pieces = name.splitn(3, '.');
            if let (Some("text"), Some(part), Some(language)) =
                (pieces.next(), pieces.next(), pieces.next())
            {
                input
                    .texts
                    .entry(part.to_owned())
                    .or_default()
                    .insert(language.to_owned(), value.clone());
            }
        }
        input
    }

    pub fn value(&self, part: &PageText, language: &str) -> &str {
        self.texts
            .get(part.key())
            .and_then(|by_language| by_language.get(language))
            .map_or("", String::as_str)
    }

    /// Checks every part and language, and gives what to store.
    pub fn validate(&self) -> Result<PageEdit, Msg> {
        let mut texts = Vec::new();
        for (part_key, by_language) in &self.texts {
            let part = PageText::parse(part_key).ok_or_else(|| {
                Msg::new("page-invalid-part")
                    .arg("part", part_key.as_str())
                    .field("texts")
            })?;
            for (language, body) in by_language {
                if !LANGUAGES.iter().any(|(code, _, _)| code == language) {
                    return Err(Msg::new("page-invalid-language")
                        .arg("language", language.as_str())
                        .field("texts"));
                }
                let body = body.trim().replace("\r\n", "\n");
                let length = body.chars().count();
                if length > PageText::MAX_CHARS {
                    return Err(Msg::new("page-invalid-too-long")
                        .arg("part", part.key())
                        .arg("len", length)
                        .arg("max", PageText::MAX_CHARS)
                        .field("texts"));
                }
                texts.push((part.key().to_owned(), language.clone(), body));
            }
        }
        Ok(PageEdit {
            texts,
            settings: PageSettings {
                show_staff_names: self.show_staff_names,
            },
        })
    }
}

/// Saves the page's texts and choices for the manager's district: Ok(Err) is the user's mistake.
pub async fn save(
    store: &Store,
    staff: &Staff,
    input: &PageInput,
) -> Result<Result<(), Msg>, AppError> {
    program::require_manager(staff)?;
    let edit = match input.validate() {
        Ok(edit) => edit,
        Err(msg) => return Ok(Err(msg)),
    };
    store
        .save_program_page(staff.0.district_id, &Actor::user(&staff.0), &edit)
        .await?;
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_become_texts_by_part_and_language() {
        let fields = HashMap::from([
            ("text.primary_duties.en".to_owned(), "Drills".to_owned()),
            ("text.primary_duties.es".to_owned(), "Simulacros".to_owned()),
            ("_csrf".to_owned(), "x".to_owned()),
            ("show_staff_names".to_owned(), "on".to_owned()),
        ]);
        let input = PageInput::from_form(&fields);
        assert!(input.show_staff_names);
        assert_eq!(input.value(&PageText::PrimaryDuties, "es"), "Simulacros");
        let edit = input.validate().expect("valid");
        assert_eq!(edit.texts.len(), 2);
    }

    #[test]
    fn unknown_parts_languages_and_overlong_texts_are_refused() {
        let one = |part: &str, language: &str, body: String| PageInput {
            texts: BTreeMap::from([(
                part.to_owned(),
                BTreeMap::from([(language.to_owned(), body)]),
            )]),
            show_staff_names: false,
        };
        assert_eq!(
            one("salary", "en", "x".into())
                .validate()
                .expect_err("refused")
                .key,
            "page-invalid-part"
        );
        assert_eq!(
            one("intro", "fr", "x".into())
                .validate()
                .expect_err("refused")
                .key,
            "page-invalid-language"
        );
        let long = "é".repeat(PageText::MAX_CHARS + 1);
        assert_eq!(
            one("intro", "en", long)
                .validate()
                .expect_err("refused")
                .key,
            "page-invalid-too-long"
        );
        let exact = "é".repeat(PageText::MAX_CHARS);
        assert!(one("intro", "en", exact).validate().is_ok());
    }
}
