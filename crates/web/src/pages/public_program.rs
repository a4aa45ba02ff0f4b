//! The public program page of a district (`/districts/{slug}`), and the form where the program's
//! managers write its texts (`/program/page`). Gathering and rules are `crate::public_page`'s.

use super::Chrome;
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
    fn of(shown: Shown<'_>, part: PageText, l: &Lang) -> Option<PartView> {
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
        let (paragraphs, items) = if part.is_list() {
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
}

impl PublicPage {
    fn complaint_tables(&self) -> Vec<crate::complaints::CountsTable> {
        self.page
            .complaint_counts
            .as_ref()
            .map(|counts| counts.tables(&self.c.l))
            .unwrap_or_default()
    }

    /// The district's text for a part, or None where the page shows its standard text.
    fn part(&self, key: &str) -> Option<PartView> {
        let part = PageText::parse(key)?;
        PartView::of(self.page.text(part, &self.c.l), part, &self.c.l)
    }

    fn when(&self, session: &accord_store::ListeningSession) -> String {
        crate::listening::when(&self.c.l, session)
    }

    fn topic(&self, entry: &accord_store::CatalogueEntry) -> String {
        public_page::topic_title(&self.c.l, entry)
    }

    fn count(&self, key: &str, n: &usize) -> String {
        self.c.l.t_count(key, i64::try_from(*n).unwrap_or(i64::MAX))
    }

    fn completed_line(&self) -> String {
        let number = |n: usize| self.c.l.number(i64::try_from(n).unwrap_or(i64::MAX));
        self.c.l.t_args(
            "page-training-completed",
            &[
                ("completed", number(self.page.training.completed)),
                ("staff", number(self.page.training.staff)),
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
    let page = public_page::program_page(&state.store, district, program::today()).await?;
    Ok(PublicPage { c, page })
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
