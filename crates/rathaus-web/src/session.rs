//! Server-side sessions in the database, so any node can serve any request. The cookie
//! carries a random token; the table stores only its SHA-256. A session is created only
//! when something needs it (a form's CSRF token, a sign-in), not for every visitor.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::cookie::CookieJar;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, Statement, Value};
use std::sync::Arc;
use tokio::sync::Mutex;
use uuid::Uuid;

use crate::state::AppState;
use rathaus_core::accounts::Level;
use rathaus_core::accounts::tokens::{hash_token, random_token};
use rathaus_platform::db::stmt;
use rathaus_platform::{Error, Result};

pub mod lookup;

/// `__Host-` binds the cookie to this exact origin, over HTTPS, for the whole site.
pub const COOKIE: &str = "__Host-rathaus";

#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub token_hash: String,
    pub account_id: Option<Uuid>,
    pub assurance_level: Option<String>,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub idle_expires_at: DateTime<Utc>,
    pub absolute_expires_at: DateTime<Utc>,
    /// Short-lived state between two requests (a pending second factor, a WebAuthn
    /// challenge, an OpenID Connect nonce), keyed by purpose.
    pub data: serde_json::Map<String, serde_json::Value>,
}

/// The session of the current request, loaded on first use.
#[derive(Clone)]
pub struct SessionHandle {
    state: AppState,
    cookie_token: Option<String>,
    inner: Arc<Mutex<Slot>>,
}

#[derive(Default)]
struct Slot {
    loaded: bool,
    record: Option<SessionRecord>,
    /// A token to send in Set-Cookie (a new session).
    new_token: Option<String>,
    /// Tell the browser to drop its cookie (signed out).
    clear_cookie: bool,
}

impl SessionHandle {
    /// The current session, if the request carries a valid one.
    pub async fn current(&self) -> Result<Option<SessionRecord>> {
        let mut slot = self.inner.lock().await;
        self.load(&mut slot).await?;
        Ok(slot.record.clone())
    }

    async fn load(&self, slot: &mut Slot) -> Result<()> {
        if slot.loaded {
            return Ok(());
        }
        slot.loaded = true;
        let Some(token) = &self.cookie_token else { return Ok(()) };
        let now = self.state.clock.now();
        let found = self.state.sessions.find(&self.state.db, hash_token(token)).await?;
        let Some(mut record) = found.filter(|r| r.idle_expires_at > now && r.absolute_expires_at > now) else {
            return Ok(());
        };
        // Extending the idle timeout costs a write; once a minute is precise enough.
        if now - record.last_seen_at > Duration::minutes(1) {
            let idle = now + Duration::minutes(self.state.config.session.idle_timeout_minutes);
            let conn = self.state.db.write();
            conn.execute_raw(stmt(
                conn,
                "UPDATE sessions SET last_seen_at = $1, idle_expires_at = $2 WHERE token_hash = $3",
                vec![now.into(), idle.into(), record.token_hash.clone().into()],
            ))
            .await?;
            record.last_seen_at = now;
            record.idle_expires_at = idle;
        }
        slot.record = Some(record);
        Ok(())
    }

    /// The current session, or a new anonymous one.
    pub async fn ensure(&self) -> Result<SessionRecord> {
        let mut slot = self.inner.lock().await;
        self.load(&mut slot).await?;
        if let Some(record) = &slot.record {
            return Ok(record.clone());
        }
        self.create(&mut slot, None, None, None).await
    }

    /// Signs a person in: the old session (and its id) is discarded and a new one
    /// issued, so a session id planted before sign-in is worthless after it.
    pub async fn sign_in(&self, account: Uuid, level: Level, user_agent: Option<&str>) -> Result<SessionRecord> {
        let mut slot = self.inner.lock().await;
        self.discard(&mut slot).await?;
        let agent = user_agent.map(|a| a.chars().take(300).collect::<String>());
        self.create(&mut slot, Some(account), Some(level.as_str()), agent).await
    }

    /// Ends the session here and in the database.
    pub async fn sign_out(&self) -> Result<()> {
        let mut slot = self.inner.lock().await;
        self.discard(&mut slot).await?;
        slot.new_token = None;
        slot.clear_cookie = true;
        Ok(())
    }

    /// Deletes the request's current session, if any.
    async fn discard(&self, slot: &mut Slot) -> Result<()> {
        self.load(slot).await?;
        if let Some(old) = slot.record.take() {
            let conn = self.state.db.write();
            conn.execute_raw(stmt(
                conn,
                "DELETE FROM sessions WHERE token_hash = $1",
                vec![old.token_hash.into()],
            ))
            .await?;
        }
        Ok(())
    }

    async fn create(
        &self,
        slot: &mut Slot,
        account: Option<Uuid>,
        level: Option<&str>,
        user_agent: Option<String>,
    ) -> Result<SessionRecord> {
        let token = random_token();
        let now = self.state.clock.now();
        let cfg = &self.state.config.session;
        let record = SessionRecord {
            token_hash: hash_token(&token),
            account_id: account,
            assurance_level: level.map(str::to_string),
            csrf_token: random_token(),
            created_at: now,
            last_seen_at: now,
            idle_expires_at: now + Duration::minutes(cfg.idle_timeout_minutes),
            absolute_expires_at: now + Duration::hours(cfg.absolute_timeout_hours),
            data: serde_json::Map::new(),
        };
        let conn = self.state.db.write();
        conn.execute_raw(stmt(
            conn,
            "INSERT INTO sessions (token_hash, account_id, assurance_level, csrf_token, data, created_at, last_seen_at, \
             idle_expires_at, absolute_expires_at, user_agent, signed_in_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            vec![
                record.token_hash.clone().into(),
                account.into(),
                record.assurance_level.clone().into(),
                record.csrf_token.clone().into(),
                Value::Json(Some(Box::new(serde_json::json!({})))),
                record.created_at.into(),
                record.last_seen_at.into(),
                record.idle_expires_at.into(),
                record.absolute_expires_at.into(),
                user_agent.into(),
                account.map(|_| now).into(),
            ],
        ))
        .await?;
        slot.record = Some(record.clone());
        slot.new_token = Some(token);
        slot.clear_cookie = false;
        Ok(record)
    }

    /// Stores (or with `None` removes) a value under `key` in the session, creating an
    /// anonymous session when there is none.
    pub async fn put(&self, key: &str, value: Option<serde_json::Value>) -> Result<()> {
        let mut slot = self.inner.lock().await;
        self.load(&mut slot).await?;
        if slot.record.is_none() {
            self.create(&mut slot, None, None, None).await?;
        }
        let Some(record) = slot.record.as_mut() else { return Ok(()) };
        match value {
            Some(v) => record.data.insert(key.to_string(), v),
            None => record.data.remove(key),
        };
        let conn = self.state.db.write();
        conn.execute_raw(self.data_update(record)).await?;
        Ok(())
    }

    /// The statement that stores `value` under `key` in the current session, for a
    /// transaction that writes it together with something else; `None` without a
    /// session. Once that transaction has committed, [`Self::stored`] tells this handle.
    pub async fn put_statement(&self, key: &str, value: serde_json::Value) -> Result<Option<Statement>> {
        let Some(mut record) = self.current().await? else { return Ok(None) };
        record.data.insert(key.to_string(), value);
        Ok(Some(self.data_update(&record)))
    }

    /// Takes note that `value` was stored under `key` by a [`Self::put_statement`].
    pub async fn stored(&self, key: &str, value: serde_json::Value) {
        if let Some(record) = self.inner.lock().await.record.as_mut() {
            record.data.insert(key.to_string(), value);
        }
    }

    fn data_update(&self, record: &SessionRecord) -> Statement {
        stmt(
            self.state.db.write(),
            "UPDATE sessions SET data = $1 WHERE token_hash = $2",
            vec![
                Value::Json(Some(Box::new(serde_json::Value::Object(record.data.clone())))),
                record.token_hash.clone().into(),
            ],
        )
    }

    /// The value under `key`, if the session holds one.
    pub async fn get(&self, key: &str) -> Result<Option<serde_json::Value>> {
        Ok(self.current().await?.and_then(|r| r.data.get(key).cloned()))
    }

    /// The CSRF token for forms, creating a session when needed.
    pub async fn csrf_token(&self) -> Result<String> {
        Ok(self.ensure().await?.csrf_token)
    }
}

/// Attaches a [`SessionHandle`] to every request and sets the cookie of a new session.
pub async fn layer(State(state): State<AppState>, jar: CookieJar, mut request: Request, next: Next) -> Response {
    let handle = SessionHandle {
        state: state.clone(),
        cookie_token: jar.get(COOKIE).map(|c| c.value().to_string()),
        inner: Arc::new(Mutex::new(Slot::default())),
    };
    request.extensions_mut().insert(handle.clone());
    let mut response = next.run(request).await;
    let (new_token, clear) = {
        let mut slot = handle.inner.lock().await;
        (slot.new_token.take(), slot.clear_cookie)
    };
    if clear {
        let expired = format!("{COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0");
        if let Ok(value) = HeaderValue::from_str(&expired) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    if let Some(token) = new_token {
        let max_age = state.config.session.absolute_timeout_hours * 3600;
        let cookie = format!("{COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age={max_age}");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

impl<S: Send + Sync> FromRequestParts<S> for SessionHandle {
    type Rejection = crate::error::AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<SessionHandle>()
            .cloned()
            .ok_or_else(|| Error::internal("session layer missing").into())
    }
}
