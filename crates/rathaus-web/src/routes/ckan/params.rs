//! A call's parameters as CKAN takes them: the query string of a GET, the JSON object of
//! a POST, or the fields of a multipart POST (with its file in `upload`). Values keep
//! their JSON type; clients that can only send strings (query strings, multipart) send
//! lists as JSON text, which [`Params::list`] reads too.

use axum::extract::Request;
use axum::http::{Method, header};
use http_body_util::BodyExt;
use serde_json::{Map, Value};

use super::CkanError;
use crate::forms::{next_part, open_multipart};
use crate::state::AppState;

/// A file sent with a call (`resource_create` with `upload`).
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

#[derive(Default)]
pub struct Params {
    pub values: Map<String, Value>,
    pub upload: Option<Upload>,
}

impl Params {
    pub async fn read(state: &AppState, request: Request) -> Result<Params, CkanError> {
        if request.method() == Method::GET || request.method() == Method::HEAD {
            let query = request.uri().query().unwrap_or("");
            return Ok(Params {
                values: strings(query.as_bytes())?,
                upload: None,
            });
        }
        if crate::middleware::body_limit::is_multipart(&request) {
            return multipart(state, request).await;
        }
        let is_form = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        let bytes = request
            .into_body()
            .collect()
            .await
            .map_err(|_| CkanError::BadRequest("the request body is too large or could not be read".into()))?
            .to_bytes();
        if is_form {
            return Ok(Params {
                values: strings(&bytes)?,
                upload: None,
            });
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Params::default());
        }
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(values)) => Ok(Params { values, upload: None }),
            Ok(_) => Err(CkanError::BadRequest("JSON Error: the body must be a JSON object".into())),
            Err(e) => Err(CkanError::BadRequest(format!("JSON Error: {e}"))),
        }
    }

    /// A text parameter (numbers and booleans as their text); empty text is absent.
    pub fn text(&self, key: &str) -> Option<String> {
        match self.values.get(key)? {
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// A whole number in `range`, `default` when absent; anything else is a validation error.
    pub fn number(&self, key: &str, default: i64, range: std::ops::RangeInclusive<i64>) -> Result<i64, CkanError> {
        let Some(text) = self.text(key) else { return Ok(default) };
        match text.parse::<i64>() {
            Ok(n) if range.contains(&n) => Ok(n),
            _ => Err(CkanError::invalid(
                key,
                format!("Invalid integer: must be between {} and {}", range.start(), range.end()),
            )),
        }
    }

    pub fn flag(&self, key: &str) -> bool {
        self.text(key)
            .is_some_and(|t| matches!(t.to_ascii_lowercase().as_str(), "true" | "1" | "yes" | "on"))
    }

    /// A list: a JSON array, or JSON text of one (as a query string carries it).
    pub fn list(&self, key: &str) -> Result<Vec<Value>, CkanError> {
        match self.values.get(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => Ok(items.clone()),
            Some(Value::String(text)) if text.trim().is_empty() => Ok(Vec::new()),
            Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
                Ok(Value::Array(items)) => Ok(items),
                _ => Err(CkanError::invalid(key, "must be a JSON list")),
            },
            Some(_) => Err(CkanError::invalid(key, "must be a list")),
        }
    }

    /// The `id` (or `name_or_id`) every `*_show` action takes.
    pub fn id(&self) -> Result<String, CkanError> {
        self.text("id")
            .or_else(|| self.text("name_or_id"))
            .ok_or_else(|| CkanError::invalid("id", "Missing value"))
    }
}

fn strings(bytes: &[u8]) -> Result<Map<String, Value>, CkanError> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_bytes(bytes).map_err(|e| CkanError::BadRequest(format!("unreadable parameters: {e}")))?;
    Ok(pairs.into_iter().map(|(k, v)| (k, Value::String(v))).collect())
}

async fn multipart(state: &AppState, request: Request) -> Result<Params, CkanError> {
    let limit = state.blobs.max_bytes();
    let mut form = open_multipart(state, request).await.map_err(CkanError::from_app)?;
    let mut params = Params::default();
    while let Some(mut part) = next_part(state, &mut form).await.map_err(CkanError::from_app)? {
        let name = part.name().unwrap_or_default().to_string();
        if name == "upload" {
            let file_name = part.file_name().unwrap_or("upload").chars().take(200).collect();
            let mut bytes = Vec::new();
            while let Some(chunk) = part
                .chunk()
                .await
                .map_err(|_| CkanError::BadRequest("the upload could not be read".into()))?
            {
                if bytes.len() as u64 + chunk.len() as u64 > limit {
                    return Err(CkanError::from_app(crate::error::AppError(rathaus_platform::Error::TooLarge {
                        limit,
                    })));
                }
                bytes.extend_from_slice(&chunk);
            }
            params.upload = Some(Upload { file_name, bytes });
        } else {
            let text = part
                .text()
                .await
                .map_err(|_| CkanError::BadRequest(format!("the field {name} could not be read")))?;
            params.values.insert(name, Value::String(text));
        }
    }
    Ok(params)
}
