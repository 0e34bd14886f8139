//! The OpenID Connect client for the eID provider. The provider's signed ID token is
//! the only source of truth: its signature (from the provider's published keys),
//! issuer, audience, expiry and nonce are checked, PKCE binds the code to this browser,
//! and the state ties the answer to the session that asked.

use chrono::NaiveDate;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreIdTokenClaims, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, Scope, TokenResponse,
};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};
use tokio::sync::RwLock;

use rathaus_core::accounts::Level;
use rathaus_core::accounts::eid::VerifiedAttributes;
use rathaus_platform::config::EidConfig;
use rathaus_platform::{Error, Result};

/// How long discovered provider metadata (endpoints, signing keys) is reused.
const METADATA_TTL: Duration = Duration::from_secs(600);

pub struct EidClient {
    config: EidConfig,
    redirect: String,
    http: openidconnect::reqwest::Client,
    metadata: RwLock<Option<(Instant, CoreProviderMetadata)>>,
}

impl std::fmt::Debug for EidClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EidClient")
            .field("issuer", &self.config.issuer)
            .finish_non_exhaustive()
    }
}

/// What the session keeps between the redirect to the provider and its answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingLogin {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    pub back: Option<String>,
    /// Set when a signed-in person links their eID to the account.
    pub link_to: Option<uuid::Uuid>,
}

/// A confirmed identity.
#[derive(Debug, Clone)]
pub struct Confirmed {
    pub subject: String,
    pub level: Level,
    pub attributes: VerifiedAttributes,
}

fn unavailable(e: impl std::fmt::Display) -> Error {
    tracing::warn!(error = %e, "eID provider not reachable");
    Error::Unavailable("the eID provider does not answer".into())
}

fn refused(e: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("eID answer refused: {e}"))
}

impl EidClient {
    pub fn new(config: EidConfig, public_url: &str) -> Result<Self> {
        let http = openidconnect::reqwest::ClientBuilder::new()
            // The provider must not send us elsewhere (SSRF).
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| Error::Config(format!("`eid`: cannot build the HTTP client: {e}")))?;
        Ok(Self {
            redirect: format!("{}/konto/eid/rueckkehr", public_url.trim_end_matches('/')),
            config,
            http,
            metadata: RwLock::new(None),
        })
    }

    pub fn name(&self) -> &str {
        &self.config.name
    }

    pub fn issuer(&self) -> &str {
        &self.config.issuer
    }

    async fn metadata(&self, refresh: bool) -> Result<CoreProviderMetadata> {
        if !refresh
            && let Some((at, metadata)) = self.metadata.read().await.as_ref()
            && at.elapsed() < METADATA_TTL
        {
            return Ok(metadata.clone());
        }
        let issuer = IssuerUrl::new(self.config.issuer.clone()).map_err(|e| Error::Config(format!("`eid.issuer`: {e}")))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(unavailable)?;
        *self.metadata.write().await = Some((Instant::now(), metadata.clone()));
        Ok(metadata)
    }

    fn client(
        &self,
        metadata: CoreProviderMetadata,
    ) -> Result<
        CoreClient<
            openidconnect::EndpointSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointMaybeSet,
            openidconnect::EndpointMaybeSet,
        >,
    > {
        let redirect = RedirectUrl::new(self.redirect.clone()).map_err(|e| Error::Config(format!("`public_url`: {e}")))?;
        Ok(CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            Some(ClientSecret::new(self.config.client_secret.expose_secret().to_string())),
        )
        .set_redirect_uri(redirect))
    }

    /// The provider's address to send the browser to, and what to keep until it answers.
    pub async fn start(&self, back: Option<String>, link_to: Option<uuid::Uuid>) -> Result<(String, PendingLogin)> {
        let client = self.client(self.metadata(false).await?)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
            .set_pkce_challenge(challenge);
        for scope in &self.config.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, state, nonce) = request.url();
        Ok((
            url.to_string(),
            PendingLogin {
                state: state.secret().clone(),
                nonce: nonce.secret().clone(),
                pkce_verifier: verifier.secret().clone(),
                back,
                link_to,
            },
        ))
    }

    /// Redeems the code and checks the ID token. Anything off is refused.
    pub async fn finish(&self, pending: &PendingLogin, code: &str) -> Result<Confirmed> {
        let metadata = self.metadata(false).await?;
        let mut client = self.client(metadata)?;
        let response = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|e| Error::Config(format!("`eid`: the provider has no token endpoint: {e}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(refused)?;
        let id_token = response.id_token().ok_or_else(|| refused("no ID token"))?;
        let nonce = Nonce::new(pending.nonce.clone());
        let first = id_token.claims(&client.id_token_verifier(), &nonce).cloned();
        let claims = match first {
            Ok(claims) => claims,
            Err(first) => {
                // The provider may have rotated its keys since discovery: look once more.
                client = self.client(self.metadata(true).await?)?;
                id_token
                    .claims(&client.id_token_verifier(), &nonce)
                    .map_err(|_| refused(first))?
                    .clone()
            }
        };
        if let Some(expected) = claims.access_token_hash() {
            let algorithm = id_token.signing_alg().map_err(refused)?;
            let verifier = client.id_token_verifier();
            let key = id_token.signing_key(&verifier).map_err(refused)?;
            let actual = openidconnect::AccessTokenHash::from_token(response.access_token(), algorithm, key).map_err(refused)?;
            if actual != *expected {
                return Err(refused("access token hash does not match"));
            }
        }
        Ok(self.confirmed(&claims))
    }

    fn confirmed(&self, claims: &CoreIdTokenClaims) -> Confirmed {
        // The provider's own statement is never raised: an acr the configuration does not
        // map counts as "low"; the default applies only to a token without any acr.
        let level = match claims.auth_context_ref() {
            Some(acr) => self.config.acr_levels.get(acr.as_str()).and_then(|l| Level::parse(l)),
            None => Level::parse(&self.config.default_level),
        }
        .unwrap_or(Level::Low);
        let text = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
        let address = claims.address();
        Confirmed {
            subject: claims.subject().as_str().to_string(),
            level,
            attributes: VerifiedAttributes {
                given_name: text(claims.given_name().and_then(|n| n.get(None)).map(|n| n.as_str().to_string())),
                family_name: text(claims.family_name().and_then(|n| n.get(None)).map(|n| n.as_str().to_string())),
                birth_date: claims
                    .birthdate()
                    .and_then(|d| NaiveDate::parse_from_str(d.as_str(), "%Y-%m-%d").ok()),
                street: text(address.and_then(|a| a.street_address.as_ref()).map(|s| s.as_str().to_string())),
                postcode: text(address.and_then(|a| a.postal_code.as_ref()).map(|s| s.as_str().to_string())),
                city: text(address.and_then(|a| a.locality.as_ref()).map(|s| s.as_str().to_string())),
            },
        }
    }
}
