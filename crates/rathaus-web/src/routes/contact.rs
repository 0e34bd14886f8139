//! The contact page: where a question about one's own application goes (the
//! application's page and its Postfach thread), how to come in person, and every
//! agency's phone, e-mail and locations with today's hours. Service pages, the search
//! and its no-results page point here.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;

use super::views::{LocationCard, berlin_weekday};
use crate::error::AppResult;
use crate::page::Page;
use crate::state::AppState;

pub struct AgencyContact {
    pub id: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub locations: Vec<LocationCard>,
}

#[derive(Template, WebTemplate)]
#[template(path = "contact.html")]
pub struct ContactPage {
    page: Page,
    agencies: Vec<AgencyContact>,
}

pub async fn contact(State(state): State<AppState>, page: Page) -> AppResult<ContactPage> {
    let catalog = state.catalog().await?;
    let today = berlin_weekday(state.clock.now());
    let agencies = catalog
        .agencies()
        .iter()
        .map(|a| AgencyContact {
            id: a.id.clone(),
            name: a.name(page.lang).to_string(),
            email: a.email.clone(),
            phone: a.phone.clone(),
            locations: catalog
                .locations_of_agency(&a.id)
                .into_iter()
                .map(|l| LocationCard::new(l, page.lang, today))
                .collect(),
        })
        .collect();
    Ok(ContactPage { page, agencies })
}
