//! The mails of the account flows, in the language the person used. Each is queued
//! in the caller's transaction or connection, like every mail.

use sea_orm::ConnectionTrait;
use sha2::{Digest, Sha256};

use rathaus_platform::Result;
use rathaus_platform::clock::Clock;
use rathaus_platform::i18n::Lang;
use rathaus_platform::mail::{self, MailContent};
use rathaus_platform::ratelimit::{self, Decision, Limit};

/// Mails that anybody can make Rathaus send to an address they type — the address
/// confirmation, "you already have an account", the password reset, "there is no
/// account", an organisation's invitation — go out at most this often per address and
/// hour, counted in the database across nodes. Above it nothing is sent, and the person
/// who asked is answered exactly as when a mail goes out.
pub const TYPED_ADDRESS_LIMIT: Limit = Limit {
    max: 3,
    window: chrono::Duration::hours(1),
};

/// Whether another mail may go to an address somebody typed (counts this one).
async fn may_mail<C: ConnectionTrait>(conn: &C, clock: &dyn Clock, to: &str) -> Result<bool> {
    let address = super::normalize_email(to).unwrap_or_else(|_| to.trim().to_lowercase());
    // The bucket names the address only by its hash: the counter holds no personal data.
    let bucket = format!("mail-to:{}", hex::encode(Sha256::digest(address.as_bytes())));
    let allowed = matches!(
        ratelimit::hit_on(conn, clock, &bucket, TYPED_ADDRESS_LIMIT).await?,
        Decision::Allowed { .. }
    );
    if !allowed {
        tracing::info!("a mail to a typed address was held back: its hourly limit is reached");
    }
    Ok(allowed)
}

/// Where links in mails point.
#[derive(Debug, Clone)]
pub struct Site<'a> {
    pub city: &'a str,
    pub public_url: &'a str,
    pub lang: Lang,
}

impl Site<'_> {
    fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url.trim_end_matches('/'))
    }

    async fn send<C: ConnectionTrait>(
        &self,
        conn: &C,
        clock: &dyn Clock,
        to: &str,
        key: &str,
        action: Option<(&str, String)>,
    ) -> Result<()> {
        let lang = self.lang;
        let mut content = MailContent::new(lang, self.city).paragraph(lang.t(&format!("{key}-body")));
        if let Some((label, url)) = action {
            content = content.action(lang.t(label), url);
        }
        content = content.paragraph(lang.t(&format!("{key}-footer")));
        mail::queue(conn, clock, content.render(to, lang.t(&format!("{key}-subject")))?).await?;
        Ok(())
    }

    /// [`Self::send`] for an address somebody typed: within [`TYPED_ADDRESS_LIMIT`].
    async fn send_typed<C: ConnectionTrait>(
        &self,
        conn: &C,
        clock: &dyn Clock,
        to: &str,
        key: &str,
        action: Option<(&str, String)>,
    ) -> Result<()> {
        if may_mail(conn, clock, to).await? {
            self.send(conn, clock, to, key, action).await?;
        }
        Ok(())
    }

    /// The confirmation link; `then` is where the person was going (a path on this
    /// site), carried through confirmation and sign-in even in another browser.
    pub async fn verification<C: ConnectionTrait>(
        &self,
        conn: &C,
        clock: &dyn Clock,
        to: &str,
        token: &str,
        then: Option<&str>,
    ) -> Result<()> {
        let mut url = self.link(&format!("/konto/bestaetigen?token={token}"));
        if let Some(then) = then {
            url.push_str("&zurueck=");
            url.extend(url::form_urlencoded::byte_serialize(then.as_bytes()));
        }
        self.send_typed(conn, clock, to, "mail-verify", Some(("mail-verify-action", url)))
            .await
    }

    pub async fn already_registered<C: ConnectionTrait>(&self, conn: &C, clock: &dyn Clock, to: &str) -> Result<()> {
        let url = self.link("/konto/passwort-vergessen");
        self.send_typed(conn, clock, to, "mail-already", Some(("mail-already-action", url)))
            .await
    }

    pub async fn reset<C: ConnectionTrait>(&self, conn: &C, clock: &dyn Clock, to: &str, token: &str) -> Result<()> {
        let url = self.link(&format!("/konto/passwort-neu?token={token}"));
        self.send_typed(conn, clock, to, "mail-reset", Some(("mail-reset-action", url)))
            .await
    }

    pub async fn no_account<C: ConnectionTrait>(&self, conn: &C, clock: &dyn Clock, to: &str) -> Result<()> {
        let url = self.link("/konto/registrieren");
        self.send_typed(conn, clock, to, "mail-no-account", Some(("mail-no-account-action", url)))
            .await
    }

    pub async fn staff_invitation<C: ConnectionTrait>(&self, conn: &C, clock: &dyn Clock, to: &str, token: &str) -> Result<()> {
        let url = self.link(&format!("/konto/passwort-neu?token={token}"));
        self.send(conn, clock, to, "mail-staff-invite", Some(("mail-staff-invite-action", url)))
            .await
    }

    pub async fn organisation_invitation<C: ConnectionTrait>(
        &self,
        conn: &C,
        clock: &dyn Clock,
        to: &str,
        organisation: &str,
        inviter: &str,
        token: &str,
    ) -> Result<()> {
        let lang = self.lang;
        let body = lang.t_args(
            "mail-org-invite-body",
            &[("organisation", organisation.to_string()), ("inviter", inviter.to_string())],
        );
        let content = MailContent::new(lang, self.city)
            .paragraph(body)
            .action(
                lang.t("mail-org-invite-action"),
                self.link(&format!("/konto/organisationen/einladung?token={token}")),
            )
            .paragraph(lang.t("mail-org-invite-footer"));
        let subject = lang.t_args("mail-org-invite-subject", &[("organisation", organisation.to_string())]);
        if may_mail(conn, clock, to).await? {
            mail::queue(conn, clock, content.render(to, subject)?).await?;
        }
        Ok(())
    }

    pub async fn new_device<C: ConnectionTrait>(&self, conn: &C, clock: &dyn Clock, to: &str) -> Result<()> {
        let url = self.link("/konto");
        self.send(conn, clock, to, "mail-new-device", Some(("mail-new-device-action", url)))
            .await
    }
}
