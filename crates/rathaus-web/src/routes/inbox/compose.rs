//! Writing a message with attachments, for residents and staff alike: the multipart
//! form is read as it streams; each file goes into the store under the message about to
//! be written, a refused one becomes a message at the field, and the text is kept.

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use rathaus_core::applications::Application;
use rathaus_core::inbox::thread;
use rathaus_platform::Error;
use rathaus_platform::i18n::Lang;

/// What the form held: the text, and the problem with an attachment if one was refused.
pub struct Composed {
    pub text: String,
    pub problem: Option<String>,
}

/// Reads the form: the text field `text_field`, and files in `attachment`, filed under
/// `message` on `case`.
pub async fn read(
    state: &AppState,
    request: Request,
    case: &Application,
    message: Uuid,
    text_field: &str,
    lang: Lang,
) -> AppResult<Composed> {
    let mut multipart = Multipart::from_request(request, state)
        .await
        .map_err(|_| AppError(Error::Invalid("the message could not be read".into())))?;
    let mut composed = Composed {
        text: String::new(),
        problem: None,
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(AppError(Error::TooLarge {
                    limit: state.config.files.max_upload_bytes,
                }));
            }
            Err(_) => return Err(AppError(Error::Invalid("the message could not be read".into()))),
        };
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
            composed.text = field
                .text()
                .await
                .map_err(|_| AppError(Error::Invalid("the message could not be read".into())))?;
        }
    }
    Ok(composed)
}

/// The message for a text the domain refused.
pub fn text_problem(error: Error, lang: Lang) -> Result<String, Error> {
    match error {
        Error::Invalid(m) if m == "message-empty" => Ok(lang.t("inbox-error-empty")),
        Error::Invalid(m) if m == "message-too-long" => Ok(lang.t("case-error-too-long")),
        other => Err(other),
    }
}
