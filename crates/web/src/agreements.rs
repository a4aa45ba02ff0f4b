//! Each agency's yearly agreement, once for the pages and the API: who may read and change which
//! agreement (the program's roles and scope), typed input turned into the domain's values with a
//! message naming the field, the checklist and the state changes it guards, the community process
//! beside the draft, the comparison of two versions, the review reminder, and the public record.

use crate::AppState;
use crate::actions;
use crate::auth::Staff;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::program::{NOTE_MAX_CHARS, Scope, require_manager, scope_of, today};
use accord_domain::documents::{
    self, DocumentKind, Requirement, ReviewReminder, SchoolYear, Section, SectionDiff,
    StateRefusal, VersionState,
};
use accord_domain::exchange::ExchangeState;
use accord_domain::training::parse_date;
use accord_store::{
    Actor, Agreement, AgreementComment, AgreementVersion, District, ListeningSession, NewAgreement,
    NewAgreementComment, PublishedAgreement, SessionTheme, Store, StoreError, VersionChange,
};
use serde::Deserialize;
use time::Date;

pub const TITLE_MAX_CHARS: usize = 200;
pub const HEADING_MAX_CHARS: usize = 200;
pub const BODY_MAX_CHARS: usize = 20_000;
/// The best thoughts of a linked exchange shown beside the draft.
pub const TOP_THOUGHTS: usize = 3;

fn required(value: &str, field: &'static str, max: usize) -> Result<String, Msg> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Msg::new("program-invalid-empty")
            .arg("field", field)
            .field(field));
    }
    too_long(value, field, max)?;
    Ok(value.to_owned())
}

fn too_long(value: &str, field: &'static str, max: usize) -> Result<(), Msg> {
    let len = value.chars().count();
    if len > max {
        return Err(Msg::new("program-invalid-too-long")
            .arg("field", field)
            .arg("len", len)
            .arg("max", max)
            .field(field));
    }
    Ok(())
}

/// A past or present date, as typed.
fn past_date(value: &str, field: &'static str, today: Date) -> Result<Date, Msg> {
    let date = parse_date(value).ok_or_else(|| {
        Msg::new("program-invalid-date")
            .arg("value", value.trim())
            .field(field)
    })?;
    if date > today {
        return Err(Msg::new("program-invalid-future").field(field));
    }
    Ok(date)
}

/// A new agreement as typed. `agency` is the agency's id or name.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct AgreementInput {
    #[serde(default, deserialize_with = "crate::program::text_or_number")]
    pub agency: String,
    /// `2026-27` (or `2026-2027`).
    #[serde(default)]
    pub school_year: String,
    #[serde(default)]
    pub title: String,
}

/// One section as typed. On the page, `index` says which section of the version the form edits
/// (empty: a new one at the end); a section saved with neither heading nor text is removed.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct SectionInput {
    #[serde(default)]
    #[schema(ignore)]
    pub index: String,
    #[serde(default)]
    pub heading: String,
    #[serde(default)]
    pub body: String,
    /// The required contents this section covers: hiring_and_placement, performance_evaluation,
    /// training_confirmation_or_plan, discipline_role, intervention_circumstances, school_climate,
    /// complaint_process.
    #[serde(default)]
    pub covers: Vec<String>,
}

impl SectionInput {
    pub fn of(section: &Section, index: usize) -> SectionInput {
        SectionInput {
            index: index.to_string(),
            heading: section.heading.clone(),
            body: section.body.clone(),
            covers: section.covers.iter().map(|r| r.key().to_owned()).collect(),
        }
    }

    pub fn is_blank(&self) -> bool {
        self.heading.trim().is_empty() && self.body.trim().is_empty()
    }

    pub fn covers(&self, requirement: &Requirement) -> bool {
        self.covers.iter().any(|c| c == requirement.key())
    }

    pub fn validate(&self) -> Result<Section, Msg> {
        let heading = required(&self.heading, "heading", HEADING_MAX_CHARS)?;
        too_long(&self.body, "body", BODY_MAX_CHARS)?;
        let covers = self
            .covers
            .iter()
            .map(|key| {
                Requirement::parse(key).ok_or_else(|| {
                    Msg::new("agreement-unknown-requirement")
                        .arg("value", key.trim())
                        .field("covers")
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Section {
            heading,
            body: self.body.trim().to_owned(),
            covers,
        })
    }
}

/// A move to another state, with the dates it records.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct StateInput {
    /// draft, community_review, adopted, submitted_to_ospi or published
    #[serde(default)]
    pub state: String,
    /// The board's adoption date: needed to adopt.
    #[serde(default)]
    pub adopted_on: String,
    /// The day it went to OSPI: needed to mark it submitted.
    #[serde(default)]
    pub submitted_on: String,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct CommentInput {
    /// Who or where it came from ("PTA letter", "student council").
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub received_on: String,
}

impl CommentInput {
    pub fn validate(&self, today: Date) -> Result<NewAgreementComment, Msg> {
        Ok(NewAgreementComment {
            source: required(&self.source, "source", TITLE_MAX_CHARS)?,
            body: required(&self.body, "body", NOTE_MAX_CHARS)?,
            received_on: past_date(&self.received_on, "received_on", today)?.to_string(),
        })
    }
}

/// The labels of required contents, in the visitor's language.
pub fn requirement_labels(l: &Lang, requirements: &[Requirement]) -> String {
    requirements
        .iter()
        .map(|r| l.t(format!("agreement-req-{}", r.key())))
        .collect::<Vec<_>>()
        .join("; ")
}

fn refusal_message(l: &Lang, refusal: &StateRefusal) -> Msg {
    let state = |s: &VersionState| l.t(format!("agreement-state-{}", s.key()));
    match refusal {
        StateRefusal::OutOfOrder { from, to } => Msg::new("agreement-refused-order")
            .arg("from", state(from))
            .arg("to", state(to)),
        StateRefusal::MissingContents(missing) => {
            Msg::new("agreement-refused-missing").arg("missing", requirement_labels(l, missing))
        }
        StateRefusal::NoCommunityInput => Msg::new("agreement-refused-community"),
    }
    .field("state")
}

/// A store conflict as a message on `field`; other errors stay errors.
fn conflict_as_message<T>(
    result: Result<T, StoreError>,
    field: &'static str,
) -> Result<Result<T, Msg>, AppError> {
    match result {
        Ok(value) => Ok(Ok(value)),
        Err(StoreError::Conflict(text)) => Ok(Err(Msg::text(text).field(field))),
        Err(other) => Err(other.into()),
    }
}

/// An agreement `scope` may see, or not found.
pub async fn agreement(store: &Store, scope: Scope, id: i64) -> Result<Agreement, AppError> {
    store
        .agreement(id)
        .await?
        .filter(|a| {
            // The board policy is the whole program's: every role that reads the program reads it.
            a.district_id == scope.district_id
                && (a.kind == DocumentKind::BoardPolicy
                    || scope.agency_id.is_none_or(|x| x == a.agency_id))
        })
        .ok_or(AppError::NotFound)
}

/// An agreement with its versions: the listing's line.
#[derive(Debug, Clone)]
pub struct AgreementSummary {
    pub agreement: Agreement,
    pub versions: Vec<AgreementVersion>,
}

impl AgreementSummary {
    pub fn latest(&self) -> Option<&AgreementVersion> {
        self.versions.last()
    }

    /// The board's latest adoption of any version.
    pub fn adopted_on(&self) -> Option<Date> {
        self.versions
            .iter()
            .filter_map(|v| v.adopted_on.as_deref().and_then(parse_date))
            .max()
    }
}

/// One agency's agreements, the newest year first, with the reminder of its yearly review.
#[derive(Debug, Clone)]
pub struct AgencyAgreements {
    pub agency_id: i64,
    pub agency_name: String,
    pub agreements: Vec<AgreementSummary>,
    /// From the board's latest adoption of any of the agency's agreements; none before the first.
    pub reminder: Option<ReviewReminder>,
}

/// Everything `scope` may see, by agency.
pub async fn by_agency(
    store: &Store,
    scope: Scope,
    today: Date,
) -> Result<Vec<AgencyAgreements>, AppError> {
    let mut groups: Vec<AgencyAgreements> = Vec::new();
    for agreement in store.agreements(scope.district_id, scope.agency_id).await? {
        let versions = store.agreement_versions(agreement.id).await?;
        let summary = AgreementSummary {
            agreement,
            versions,
        };
        match groups.last_mut() {
            Some(group) if group.agency_id == summary.agreement.agency_id => {
                group.agreements.push(summary)
            }
            _ => groups.push(AgencyAgreements {
                agency_id: summary.agreement.agency_id,
                agency_name: summary.agreement.agency_name.clone(),
                agreements: vec![summary],
                reminder: None,
            }),
        }
    }
    for group in &mut groups {
        group.reminder = group
            .agreements
            .iter()
            .filter_map(AgreementSummary::adopted_on)
            .max()
            .map(|adopted| documents::review_reminder(adopted, today));
    }
    Ok(groups)
}

/// Adds an agreement (program admins). Its first draft starts from the agency's latest agreement's
/// text or, for a first agreement, with a section per required content to fill in.
pub async fn create(
    store: &Store,
    staff: &Staff,
    input: &AgreementInput,
    l: &Lang,
) -> Result<Result<Agreement, Msg>, AppError> {
    require_manager(staff)?;
    let district_id = staff.0.district_id;
    let agencies = store.agencies(district_id).await?;
    let typed = input.agency.trim();
    let Some(agency) = agencies
        .iter()
        .find(|a| a.id.to_string() == typed || a.name.eq_ignore_ascii_case(typed))
    else {
        return Ok(Err(Msg::new("program-unknown-agency")
            .arg("value", typed)
            .field("agency")));
    };
    let Some(school_year) = SchoolYear::parse(&input.school_year) else {
        return Ok(Err(Msg::new("agreement-invalid-school-year")
            .arg("value", input.school_year.trim())
            .field("school_year")));
    };
    let title = match required(&input.title, "title", TITLE_MAX_CHARS) {
        Ok(title) => title,
        Err(msg) => return Ok(Err(msg)),
    };
    let sections = match store
        .agreements(district_id, Some(agency.id))
        .await?
        .first()
    {
        Some(previous) => store
            .agreement_versions(previous.id)
            .await?
            .pop()
            .map(|v| v.sections)
            .unwrap_or_default(),
        None => sections_to_fill(DocumentKind::Agreement, l),
    };
    let new = NewAgreement {
        agency_id: agency.id,
        school_year,
        title,
        sections,
    };
    conflict_as_message(
        store
            .create_agreement(district_id, &Actor::user(&staff.0), &new)
            .await,
        "school_year",
    )
}

/// A first draft: a section per required content of `kind`, to fill in.
fn sections_to_fill(kind: DocumentKind, l: &Lang) -> Vec<Section> {
    kind.required()
        .iter()
        .map(|r| Section {
            heading: l.t(format!("agreement-req-{}", r.key())),
            body: String::new(),
            covers: vec![*r],
        })
        .collect()
}

/// The board's policy and procedure as typed: its title.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct PolicyInput {
    #[serde(default)]
    pub title: String,
}

/// Starts the district's board policy (program admins), with a section per R1 content to fill in;
/// from then on it is edited, adopted and published as the agreements are, version by version.
pub async fn create_policy(
    store: &Store,
    staff: &Staff,
    input: &PolicyInput,
    l: &Lang,
) -> Result<Result<Agreement, Msg>, AppError> {
    require_manager(staff)?;
    let title = match required(&input.title, "title", TITLE_MAX_CHARS) {
        Ok(title) => title,
        Err(msg) => return Ok(Err(msg)),
    };
    let sections = sections_to_fill(DocumentKind::BoardPolicy, l);
    conflict_as_message(
        store
            .create_board_policy(
                staff.0.district_id,
                &Actor::user(&staff.0),
                &title,
                &sections,
            )
            .await,
        "title",
    )
}

/// The district's board policy with its versions, for whoever reads the program.
pub async fn policy(store: &Store, staff: &Staff) -> Result<Option<AgreementSummary>, AppError> {
    let scope = scope_of(store, staff).await?;
    let Some(policy) = store.board_policy(scope.district_id).await? else {
        return Ok(None);
    };
    let versions = store.agreement_versions(policy.id).await?;
    Ok(Some(AgreementSummary {
        agreement: policy,
        versions,
    }))
}

/// The board policy as the public reads it: every published version, the newest first, and the
/// differences between the two newest.
pub struct PublicPolicy {
    pub district: District,
    pub title: String,
    pub published: Vec<AgreementVersion>,
    /// The newest published version against the one before it.
    pub changes: Option<Vec<SectionDiff>>,
}

pub async fn public_policy(store: &Store, slug: &str) -> Result<PublicPolicy, AppError> {
    let district = public_district(store, slug).await?;
    let policy = store
        .board_policy(district.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut published: Vec<AgreementVersion> = store
        .agreement_versions(policy.id)
        .await?
        .into_iter()
        .filter(|v| v.published_at.is_some())
        .collect();
    published.reverse();
    if published.is_empty() {
        return Err(AppError::NotFound);
    }
    let changes = match published.as_slice() {
        [newest, previous, ..] => Some(documents::compare(&previous.sections, &newest.sections)),
        _ => None,
    };
    Ok(PublicPolicy {
        district,
        title: policy.title,
        published,
        changes,
    })
}

/// The version `version_id` of agreement `agreement_id`, for a program admin, or not found.
async fn managed_version(
    store: &Store,
    staff: &Staff,
    agreement_id: i64,
    version_id: i64,
) -> Result<AgreementVersion, AppError> {
    require_manager(staff)?;
    let scope = scope_of(store, staff).await?;
    let agreement = agreement(store, scope, agreement_id).await?;
    store
        .agreement_version(version_id)
        .await?
        .filter(|v| v.agreement_id == agreement.id)
        .ok_or(AppError::NotFound)
}

/// Starts the next version as a draft: refused while a version is still being edited.
pub async fn add_version(
    store: &Store,
    staff: &Staff,
    agreement_id: i64,
) -> Result<Result<AgreementVersion, Msg>, AppError> {
    require_manager(staff)?;
    let scope = scope_of(store, staff).await?;
    let agreement = agreement(store, scope, agreement_id).await?;
    let versions = store.agreement_versions(agreement.id).await?;
    if versions.iter().any(|v| v.state.is_editable()) {
        return Ok(Err(Msg::new("agreement-draft-exists")));
    }
    Ok(Ok(store
        .add_agreement_version(&Actor::user(&staff.0), agreement.id)
        .await?))
}

/// Replaces all sections of a version (the API's way).
pub async fn save_sections(
    store: &Store,
    staff: &Staff,
    agreement_id: i64,
    version_id: i64,
    input: &[SectionInput],
) -> Result<Result<AgreementVersion, Msg>, AppError> {
    let version = managed_version(store, staff, agreement_id, version_id).await?;
    let sections: Vec<Section> = match input.iter().map(SectionInput::validate).collect() {
        Ok(sections) => sections,
        Err(msg) => return Ok(Err(msg)),
    };
    write_sections(store, staff, &version, &sections).await
}

/// Saves one section of a version (the page's way): `input.index` names it, empty adds one, and a
/// blank section is removed.
pub async fn save_section(
    store: &Store,
    staff: &Staff,
    agreement_id: i64,
    version_id: i64,
    input: &SectionInput,
) -> Result<Result<AgreementVersion, Msg>, AppError> {
    let version = managed_version(store, staff, agreement_id, version_id).await?;
    let mut sections = version.sections.clone();
    let index = match input.index.trim() {
        "" => None,
        text => Some(
            text.parse::<usize>()
                .ok()
                .filter(|i| *i < sections.len())
                .ok_or(AppError::NotFound)?,
        ),
    };
    match (index, input.is_blank()) {
        (Some(i), true) => {
            sections.remove(i);
        }
        (index, _) => {
            let section = match input.validate() {
                Ok(section) => section,
                Err(msg) => return Ok(Err(msg)),
            };
            match index {
                Some(i) => sections[i] = section,
                None => sections.push(section),
            }
        }
    }
    write_sections(store, staff, &version, &sections).await
}

async fn write_sections(
    store: &Store,
    staff: &Staff,
    version: &AgreementVersion,
    sections: &[Section],
) -> Result<Result<AgreementVersion, Msg>, AppError> {
    if !version.state.is_editable() {
        return Ok(Err(Msg::new("agreement-not-editable")));
    }
    conflict_as_message(
        store
            .save_agreement_sections(&Actor::user(&staff.0), version.id, sections)
            .await,
        "body",
    )
}

/// Moves a version on, if the domain allows it: adoption needs every required content, the board's
/// date and a record of the community's part; submission to OSPI its date.
pub async fn change_state(
    store: &Store,
    staff: &Staff,
    agreement_id: i64,
    version_id: i64,
    input: &StateInput,
    l: &Lang,
) -> Result<Result<AgreementVersion, Msg>, AppError> {
    let version = managed_version(store, staff, agreement_id, version_id).await?;
    let Some(to) = VersionState::parse(&input.state) else {
        return Ok(Err(Msg::new("agreement-invalid-state")
            .arg("value", input.state.trim())
            .field("state")));
    };
    let community = community_inputs(store, agreement_id).await?;
    if let Err(refusal) = documents::advance(
        version.kind,
        version.state,
        to,
        &version.sections,
        community,
    ) {
        return Ok(Err(refusal_message(l, &refusal)));
    }
    let today = today();
    let mut change = VersionChange {
        from: version.state,
        to,
        adopted_on: None,
        submitted_on: None,
    };
    match to {
        VersionState::Adopted => match past_date(&input.adopted_on, "adopted_on", today) {
            Ok(day) => change.adopted_on = Some(day.to_string()),
            Err(msg) => return Ok(Err(msg)),
        },
        VersionState::SubmittedToOspi => {
            let adopted = version.adopted_on.as_deref().and_then(parse_date);
            match past_date(&input.submitted_on, "submitted_on", today) {
                Ok(day) if adopted.is_some_and(|a| day < a) => {
                    return Ok(Err(
                        Msg::new("agreement-submitted-before-adoption").field("submitted_on")
                    ));
                }
                Ok(day) => change.submitted_on = Some(day.to_string()),
                Err(msg) => return Ok(Err(msg)),
            }
        }
        _ => {}
    }
    conflict_as_message(
        store
            .change_agreement_state(&Actor::user(&staff.0), version.id, &change)
            .await,
        "state",
    )
}

/// How many records of the community's part an agreement has: linked exchanges and comments.
async fn community_inputs(store: &Store, agreement_id: i64) -> Result<usize, AppError> {
    Ok(store.agreement_exchange_ids(agreement_id).await?.len()
        + store.agreement_session_ids(agreement_id).await?.len()
        + store.agreement_comments(agreement_id).await?.len())
}

/// Links a listening session of the district (program admins): its summary and the themes it
/// raised then stand beside the draft.
pub async fn link_session(
    store: &Store,
    staff: &Staff,
    agreement_id: i64,
    session: &str,
) -> Result<Result<(), Msg>, AppError> {
    require_manager(staff)?;
    let scope = scope_of(store, staff).await?;
    let agreement = agreement(store, scope, agreement_id).await?;
    let found = match session.trim().parse::<i64>() {
        Ok(id) => store
            .listening_session(id)
            .await?
            .filter(|s| s.district_id == agreement.district_id),
        Err(_) => None,
    };
    let Some(found) = found else {
        return Ok(Err(Msg::new("agreement-unknown-session")
            .arg("value", session.trim())
            .field("session")));
    };
    store
        .link_agreement_session(&Actor::user(&staff.0), agreement.id, found.id)
        .await?;
    Ok(Ok(()))
}

/// A listening session linked to an agreement, with the themes it raised.
#[derive(Debug, Clone)]
pub struct LinkedSession {
    pub session: ListeningSession,
    pub themes: Vec<SessionTheme>,
}

async fn linked_sessions(store: &Store, agreement_id: i64) -> Result<Vec<LinkedSession>, AppError> {
    let mut linked = Vec::new();
    for id in store.agreement_session_ids(agreement_id).await? {
        if let Some(session) = store.listening_session(id).await? {
            let themes = store.listening_session_themes(id).await?;
            linked.push(LinkedSession { session, themes });
        }
    }
    Ok(linked)
}

/// Links an exchange of the district (program admins).
pub async fn link_exchange(
    store: &Store,
    staff: &Staff,
    agreement_id: i64,
    exchange: &str,
) -> Result<Result<(), Msg>, AppError> {
    require_manager(staff)?;
    let scope = scope_of(store, staff).await?;
    let agreement = agreement(store, scope, agreement_id).await?;
    let found = match exchange.trim().parse::<i64>() {
        Ok(id) => store
            .exchange(id)
            .await?
            .filter(|e| e.district_id == agreement.district_id),
        Err(_) => None,
    };
    let Some(found) = found else {
        return Ok(Err(Msg::new("agreement-unknown-exchange")
            .arg("value", exchange.trim())
            .field("exchange")));
    };
    store
        .link_agreement_exchange(&Actor::user(&staff.0), agreement.id, found.id)
        .await?;
    Ok(Ok(()))
}

/// Records a comment that shaped the agreement (program admins).
pub async fn add_comment(
    store: &Store,
    staff: &Staff,
    agreement_id: i64,
    input: &CommentInput,
) -> Result<Result<AgreementComment, Msg>, AppError> {
    require_manager(staff)?;
    let scope = scope_of(store, staff).await?;
    let agreement = agreement(store, scope, agreement_id).await?;
    let comment = match input.validate(today()) {
        Ok(comment) => comment,
        Err(msg) => return Ok(Err(msg)),
    };
    Ok(Ok(store
        .add_agreement_comment(&Actor::user(&staff.0), agreement.id, &comment)
        .await?))
}

/// A linked exchange as it appears beside the draft: its themes and best thoughts when its results
/// may be seen by the reader.
#[derive(Debug, Clone)]
pub struct LinkedExchange {
    pub id: i64,
    pub title: String,
    pub state: ExchangeState,
    pub results_visible: bool,
    pub themes: Vec<String>,
    pub top_thoughts: Vec<String>,
}

async fn linked_exchanges(
    state: &AppState,
    staff: &Staff,
    agreement_id: i64,
) -> Result<Vec<LinkedExchange>, AppError> {
    let mut linked = Vec::new();
    for id in state.store.agreement_exchange_ids(agreement_id).await? {
        let Some(exchange) = state.store.exchange(id).await? else {
            continue;
        };
        let results_visible = actions::may_see_results(&exchange, Some(staff), None)
            || (exchange.state == ExchangeState::Published && exchange.results_public);
        let (themes, top_thoughts) = if results_visible {
            let themes = state.store.themes(exchange.id).await?;
            let page = actions::results_page(state, &exchange, None, 0, TOP_THOUGHTS).await?;
            (
                themes.into_iter().map(|t| t.label).collect(),
                page.rows.into_iter().map(|r| r.body).collect(),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        linked.push(LinkedExchange {
            id: exchange.id,
            title: exchange.title,
            state: exchange.state,
            results_visible,
            themes,
            top_thoughts,
        });
    }
    Ok(linked)
}

/// An agreement with everything its page and the API show.
#[derive(Debug, Clone)]
pub struct AgreementDetail {
    pub agreement: Agreement,
    pub versions: Vec<AgreementVersion>,
    pub exchanges: Vec<LinkedExchange>,
    pub sessions: Vec<LinkedSession>,
    pub comments: Vec<AgreementComment>,
    pub reminder: Option<ReviewReminder>,
}

impl AgreementDetail {
    /// The version being worked on, or the latest.
    pub fn current(&self) -> Option<&AgreementVersion> {
        self.versions
            .iter()
            .rev()
            .find(|v| v.state.is_editable())
            .or(self.versions.last())
    }
}

/// The required contents a version does not cover yet.
pub fn missing(version: &AgreementVersion) -> Vec<Requirement> {
    documents::missing_contents(version.kind, &version.sections)
}

pub async fn detail(
    state: &AppState,
    staff: &Staff,
    agreement_id: i64,
) -> Result<AgreementDetail, AppError> {
    let scope = scope_of(&state.store, staff).await?;
    let agreement = agreement(&state.store, scope, agreement_id).await?;
    let versions = state.store.agreement_versions(agreement.id).await?;
    let summary = AgreementSummary {
        agreement,
        versions,
    };
    let reminder = summary
        .adopted_on()
        .map(|adopted| documents::review_reminder(adopted, today()));
    let exchanges = linked_exchanges(state, staff, summary.agreement.id).await?;
    let comments = state.store.agreement_comments(summary.agreement.id).await?;
    let sessions = linked_sessions(&state.store, summary.agreement.id).await?;
    Ok(AgreementDetail {
        agreement: summary.agreement,
        versions: summary.versions,
        exchanges,
        sessions,
        comments,
        reminder,
    })
}

/// Two versions of an agreement and their differences.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub older: AgreementVersion,
    pub newer: AgreementVersion,
    pub sections: Vec<SectionDiff>,
}

/// Compares versions numbered `from` and `to` (by default the two latest).
pub fn compare(
    versions: &[AgreementVersion],
    from: Option<i64>,
    to: Option<i64>,
) -> Result<Comparison, AppError> {
    let latest = versions.last().map_or(0, |v| v.number);
    let to = to.unwrap_or(latest);
    let from = from.unwrap_or(to - 1);
    let find = |number: i64| {
        versions
            .iter()
            .find(|v| v.number == number)
            .cloned()
            .ok_or(AppError::NotFound)
    };
    let (older, newer) = (find(from)?, find(to)?);
    Ok(Comparison {
        sections: documents::compare(&older.sections, &newer.sections),
        older,
        newer,
    })
}

/// The district whose public pages `slug` names.
pub async fn public_district(store: &Store, slug: &str) -> Result<District, AppError> {
    store
        .district_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)
}

/// The current published agreement of each agency of a district, for everyone.
pub async fn published(
    store: &Store,
    slug: &str,
) -> Result<(District, Vec<PublishedAgreement>), AppError> {
    let district = public_district(store, slug).await?;
    let agreements = store.published_agreements(district.id).await?;
    Ok((district, agreements))
}

/// One published version, permanent; not found before publication.
pub async fn published_version(
    store: &Store,
    slug: &str,
    version_id: i64,
) -> Result<(District, PublishedAgreement), AppError> {
    let district = public_district(store, slug).await?;
    let found = store
        .published_agreement(district.id, version_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((district, found))
}

/// Agencies a program admin may make agreements with (the form's choices).
pub async fn agencies_for_form(
    store: &Store,
    staff: &Staff,
) -> Result<Vec<accord_store::Agency>, AppError> {
    let scope = scope_of(store, staff).await?;
    Ok(store
        .agencies(scope.district_id)
        .await?
        .into_iter()
        .filter(|a| scope.agency_id.is_none_or(|id| id == a.id))
        .collect())
}

/// The school year that begins next September, the form's default.
pub fn next_school_year() -> String {
    SchoolYear::containing(today())
        .and_then(|y| SchoolYear::starting(y.starts_on.year() + 1))
        .map(|y| y.label)
        .unwrap_or_default()
}

/// Exchanges of the district that could be linked (not drafts), newest first.
pub async fn linkable_exchanges(
    store: &Store,
    district_id: i64,
) -> Result<Vec<accord_store::Exchange>, AppError> {
    Ok(store.exchanges(Some(district_id), false).await?)
}
