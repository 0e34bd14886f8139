//! The Postfach: messages from the authority, unread ones marked. A message about an
//! application opens with the whole thread of that case and a form to answer — with
//! documents — while the case is open.

pub mod compose;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use super::applications::refused;
use crate::auth::SignedIn;
use crate::error::{AppError, AppResult};
use crate::forms::{FieldMessage, FormErrors};
use crate::page::Page;
use crate::state::AppState;
use rathaus_core::applications;
use rathaus_core::applications::receipt::local_time;
use rathaus_core::inbox::{self, Message, Sender, thread};
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

/// One message of a thread as the page shows it.
pub struct ThreadEntry {
    pub from_us: bool,
    pub sender: String,
    pub subject: String,
    pub at: String,
    pub body: String,
    pub document: Option<String>,
    pub attachments: Vec<(String, String)>,
    pub current: bool,
    pub read: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "inbox/message.html")]
pub struct MessagePage {
    page: Page,
    message: Message,
    received: String,
    file_name: Option<String>,
    thread: Vec<ThreadEntry>,
    can_reply: bool,
    action: String,
    text: String,
    errors: FormErrors,
    sent: bool,
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

#[derive(Debug, Default, Deserialize)]
pub struct SentQuery {
    #[serde(default)]
    hinweis: String,
}

pub async fn show(
    State(state): State<AppState>,
    who: SignedIn,
    page: Page,
    Path(id): Path<Uuid>,
    Query(q): Query<SentQuery>,
) -> AppResult<MessagePage> {
    let message = own_message(&state, &who, id).await?;
    render(
        &state,
        &who,
        page,
        message,
        String::new(),
        FormErrors::default(),
        q.hinweis == "gesendet",
    )
    .await
}

async fn render(
    state: &AppState,
    who: &SignedIn,
    mut page: Page,
    message: Message,
    text: String,
    errors: FormErrors,
    sent: bool,
) -> AppResult<MessagePage> {
    let lang = page.lang;
    let file_name = match message.file_id {
        Some(file) => Some(state.blobs.record(state.db.read(), file).await?.original_name),
        None => None,
    };
    let (thread, can_reply) = match message.application_id {
        Some(app) => {
            let application = applications::own(&state.db, &who.acting(), app).await?;
            inbox::mark_thread_read(&state.db, &*state.clock, &who.account, app).await?;
            // The authority's messages are signed with the agency's name.
            let authority = state
                .catalog()
                .await?
                .agency(application.agency_id.as_deref().unwrap_or_default())
                .map(|a| a.name(lang).to_string())
                .unwrap_or_else(|| page.t("inbox-from-authority"));
            let attachments = thread::attachments(&state.db, app).await?;
            let mut entries = Vec::new();
            for m in thread::of_case(&state.db, app).await? {
                let from_us = m.sender == Sender::Resident;
                entries.push(ThreadEntry {
                    sender: if from_us { page.t("inbox-from-you") } else { authority.clone() },
                    at: local_time(m.created_at, lang),
                    document: m.file_id.map(|_| format!("/postfach/{}/dokument", m.id)),
                    attachments: attachments
                        .get(&m.id)
                        .map(|files| {
                            files
                                .iter()
                                .map(|f| (format!("/antraege/{app}/dateien/{}", f.id), f.original_name.clone()))
                                .collect()
                        })
                        .unwrap_or_default(),
                    current: m.id == message.id,
                    read: match (from_us, m.staff_read_at) {
                        (true, Some(at)) => page.t1("inbox-read-by-authority", "at", local_time(at, lang)),
                        _ => String::new(),
                    },
                    from_us,
                    subject: m.subject,
                    body: m.body,
                });
            }
            (entries, thread::is_open(&application))
        }
        None => (Vec::new(), false),
    };
    let csrf = who.session.csrf_token.clone();
    // The form carries files, so its token travels in the address (see the CSRF layer).
    let action = format!("/postfach/{}/antworten?_csrf={}", message.id, crate::auth::url_component(&csrf));
    page.csrf = Some(csrf);
    Ok(MessagePage {
        received: local_time(message.created_at, lang),
        message,
        file_name,
        thread,
        can_reply,
        action,
        text,
        errors,
        sent,
        page,
    })
}

/// The resident answers in the thread, with documents if needed.
pub async fn reply(
    State(state): State<AppState>,
    who: SignedIn,
    page: Page,
    Path(id): Path<Uuid>,
    request: Request,
) -> AppResult<Response> {
    let message = own_message(&state, &who, id).await?;
    let app = message.application_id.ok_or(AppError(Error::NotFound))?;
    let application = applications::own(&state.db, &who.acting(), app).await?;
    let write = async |new_id: Uuid, text: &str| thread::reply(&state.db, &*state.clock, &who.account, &application, new_id, text).await;
    match compose::send(&state, request, &application, "text", page.lang, write).await? {
        None => Ok(Redirect::to(&format!("/postfach/{id}?hinweis=gesendet#antwort")).into_response()),
        Some(refused) => {
            let errors = FormErrors(vec![FieldMessage {
                field: "text",
                text: refused.problem,
            }]);
            let page = render(&state, &who, page, message, refused.text, errors, false).await?;
            Ok(crate::error::invalid(page))
        }
    }
}

pub async fn document(State(state): State<AppState>, who: SignedIn, Path(id): Path<Uuid>) -> AppResult<Response> {
    let message = own_message(&state, &who, id).await?;
    let file = message.file_id.ok_or(Error::NotFound)?;
    let record = state.blobs.record(state.db.read(), file).await?;
    if let Some(application) = message.application_id {
        rathaus_core::cases::retrieved(&state.db, &*state.clock, &who.acting(), application, file).await?;
    }
    super::applications::stream_file(&state, &record).await
}
