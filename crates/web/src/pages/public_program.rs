//! The public program page of a district (`/districts/{slug}`), and the form where the program's
//! managers write its texts (`/program/page`). Gathering and rules are `crate::public_page`'s.

use super::Chrome;
use super::answers::PublicAnswer;
use super::program::FormError;
use crate::AppState;
use crate::auth::Staff;
use crate::csrf::CsrfForm;
use crate::error::AppError;
use crate::i18n::{LANGUAGES, Lang};
use crate::program;
use crate::public_page::{self, PageInput, ProgramPage};
use accord_domain::public_page::{PageText, Shown, list_items};
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/districts/{slug}", get(show))
        .route("/program/page", get(edit_form).post(save))
}

/// A district-written part as the page shows it.
pub struct PartView {
    pub paragraphs: Vec<String>,
    /// The part as a list (duties), one item per line.
    pub items: Vec<String>,
    /// Said when the text is not in the visitor's language: which language it is in.
    pub note: Option<String>,
    /// The `lang` attribute of the text.
    pub lang: &'static str,
}

impl PartView {
    /// `as_list`: one item per line (duties), else paragraphs.
    pub fn of(shown: Shown<'_>, as_list: bool, l: &Lang) -> Option<PartView> {
        let visitor = l.code;
        let (text, language) = match shown {
            Shown::Translated(text) => (text, visitor),
            Shown::NotYetTranslated { language, text } => (text, language),
            Shown::Missing => return None,
        };
        let (lang, name) = LANGUAGES
            .iter()
            .find(|(code, _, _)| *code == language)
            .map_or((visitor, ""), |(code, _, name)| (*code, *name));
        let (paragraphs, items) = if as_list {
            (
                Vec::new(),
                list_items(text).into_iter().map(str::to_owned).collect(),
            )
        } else {
            let paragraphs = text
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect();
            (paragraphs, Vec::new())
        };
        Some(PartView {
            paragraphs,
            items,
            note: (lang != visitor)
                .then(|| l.t_args("page-not-yet-translated", &[("language", name.to_owned())])),
            lang,
        })
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "public_program.html")]
struct PublicPage {
    c: Chrome,
    page: ProgramPage,
    /// "You said, we did": the district's published answers to its exchanges.
    answers: Vec<PublicAnswer>,
}

impl PublicPage {
    fn complaint_tables(&self) -> Vec<crate::complaints::CountsTable> {
        self.page
            .complaint_counts
            .as_ref()
            .map(|counts| counts.tables(&self.c.l))
            .unwrap_or_default()
    }
}

impl ProgramView for PublicPage {
    fn chrome(&self) -> &Chrome {
        &self.c
    }
    fn program(&self) -> &ProgramPage {
        &self.page
    }
}

/// What the pages made from the program's records (the program page, the yearly notice) show of
/// them in the visitor's language.
pub(crate) trait ProgramView {
    fn chrome(&self) -> &Chrome;
    fn program(&self) -> &ProgramPage;

    /// The district's text for a part, or None where the page shows its standard text.
    fn part(&self, key: &str) -> Option<PartView> {
        let part = PageText::parse(key)?;
        let l = &self.chrome().l;
        PartView::of(self.program().text(part, l), part.is_list(), l)
    }

    fn when(&self, session: &accord_store::ListeningSession) -> String {
        crate::listening::when(&self.chrome().l, session)
    }

    fn topic(&self, entry: &accord_store::CatalogueEntry) -> String {
        public_page::topic_title(&self.chrome().l, entry)
    }

    fn count(&self, key: &str, n: &usize) -> String {
        self.chrome()
            .l
            .t_count(key, i64::try_from(*n).unwrap_or(i64::MAX))
    }

    fn completed_line(&self) -> String {
        let l = &self.chrome().l;
        let number = |n: usize| l.number(i64::try_from(n).unwrap_or(i64::MAX));
        let training = &self.program().training;
        l.t_args(
            "page-training-completed",
            &[
                ("completed", number(training.completed)),
                ("staff", number(training.staff)),
            ],
        )
    }
}

async fn show(
    State(state): State<AppState>,
    c: Chrome,
    Path(slug): Path<String>,
) -> Result<PublicPage, AppError> {
    let district = public_page::district(&state.store, &slug).await?;
    let published = state.store.published_answers(district.id).await?;
    let answers = PublicAnswer::all(&state.store, &district.slug, &published, &c.l).await?;
    let page = public_page::program_page(&state.store, district, program::today()).await?;
    Ok(PublicPage { c, page, answers })
}

#[derive(Template, WebTemplate)]
#[template(path = "program_page_edit.html")]
struct EditPage {
    c: Chrome,
    slug: String,
    input: PageInput,
    error: Option<FormError>,
    saved: bool,
}

impl EditPage {
    fn parts(&self) -> &'static [PageText] {
        PageText::ALL
    }

    fn languages(&self) -> Vec<(&'static str, &'static str)> {
        LANGUAGES
            .iter()
            .map(|(code, _, name)| (*code, *name))
            .collect()
    }
}

async fn edit_page(state: &AppState, staff: &Staff, c: Chrome) -> Result<EditPage, AppError> {
    program::require_manager(staff)?;
    let district = state
        .store
        .district(staff.0.district_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let slug = district.slug.clone();
    let page = public_page::program_page(&state.store, district, program::today()).await?;
    Ok(EditPage {
        c,
        slug,
        input: PageInput::of(&page),
        error: None,
        saved: false,
    })
}

async fn edit_form(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    Query(query): Query<HashMap<String, String>>,
) -> Result<EditPage, AppError> {
    let mut page = edit_page(&state, &staff, c).await?;
    page.saved = query.contains_key("saved");
    Ok(page)
}

async fn save(
    State(state): State<AppState>,
    staff: Staff,
    c: Chrome,
    CsrfForm(fields): CsrfForm<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let input = PageInput::from_form(&fields);
    match public_page::save(&state.store, &staff, &input).await? {
        Ok(()) => Ok(Redirect::to("/program/page?saved=1").into_response()),
        Err(msg) => {
            let error = Some(FormError::of(&c, &msg));
            let mut page = edit_page(&state, &staff, c).await?;
            page.input = input;
            page.error = error;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
