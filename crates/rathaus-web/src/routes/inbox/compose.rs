//! Writing a message with attachments, for residents and staff alike: the multipart
//! form is read as it streams; each file goes into the store under the message about to
//! be written, a refused one becomes a message at the field, and the text is kept.

use axum::extract::Request;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::forms::{next_part, open_multipart};
use crate::state::AppState;
use rathaus_core::applications::Application;
use rathaus_core::inbox::thread;
use rathaus_platform::Error;
use rathaus_platform::i18n::Lang;

/// What the form held: the text, and the problem with an attachment if one was refused.
struct Composed {
    text: String,
    problem: Option<String>,
}

/// A message that was not sent: the typed text to show again, and why.
pub struct Refused {
    pub text: String,
    pub problem: String,
}

/// Reads the form, writes the message with `write` (given the new message's id and its
/// text), and when a file or the text is refused takes the attachments back. `None`
/// means sent.
pub async fn send(
    state: &AppState,
    request: Request,
    case: &Application,
    text_field: &str,
    lang: Lang,
    write: impl AsyncFnOnce(Uuid, &str) -> Result<(), Error>,
) -> AppResult<Option<Refused>> {
    let message = Uuid::now_v7();
    let composed = read(state, request, case, message, text_field, lang).await?;
    let problem = match composed.problem {
        Some(problem) => problem,
        None => match write(message, &composed.text).await {
            Ok(()) => return Ok(None),
            Err(e) => text_problem(e, lang)?,
        },
    };
    thread::discard_attachments(&state.db, &state.blobs, &*state.clock, case, message).await?;
    Ok(Some(Refused {
        text: composed.text,
        problem,
    }))
}

/// Reads the form: the text field `text_field`, and files in `attachment`, filed under
/// `message` on `case`.
async fn read(state: &AppState, request: Request, case: &Application, message: Uuid, text_field: &str, lang: Lang) -> AppResult<Composed> {
    let unreadable = || AppError(Error::Invalid("the message could not be read".into()));
    let mut multipart = open_multipart(state, request).await?;
    let mut composed = Composed {
        text: String::new(),
        problem: None,
    };
    while let Some(field) = next_part(state, &mut multipart).await? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "attachment" {
            let original = field.file_name().unwrap_or_default().to_string();
            if original.is_empty() || composed.problem.is_some() {
                continue;
            }
            if let Err(e) = thread::attach(&state.db, &state.blobs, &*state.clock, case, message, &original, field).await {
                composed.problem = Some(crate::forms::upload_problem(e, lang)?);
            }
        } else if name == text_field {
            composed.text = field.text().await.map_err(|_| unreadable())?;
        }
    }
    Ok(composed)
}

/// The message for a text the domain refused.
fn text_problem(error: Error, lang: Lang) -> Result<String, Error> {
    match error {
        Error::Invalid(m) if m == "message-empty" => Ok(lang.t("inbox-error-empty")),
        Error::Invalid(m) if m == "message-too-long" => Ok(lang.t("case-error-too-long")),
        other => Err(other),
    }
}
