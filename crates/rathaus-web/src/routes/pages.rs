//! Home, the legally required pages, and the accessibility feedback form.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};

use super::views::*;
use crate::error::AppResult;
use crate::forms::FormErrors;
use crate::page::Page;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_core::feedback::{self, FeedbackForm};

/// Services people look for most, shown on the home page when the catalogue has them.
const POPULAR: [&str; 8] = [
    "wohnsitz-anmelden",
    "personalausweis-beantragen",
    "reisepass-beantragen",
    "bewohnerparkausweis",
    "fuehrungszeugnis",
    "hundesteuer",
    "gewerbe-anmelden",
    "meldebescheinigung",
];

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    page: Page,
    popular: Vec<ServiceCard>,
    locations: Vec<LocationCard>,
    service_count: usize,
    location_count: usize,
}

pub async fn home(State(state): State<AppState>, page: Page) -> AppResult<HomePage> {
    let catalog = state.catalog().await?;
    let today = berlin_weekday(state.clock.now());
    let lang = page.lang;
    let popular = POPULAR
        .iter()
        .filter_map(|id| catalog.service(id))
        .map(|s| ServiceCard::new(s, lang))
        .collect();
    // Only what is open today: the full list is one link away.
    let locations = catalog
        .locations()
        .iter()
        .map(|l| LocationCard::new(l, lang, today))
        .filter(|l| l.open_today)
        .collect();
    Ok(HomePage {
        page,
        popular,
        locations,
        service_count: catalog.services().len(),
        location_count: catalog.locations().len(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "text_page.html")]
pub struct TextPage {
    page: Page,
    title: String,
    paragraphs: Vec<String>,
}

fn text_page(page: Page, key: &str, paragraphs: usize) -> TextPage {
    let title = page.t(&format!("{key}-title"));
    let paragraphs = (1..=paragraphs).map(|i| page.t(&format!("{key}-p{i}"))).collect();
    TextPage { page, title, paragraphs }
}

pub async fn imprint(page: Page) -> TextPage {
    text_page(page, "imprint", 4)
}

pub async fn privacy(page: Page) -> TextPage {
    text_page(page, "privacy", 6)
}

#[derive(Template, WebTemplate)]
#[template(path = "accessibility.html")]
pub struct AccessibilityPage {
    page: Page,
    form: FeedbackForm,
    errors: FormErrors,
    message_max: usize,
}

pub async fn accessibility(page: Page, session: SessionHandle) -> AppResult<AccessibilityPage> {
    let mut page = page;
    page.csrf = Some(session.csrf_token().await?);
    let form = FeedbackForm {
        page: "/barrierefreiheit".into(),
        ..Default::default()
    };
    Ok(AccessibilityPage {
        page,
        form,
        errors: FormErrors::default(),
        message_max: feedback::MESSAGE_MAX,
    })
}

pub async fn accessibility_feedback(
    State(state): State<AppState>,
    page: Page,
    session: SessionHandle,
    Form(form): Form<FeedbackForm>,
) -> AppResult<Response> {
    match form.parse() {
        Ok(valid) => {
            let c = &state.config;
            feedback::submit(
                &state.db,
                &*state.clock,
                page.lang,
                &c.accessibility_contact,
                &c.city_name,
                &c.public_url,
                valid,
            )
            .await?;
            Ok(Redirect::to("/barrierefreiheit/danke").into_response())
        }
        Err(problems) => {
            let mut page = page;
            page.csrf = Some(session.csrf_token().await?);
            let errors = FormErrors::from_keys(&page, problems.iter().map(|p| (p.field, p.key)));
            Ok(crate::error::invalid(AccessibilityPage {
                page,
                form,
                errors,
                message_max: feedback::MESSAGE_MAX,
            }))
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "feedback_thanks.html")]
pub struct FeedbackThanks {
    page: Page,
}

pub async fn feedback_thanks(page: Page) -> FeedbackThanks {
    FeedbackThanks { page }
}
