//! Every refusal is audited through one helper: someone else's object answered like a
//! missing one (404), a page or action the person may not use (403, a failed CSRF check
//! included). The answer itself does not change; the audit log shows who tried what.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

use crate::error::AppResult;
use crate::session::SessionHandle;
use crate::state::AppState;
use rathaus_platform::audit::{self, AuditEvent};

/// Records one refusal: `actor` as the audit log names people (`account:<id>`,
/// `anonymous:<ip>`), `action` a dotted verb ending in `-refused`, `subject` what was asked for.
pub async fn record(state: &AppState, actor: &str, action: &str, subject: &str) -> AppResult<()> {
    audit::record(state.db.write(), &*state.clock, AuditEvent::new(actor, action, subject)).await?;
    Ok(())
}

/// Who asks, as the audit log names them.
pub async fn actor(session: Option<&SessionHandle>, request_ip: Option<std::net::IpAddr>) -> String {
    let account = match session {
        Some(session) => session.current().await.ok().flatten().and_then(|s| s.account_id),
        None => None,
    };
    match (account, request_ip) {
        (Some(id), _) => format!("account:{id}"),
        (None, Some(ip)) => format!("anonymous:{ip}"),
        (None, None) => "anonymous".to_string(),
    }
}

/// Audits every 403, whichever layer or handler answered it.
pub async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let session = request.extensions().get::<SessionHandle>().cloned();
    let ip = crate::middleware::client_ip(&request, state.config.http.trust_forwarded_for);
    // Cheap clones; the subject is written out only for a refusal.
    let (method, uri) = (request.method().clone(), request.uri().clone());
    let response = next.run(request).await;
    if response.status() == StatusCode::FORBIDDEN {
        let subject = format!("{method} {}", uri.path());
        let who = actor(session.as_ref(), ip).await;
        if let Err(e) = record(&state, &who, "access.forbidden-refused", &subject).await {
            // The refusal stands; only its record failed.
            tracing::error!(error = ?e.0, %subject, "could not audit a refusal");
        }
    }
    response
}
