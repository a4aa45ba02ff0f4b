//! The agreements' pages: the list per agency and year with review reminders, an agreement with its
//! versions, the checklist of required contents, the community process beside the draft, the forms
//! that edit sections and move versions on (refusals shown with the typed text kept), the comparison
//! of two versions, and the public pages of published agreements. Rules are `crate::agreements`'s.

use super::FormError;
use crate::AppState;
use crate::agreements::{
    self, AgencyAgreements, AgreementDetail, AgreementInput, AgreementSummary, CommentInput,
    Comparison, PolicyInput, PublicPolicy, SectionInput, StateInput,
};
use crate::auth::Staff;
use crate::csrf::{CsrfForm, NoFields};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::pages::Chrome;
use accord_domain::documents::{
    DocumentKind, Requirement, ReviewReminder, SectionChange, VersionState, WordChange,
};
use accord_domain::exchange::ExchangeState;
use accord_store::{Agency, AgreementVersion, District, Exchange, PublishedAgreement};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/program/agreements", get(list).post(create))
        .route("/program/policy", post(create_policy))
        .route("/districts/{slug}/policy", get(public_policy))
        .route("/program/agreements/{id}", get(show))
        .route("/program/agreements/{id}/versions", post(add_version))
        .route(
            "/program/agreements/{id}/versions/{version}/sections",
            post(save_section),
        )
        .route(
            "/program/agreements/{id}/versions/{version}/state",
            post(change_state),
        )
        .route("/program/agreements/{id}/exchanges", post(link_exchange))
        .route("/program/agreements/{id}/sessions", post(link_session))
        .route("/program/agreements/{id}/comments", post(add_comment))
        .route("/program/agreements/{id}/compare", get(compare))
        .route("/districts/{slug}/agreements", get(public_list))
        .route(
            "/districts/{slug}/agreements/{version}",
            get(public_version),
        )
}

/// A small value however many references a template's loops and `if let`s put around it.
pub trait Plain<T> {
    fn plain(&self) -> T;
}

impl<T: Copy> Plain<T> for T {
    fn plain(&self) -> T {
        *self
    }
}

impl<T: Copy> Plain<T> for &T {
    fn plain(&self) -> T {
        **self
    }
}

impl<T: Copy> Plain<T> for &&T {
    fn plain(&self) -> T {
        ***self
    }
}

/// Labels for keys, in the visitor's language.
impl Chrome {
    pub fn version_state_label(&self, state: impl Plain<VersionState>) -> String {
        self.l.t(format!("agreement-state-{}", state.plain().key()))
    }
    pub fn requirement_label(&self, requirement: impl Plain<Requirement>) -> String {
        self.l
            .t(format!("agreement-req-{}", requirement.plain().key()))
    }
    pub fn reminder_label(&self, reminder: impl Plain<ReviewReminder>) -> String {
        let reminder = reminder.plain();
        self.l.t_args(
            &format!("agreement-review-{}", reminder.state.key()),
            &[("date", reminder.due_on.to_string())],
        )
    }
    pub fn exchange_state_label(&self, state: impl Plain<ExchangeState>) -> String {
        self.l.t(format!("state-{}", state.plain().key()))
    }
    /// How a section changed between two versions.
    pub fn section_change_label(&self, change: impl Plain<SectionChange>) -> String {
        let key = match change.plain() {
            SectionChange::Same => "same",
            SectionChange::Changed => "changed",
            SectionChange::Added => "added",
            SectionChange::Removed => "removed",
        };
        self.l.t(format!("agreement-section-{key}"))
    }
    pub fn section_unchanged(&self, change: impl Plain<SectionChange>) -> bool {
        change.plain() == SectionChange::Same
    }
    pub fn words_kept(&self, change: impl Plain<WordChange>) -> bool {
        change.plain() == WordChange::Kept
    }
    pub fn words_removed(&self, change: impl Plain<WordChange>) -> bool {
        change.plain() == WordChange::Removed
    }
    pub fn words_inserted(&self, change: impl Plain<WordChange>) -> bool {
        change.plain() == WordChange::Inserted
    }
    /// The calendar day of a Unix time, in UTC.
    pub fn day_of(&self, at: impl Plain<i64>) -> String {
        time::OffsetDateTime::from_unix_timestamp(at.plain())
            .map(|t| t.date().to_string())
            .unwrap_or_default()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "program_agreements.html")]
struct ListPage {
    c: Chrome,
    groups: Vec<AgencyAgreements>,
    /// The board's policy and procedure (R1), once started.
    policy: Option<AgreementSummary>,
    policy_input: PolicyInput,
    policy_error: Option<FormError>,
    agencies: Vec<Agency>,
    may_manage: bool,
    input: AgreementInput,
    error: Option<FormError>,
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    c: Chrome,
    input: AgreementInput,
    error: Option<FormError>,
) -> Result<ListPage, AppError> {
    let scope = crate::program::scope_of(&state.store, staff).await?;
    let groups = agreements::by_agency(&state.store, scope, crate::program::today()).await?;
    Ok(ListPage {
        c,
        groups,
        policy: agreements::policy(&state.store, staff).await?,
        policy_input: PolicyInput::default(),
        policy_error: None,
        agencies: agreements::agencies_for_form(&state.store, staff).await?,
        may_manage: staff.role().may_manage_program(),
        input,
        error,
    })
}

async fn list(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
) -> Result<ListPage, AppError> {
    let input = AgreementInput {
        school_year: agreements::next_school_year(),
        ..AgreementInput::default()
    };
    list_page(&state, &staff, c, input, None).await
}

async fn create(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    CsrfForm(input): CsrfForm<AgreementInput>,
) -> Result<Response, AppError> {
    match agreements::create(&state.store, &staff, &input, &c.l).await? {
        Ok(agreement) => {
            Ok(Redirect::to(&format!("/program/agreements/{}", agreement.id)).into_response())
        }
        Err(msg) => {
            let error = Some(FormError::of(&c, &msg));
            let page = list_page(&state, &staff, c, input, error).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

async fn create_policy(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    CsrfForm(input): CsrfForm<PolicyInput>,
) -> Result<Response, AppError> {
    match agreements::create_policy(&state.store, &staff, &input, &c.l).await? {
        Ok(policy) => {
            Ok(Redirect::to(&format!("/program/agreements/{}", policy.id)).into_response())
        }
        Err(msg) => {
            let error = Some(FormError::of(&c, &msg));
            let input_kept = AgreementInput {
                school_year: agreements::next_school_year(),
                ..AgreementInput::default()
            };
            let mut page = list_page(&state, &staff, c, input_kept, None).await?;
            page.policy_input = input;
            page.policy_error = error;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "public_policy.html")]
struct PublicPolicyPage {
    c: Chrome,
    policy: PublicPolicy,
}

/// The board policy as the public reads it: every published version with its adoption date, the
/// newest in full, and what changed from the one before.
async fn public_policy(
    State(state): State<AppState>,
    c: Chrome,
    Path(slug): Path<String>,
) -> Result<PublicPolicyPage, AppError> {
    let policy = agreements::public_policy(&state.store, &slug).await?;
    Ok(PublicPolicyPage { c, policy })
}

/// Which form of the agreement's page an error belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Section,
    State,
    Version,
    Exchange,
    Session,
    Comment,
}

#[derive(Template, WebTemplate)]
#[template(path = "program_agreement.html")]
struct AgreementPage {
    c: Chrome,
    detail: AgreementDetail,
    /// For the links to published versions' public pages.
    district_slug: String,
    may_manage: bool,
    linkable: Vec<Exchange>,
    /// The district's listening sessions not linked yet.
    linkable_sessions: Vec<accord_store::ListeningSession>,
    /// The section form as typed, after a refusal (its `index` says which section).
    section: Option<SectionInput>,
    state: StateInput,
    comment: CommentInput,
    error: Option<(Form, FormError)>,
    notice: Option<String>,
}

impl AgreementPage {
    fn error_for(&self, form: Form) -> Option<&FormError> {
        self.error
            .as_ref()
            .filter(|(f, _)| *f == form)
            .map(|(_, e)| e)
    }
    fn invalid(&self, form: Form, field: &str) -> bool {
        self.error_for(form).is_some_and(|e| e.field == field)
    }
    /// Whether `field` of this section's form is the one a refusal is about.
    fn section_invalid(&self, form: &SectionInput, field: &str) -> bool {
        self.invalid(Form::Section, field)
            && self.section.as_ref().is_some_and(|t| t.index == form.index)
    }
    fn required(&self) -> &'static [Requirement] {
        self.detail.agreement.kind.required()
    }
    fn is_policy(&self) -> bool {
        self.detail.agreement.kind == DocumentKind::BoardPolicy
    }
    fn missing(&self, version: &AgreementVersion) -> Vec<Requirement> {
        agreements::missing(version)
    }
    /// The forms for the sections of `version`: as saved, or as typed where a save was refused; and
    /// one more, empty (or as typed), to add a section.
    fn section_forms(&self, version: &AgreementVersion) -> Vec<SectionInput> {
        let typed = self.section.as_ref();
        let mut forms: Vec<SectionInput> = version
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| match typed {
                Some(t) if t.index == i.to_string() => t.clone(),
                _ => SectionInput::of(s, i),
            })
            .collect();
        forms.push(match typed {
            Some(t) if t.index.is_empty() => t.clone(),
            _ => SectionInput::default(),
        });
        forms
    }
    /// The states a version may be moved to next, in order.
    fn next_states(&self, version: &AgreementVersion) -> Vec<VersionState> {
        use VersionState::*;
        match version.state {
            Draft => vec![CommunityReview, Adopted],
            CommunityReview => vec![Adopted, Draft],
            Adopted => vec![SubmittedToOspi],
            SubmittedToOspi => vec![Published],
            Published => Vec::new(),
        }
    }
    fn when(&self, session: &accord_store::ListeningSession) -> String {
        crate::listening::when(&self.c.l, session)
    }
    fn chosen(&self, state: &VersionState) -> bool {
        self.state.state == state.key()
    }
    fn may_add_version(&self) -> bool {
        self.detail.versions.iter().all(|v| !v.state.is_editable())
    }
}

#[derive(Default)]
struct Typed {
    section: Option<SectionInput>,
    state: StateInput,
    comment: CommentInput,
}

async fn agreement_page(
    state: &AppState,
    staff: &Staff,
    c: Chrome,
    id: i64,
    typed: Typed,
) -> Result<AgreementPage, AppError> {
    let detail = agreements::detail(state, staff, id).await?;
    let may_manage = staff.role().may_manage_program();
    let linkable = if may_manage {
        let linked: Vec<i64> = detail.exchanges.iter().map(|e| e.id).collect();
        agreements::linkable_exchanges(&state.store, detail.agreement.district_id)
            .await?
            .into_iter()
            .filter(|e| !linked.contains(&e.id))
            .collect()
    } else {
        Vec::new()
    };
    let linkable_sessions = if may_manage {
        let linked: Vec<i64> = detail.sessions.iter().map(|s| s.session.id).collect();
        state
            .store
            .listening_sessions(detail.agreement.district_id)
            .await?
            .into_iter()
            .filter(|s| !linked.contains(&s.id))
            .collect()
    } else {
        Vec::new()
    };
    let district_slug = state
        .store
        .district(detail.agreement.district_id)
        .await?
        .map(|d| d.slug)
        .unwrap_or_default();
    Ok(AgreementPage {
        c,
        detail,
        district_slug,
        may_manage,
        linkable,
        linkable_sessions,
        section: typed.section,
        state: typed.state,
        comment: typed.comment,
        error: None,
        notice: None,
    })
}

#[derive(serde::Deserialize)]
struct Notice {
    saved: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    Query(notice): Query<Notice>,
) -> Result<AgreementPage, AppError> {
    let notice = notice.saved.map(|_| c.l.t("agreement-saved"));
    let mut page = agreement_page(&state, &staff, c, id, Typed::default()).await?;
    page.notice = notice;
    Ok(page)
}

/// After a change: back to the page with a notice, or the page again with the refusal and the
/// typed values.
async fn answer<T>(
    state: &AppState,
    staff: &Staff,
    c: Chrome,
    id: i64,
    outcome: Result<T, Msg>,
    form: Form,
    typed: Typed,
) -> Result<Response, AppError> {
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!(
            "/program/agreements/{id}?saved=1#{}",
            anchor(form)
        ))
        .into_response()),
        Err(msg) => {
            let error = FormError::of(&c, &msg);
            let mut page = agreement_page(state, staff, c, id, typed).await?;
            page.error = Some((form, error));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

fn anchor(form: Form) -> &'static str {
    match form {
        Form::Section | Form::Version | Form::State => "current-version",
        Form::Exchange | Form::Session => "community",
        Form::Comment => "comments",
    }
}

async fn add_version(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, AppError> {
    let outcome = agreements::add_version(&state.store, &staff, id).await?;
    answer(
        &state,
        &staff,
        c,
        id,
        outcome,
        Form::Version,
        Typed::default(),
    )
    .await
}

async fn save_section(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path((id, version)): Path<(i64, i64)>,
    CsrfForm(input): CsrfForm<SectionInput>,
) -> Result<Response, AppError> {
    let outcome = agreements::save_section(&state.store, &staff, id, version, &input).await?;
    let typed = Typed {
        section: Some(input),
        ..Typed::default()
    };
    answer(&state, &staff, c, id, outcome, Form::Section, typed).await
}

async fn change_state(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path((id, version)): Path<(i64, i64)>,
    CsrfForm(input): CsrfForm<StateInput>,
) -> Result<Response, AppError> {
    let outcome = agreements::change_state(&state.store, &staff, id, version, &input, &c.l).await?;
    let typed = Typed {
        state: input,
        ..Typed::default()
    };
    answer(&state, &staff, c, id, outcome, Form::State, typed).await
}

#[derive(serde::Deserialize)]
struct ExchangeForm {
    #[serde(default)]
    exchange: String,
}

async fn link_exchange(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ExchangeForm>,
) -> Result<Response, AppError> {
    let outcome = agreements::link_exchange(&state.store, &staff, id, &form.exchange).await?;
    answer(
        &state,
        &staff,
        c,
        id,
        outcome,
        Form::Exchange,
        Typed::default(),
    )
    .await
}

#[derive(serde::Deserialize)]
struct SessionForm {
    #[serde(default)]
    session: String,
}

async fn link_session(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<SessionForm>,
) -> Result<Response, AppError> {
    let outcome = agreements::link_session(&state.store, &staff, id, &form.session).await?;
    answer(
        &state,
        &staff,
        c,
        id,
        outcome,
        Form::Session,
        Typed::default(),
    )
    .await
}

async fn add_comment(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    CsrfForm(input): CsrfForm<CommentInput>,
) -> Result<Response, AppError> {
    let outcome = agreements::add_comment(&state.store, &staff, id, &input).await?;
    let typed = Typed {
        comment: input,
        ..Typed::default()
    };
    answer(&state, &staff, c, id, outcome, Form::Comment, typed).await
}

#[derive(serde::Deserialize)]
struct CompareQuery {
    from: Option<String>,
    to: Option<String>,
}

/// A number from the query; empty or absent means "the default".
fn number(text: Option<&str>) -> Result<Option<i64>, AppError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => t.parse().map(Some).map_err(|_| AppError::NotFound),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "program_agreement_compare.html")]
struct ComparePage {
    c: Chrome,
    detail: AgreementDetail,
    comparison: Comparison,
}

async fn compare(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Path(id): Path<i64>,
    Query(query): Query<CompareQuery>,
) -> Result<ComparePage, AppError> {
    let detail = agreements::detail(&state, &staff, id).await?;
    let comparison = agreements::compare(
        &detail.versions,
        number(query.from.as_deref())?,
        number(query.to.as_deref())?,
    )?;
    Ok(ComparePage {
        c,
        detail,
        comparison,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "public_agreements.html")]
struct PublicListPage {
    c: Chrome,
    district: District,
    agreements: Vec<PublishedAgreement>,
}

async fn public_list(
    State(state): State<AppState>,
    c: Chrome,
    Path(slug): Path<String>,
) -> Result<PublicListPage, AppError> {
    let (district, agreements) = agreements::published(&state.store, &slug).await?;
    Ok(PublicListPage {
        c,
        district,
        agreements,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "public_agreement.html")]
struct PublicVersionPage {
    c: Chrome,
    district: District,
    published: PublishedAgreement,
}

async fn public_version(
    State(state): State<AppState>,
    c: Chrome,
    Path((slug, version)): Path<(String, i64)>,
) -> Result<PublicVersionPage, AppError> {
    let (district, published) = agreements::published_version(&state.store, &slug, version).await?;
    Ok(PublicVersionPage {
        c,
        district,
        published,
    })
}
