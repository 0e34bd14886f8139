//! The Postfach: messages from the authority (receipts for now), unread ones marked,
//! each opened on its own page with its document.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::Response;
use uuid::Uuid;

use super::applications::refused;
use crate::auth::SignedIn;
use crate::error::{AppError, AppResult};
use crate::page::Page;
use crate::state::AppState;
use rathaus_core::applications::receipt::local_time;
use rathaus_core::inbox::{self, Message};
use rathaus_platform::Error;

pub struct MessageRow {
    pub id: Uuid,
    pub subject: String,
    pub received: String,
    pub unread: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "inbox/list.html")]
pub struct InboxPage {
    page: Page,
    messages: Vec<MessageRow>,
    unread: usize,
}

pub async fn list(State(state): State<AppState>, who: SignedIn, page: Page) -> AppResult<InboxPage> {
    let messages: Vec<MessageRow> = inbox::of_account(&state.db, &who.account)
        .await?
        .into_iter()
        .map(|m| MessageRow {
            id: m.id,
            received: local_time(m.created_at, page.lang),
            unread: m.read_at.is_none(),
            subject: m.subject,
        })
        .collect();
    let unread = messages.iter().filter(|m| m.unread).count();
    Ok(InboxPage { page, messages, unread })
}

#[derive(Template, WebTemplate)]
#[template(path = "inbox/message.html")]
pub struct MessagePage {
    page: Page,
    message: Message,
    received: String,
    file_name: Option<String>,
}

async fn own_message(state: &AppState, who: &SignedIn, id: Uuid) -> AppResult<Message> {
    match inbox::open(&state.db, &*state.clock, &who.account, id).await {
        Ok(message) => Ok(message),
        Err(Error::NotFound) => {
            refused(state, who, &format!("inbox_message:{id}")).await?;
            Err(AppError(Error::NotFound))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn show(State(state): State<AppState>, who: SignedIn, page: Page, Path(id): Path<Uuid>) -> AppResult<MessagePage> {
    let message = own_message(&state, &who, id).await?;
    let file_name = match message.file_id {
        Some(file) => Some(state.blobs.record(state.db.read(), file).await?.original_name),
        None => None,
    };
    Ok(MessagePage {
        received: local_time(message.created_at, page.lang),
        message,
        file_name,
        page,
    })
}

pub async fn document(State(state): State<AppState>, who: SignedIn, Path(id): Path<Uuid>) -> AppResult<Response> {
    let message = own_message(&state, &who, id).await?;
    let file = message.file_id.ok_or(Error::NotFound)?;
    let record = state.blobs.record(state.db.read(), file).await?;
    super::applications::stream_file(&state, &record).await
}
