//! "Forgot password": the request only queues a job — the same single write whatever
//! the address — so neither the answer nor its timing tells whether the address has an
//! account. The job issues the link, or tells the address's owner that there is no
//! account; both mails count towards the limit per typed address. The job carries the
//! typed address sealed with the master key, so the jobs table holds no address in clear.

use async_trait::async_trait;
use base64::Engine as _;

use super::notices::Site;
use super::{normalize_email, residents};
use rathaus_platform::blobs::MasterKey;
use rathaus_platform::clock::Clock;
use rathaus_platform::db::Db;
use rathaus_platform::i18n::Lang;
use rathaus_platform::jobs::{self, Job, JobContext, NewJob};
use rathaus_platform::{Error, Result};

pub const JOB: &str = "accounts.password-reset";

const SEALED_FOR: &[u8] = b"password reset address";

/// The address asked for, sealed with the installation's key (the jobs table is no
/// list of who forgot a password), and the language of the page it was asked on.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Payload {
    /// Base64 of the sealed address.
    pub address: String,
    #[serde(default)]
    pub lang: Lang,
}

/// Queues the reset for `email` (checked to be an address first), in `lang`.
pub async fn request(db: &Db, clock: &dyn Clock, master: &MasterKey, email: &str, lang: Lang) -> Result<()> {
    normalize_email(email)?;
    let sealed = master.seal(email.trim().as_bytes(), SEALED_FOR)?;
    let address = base64::engine::general_purpose::STANDARD.encode(sealed);
    jobs::enqueue(db.write(), clock, NewJob::of::<ResetJob>(&Payload { address, lang })?).await?;
    Ok(())
}

/// Sends what the request asked for; links point to `public_url`.
pub struct ResetJob {
    pub city: String,
    pub public_url: String,
    pub master: MasterKey,
}

#[async_trait]
impl Job for ResetJob {
    const KIND: &'static str = JOB;
    type Payload = Payload;

    async fn run(&self, ctx: &JobContext, payload: Payload) -> Result<()> {
        let sealed = base64::engine::general_purpose::STANDARD
            .decode(&payload.address)
            .map_err(|_| Error::internal("password reset job: the address is not base64"))?;
        let address = String::from_utf8(self.master.open(&sealed, SEALED_FOR)?)
            .map_err(|_| Error::internal("password reset job: the address is not text"))?;
        let address = address.as_str();
        let site = Site {
            city: &self.city,
            public_url: &self.public_url,
            lang: payload.lang,
        };
        match residents::request_reset(&ctx.db, &*ctx.clock, address).await? {
            Some((account, token)) => site.reset(ctx.db.write(), &*ctx.clock, &account.email, &token).await,
            None => site.no_account(ctx.db.write(), &*ctx.clock, address).await,
        }
    }
}
