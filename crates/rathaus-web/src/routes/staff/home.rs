//! `/verwaltung`: the staff start page with the person's roles and tools.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;

use crate::auth::Staff;
use crate::error::AppResult;
use crate::page::Page;
use crate::state::AppState;
use crate::workspace::Workspace;

#[derive(Template, WebTemplate)]
#[template(path = "staff/home.html")]
pub struct HomePage {
    page: Page,
    name: String,
    roles: Vec<String>,
    /// The tools the roles open, as the workspace's navigation offers them.
    tools: Workspace,
}

pub async fn show(State(state): State<AppState>, page: Page, staff: Staff) -> AppResult<HomePage> {
    let catalog = state.catalog().await?;
    Ok(HomePage {
        roles: staff.grants.iter().map(|g| super::role_label(&page, &catalog, g)).collect(),
        tools: Workspace::of(&staff),
        name: staff.account.display_name,
        page,
    })
}
