//! The interface every payment provider implements. Rathaus creates a payment with the
//! provider, sends the person to the provider's page, and learns the outcome only from
//! the provider's signed webhook or its answer to a status query — never from the
//! redirect back alone. A real provider (the public sector's ePayBL, a card acquirer)
//! plugs in by implementing this trait over its HTTP API.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use rathaus_platform::Result;
use rathaus_platform::db::state::State;

/// What Rathaus asks the provider for.
#[derive(Debug, Clone)]
pub struct ProviderRequest {
    /// Rathaus's payment id; the provider treats a repeated request with it as the
    /// same payment (its idempotency key).
    pub merchant_ref: Uuid,
    pub amount_cents: i64,
    /// Shown on the provider's page and the statement: the Kassenzeichen and the service.
    pub description: String,
    /// Where the provider sends the person back to.
    pub return_url: String,
}

/// The provider's payment and its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub reference: String,
    pub redirect_url: String,
}

/// Where a payment stands; read from and written to its column as `as_str` gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sea_orm::DeriveValueType)]
#[sea_orm(value_type = "String", from_str = "Outcome::from_column", to_str = "Outcome::as_str")]
pub enum Outcome {
    Open,
    Paid,
    Failed,
    Cancelled,
}

impl Outcome {
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::Open => "open",
            Outcome::Paid => "paid",
            Outcome::Failed => "failed",
            Outcome::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<Outcome> {
        Self::from_column(text).ok()
    }
}

impl State for Outcome {
    const ALL: &'static [Self] = &[Outcome::Open, Outcome::Paid, Outcome::Failed, Outcome::Cancelled];

    fn column(&self) -> &'static str {
        self.as_str()
    }

    /// An open payment is paid, fails or is cancelled, once; nothing leaves those ends.
    fn may_become(self, to: Outcome) -> bool {
        self == Outcome::Open && to != Outcome::Open
    }
}

/// Where a payment stands at the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderStatus {
    pub outcome: Outcome,
    /// `card`, `bank_redirect`, `sepa_debit`.
    pub method: Option<String>,
    /// What the provider says was paid: a report is believed only when these match the
    /// payment (a signature proves who sent it, not that it is right).
    pub amount_cents: Option<i64>,
    /// ISO 4217; Rathaus takes euros only.
    pub currency: Option<String>,
}

impl ProviderStatus {
    /// Whether the report is about exactly this amount in euros.
    pub fn matches(&self, amount_cents: i64) -> bool {
        self.amount_cents == Some(amount_cents) && self.currency.as_deref() == Some("EUR")
    }
}

/// A verified webhook: which event, for which payment, saying what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEvent {
    pub event_id: String,
    pub reference: String,
    pub status: ProviderStatus,
}

#[async_trait]
pub trait Provider: Send + Sync {
    /// The name stored with each payment (`testkasse`).
    fn name(&self) -> &'static str;

    /// Creates the payment at the provider, or returns the one made before for the
    /// same `merchant_ref`.
    async fn create(&self, request: &ProviderRequest) -> Result<Created>;

    /// Asks the provider where a payment stands.
    async fn status(&self, reference: &str) -> Result<ProviderStatus>;

    /// Checks a webhook's signature (with its timestamp inside the replay window) and
    /// reads it; `Forbidden` when it does not hold.
    fn verify_webhook(&self, signature: Option<&str>, body: &[u8], now: DateTime<Utc>) -> Result<WebhookEvent>;

    /// Pays back `amount_cents` of a paid payment. `refund_id` is Rathaus's id for the
    /// refund and the provider's idempotency key: asked again, it returns the same
    /// refund and pays nothing twice. Returns the provider's refund reference.
    async fn refund(&self, reference: &str, refund_id: Uuid, amount_cents: i64) -> Result<String>;
}

/// The payment provider the configuration names (the Testkasse; a real provider's
/// client is built here from its own settings).
pub fn from_config(
    config: &rathaus_platform::config::Config,
    db: &rathaus_platform::db::Db,
    clock: &rathaus_platform::clock::SharedClock,
) -> Result<std::sync::Arc<dyn Provider>> {
    Ok(std::sync::Arc::new(super::testkasse::Testkasse {
        db: db.clone(),
        clock: clock.clone(),
        base_url: config.public_url.clone(),
        secret: webhook_secret(config)?,
        tolerance_secs: config.payments.webhook_tolerance_secs,
    }))
}

/// The secret webhooks are signed with: the configured one, or for the built-in
/// Testkasse one derived from the installation's master key (never a value in the source).
pub fn webhook_secret(config: &rathaus_platform::config::Config) -> Result<Vec<u8>> {
    use secrecy::ExposeSecret;
    Ok(match &config.payments.webhook_secret {
        Some(secret) => secret.expose_secret().as_bytes().to_vec(),
        None => rathaus_platform::blobs::master_key_of(config)?
            .derive("testkasse webhook secret")
            .to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::Outcome;
    use rathaus_platform::db::state::State;

    /// Every pair of states against the drawn moves: open to any end, once; the text of
    /// each state reads back as the state.
    #[test]
    fn a_payment_moves_only_from_open_to_an_end() {
        for &from in Outcome::ALL {
            assert_eq!(Outcome::from_column(from.as_str()).unwrap(), from);
            for &to in Outcome::ALL {
                let drawn = from == Outcome::Open && matches!(to, Outcome::Paid | Outcome::Failed | Outcome::Cancelled);
                assert_eq!(from.may_become(to), drawn, "{from:?} -> {to:?}");
            }
        }
        assert!(Outcome::from_column("refunded").is_err());
    }

    #[test]
    #[should_panic(expected = "does not go from Paid to Cancelled")]
    fn a_move_off_the_edges_is_refused_before_it_reaches_the_database() {
        Outcome::Paid.step(Outcome::Cancelled);
    }
}
