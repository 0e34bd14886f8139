//! `rathaus admin …`: staff accounts, roles, jobs and the mail outbox.

use clap::Subcommand;
use std::process::ExitCode;
use uuid::Uuid;

use rathaus_core::accounts::notices::Site;
use rathaus_core::accounts::{self, Role, Scope};
use rathaus_platform::Error;
use rathaus_platform::clock::SystemClock;
use rathaus_platform::config::Config;
use rathaus_platform::db::Db;
use rathaus_platform::i18n::Lang;
use rathaus_platform::jobs::{self, JobStatus};
use rathaus_platform::mail::{self, MailContent};

const ACTOR: &str = "operator:cli";

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a staff account and mail an invitation to set a password.
    CreateStaff {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// List staff accounts and their roles.
    Staff,
    /// Grant a role: case_worker, team_lead, agency_admin, counter, mailroom, payments, publisher, reviewer (need --agency), cdo, operator (city-wide).
    Grant {
        #[arg(long)]
        email: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        agency: Option<String>,
    },
    /// Revoke a role; takes effect on the very next request.
    Revoke {
        #[arg(long)]
        email: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        agency: Option<String>,
    },
    /// Disable an account at once (all its sessions end), e.g. when it was taken over.
    Disable {
        #[arg(long)]
        email: String,
        /// Why, for the audit log.
        #[arg(long)]
        reason: String,
    },
    /// Enable a disabled account again.
    Enable {
        #[arg(long)]
        email: String,
        #[arg(long)]
        reason: String,
    },
    /// List jobs by status (default: dead, i.e. failed for good).
    Jobs {
        #[arg(long, default_value = "dead")]
        status: String,
        #[arg(long, default_value_t = 50)]
        limit: u64,
    },
    /// Put a dead job back into the queue.
    RetryJob { id: Uuid },
    /// List mails; `--status held` shows the outbox kept while SMTP is not configured.
    Mails {
        #[arg(long)]
        status: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: u64,
        /// Print the text of each mail.
        #[arg(long)]
        full: bool,
    },
    /// Queue a test mail to check the SMTP settings.
    MailTest {
        #[arg(long)]
        to: String,
    },
}

fn role_and_scope(role: &str, agency: Option<String>) -> Result<(Role, Scope), Error> {
    let role = Role::parse(role).ok_or_else(|| {
        Error::Invalid(format!(
            "unknown role \"{role}\"; roles are: {}",
            Role::ALL.map(|r| r.as_str()).join(", ")
        ))
    })?;
    let scope = match agency {
        Some(a) => Scope::Agency(a),
        None => Scope::City,
    };
    Ok((role, scope))
}

async fn set_disabled(db: &Db, clock: &SystemClock, email: &str, disabled: bool, reason: &str) -> anyhow::Result<()> {
    let account = accounts::find_by_email(db, email)
        .await
        .map_err(|_| anyhow::anyhow!("no account for {email}"))?;
    accounts::set_disabled(db, clock, ACTOR, account.id, disabled, reason).await?;
    println!("{} {}", if disabled { "disabled" } else { "enabled" }, account.email);
    Ok(())
}

/// Where an invitation links: the CLI's own `public_url` when it names one, otherwise the
/// address the server stored at its last start; with neither, the link would point
/// nowhere, so the command refuses.
async fn invitation_address(config: &Config, db: &Db) -> anyhow::Result<String> {
    if config.public_url != Config::default().public_url {
        return Ok(config.public_url.clone());
    }
    match rathaus_platform::installation::recall(db, rathaus_platform::installation::PUBLIC_URL).await? {
        Some(stored) => Ok(stored),
        None => anyhow::bail!(
            "the invitation needs the address people open Rathaus at, and neither this command nor a server has named it: \
             set public_url (RATHAUS_PUBLIC_URL) as the server has it, or start `rathaus serve` once, which stores its address"
        ),
    }
}

pub async fn run(config: Config, cmd: AdminCommand) -> anyhow::Result<ExitCode> {
    let db = Db::connect(&config).await?;
    db.migrate().await?;
    let clock = SystemClock;
    match cmd {
        AdminCommand::CreateStaff { email, name } => {
            let public_url = invitation_address(&config, &db).await?;
            let site = Site {
                city: &config.city_name,
                public_url: &public_url,
                lang: Lang::De,
            };
            let account = accounts::staff::invite(&db, &clock, &site, ACTOR, &email, &name).await?;
            println!("created staff account {} for {}", account.id, account.email);
            println!(
                "an invitation to set a password (valid {} hours) is queued; without SMTP it waits in `rathaus admin mails --full`",
                accounts::staff::INVITATION_HOURS
            );
            println!(
                "next: rathaus admin grant --email {} --role case_worker --agency <agency id>",
                account.email
            );
        }
        AdminCommand::Staff => {
            for account in accounts::list_staff(&db).await? {
                let grants = accounts::grants_of(&db, account.id).await?;
                let roles: Vec<String> = grants.iter().map(|g| format!("{}@{}", g.role.as_str(), g.scope.as_db())).collect();
                println!(
                    "{}\t{}\t{}",
                    account.email,
                    account.display_name,
                    if roles.is_empty() { "-".into() } else { roles.join(", ") }
                );
            }
        }
        AdminCommand::Grant { email, role, agency } => {
            let account = accounts::find_by_email(&db, &email)
                .await
                .map_err(|_| anyhow::anyhow!("no account for {email}; create it with `rathaus admin create-staff`"))?;
            let (role, scope) = role_and_scope(&role, agency)?;
            accounts::grant_role(&db, &clock, ACTOR, account.id, role, scope.clone()).await?;
            println!("granted {} at {} to {}", role.as_str(), scope.as_db(), account.email);
        }
        AdminCommand::Revoke { email, role, agency } => {
            let account = accounts::find_by_email(&db, &email)
                .await
                .map_err(|_| anyhow::anyhow!("no account for {email}"))?;
            let (role, scope) = role_and_scope(&role, agency)?;
            accounts::revoke_role(&db, &clock, ACTOR, account.id, role, scope.clone())
                .await
                .map_err(|_| anyhow::anyhow!("{} does not hold {} at {}", account.email, role.as_str(), scope.as_db()))?;
            println!("revoked {} at {} from {}", role.as_str(), scope.as_db(), account.email);
        }
        AdminCommand::Jobs { status, limit } => {
            let status = match status.as_str() {
                "queued" => JobStatus::Queued,
                "running" => JobStatus::Running,
                "done" => JobStatus::Done,
                "dead" => JobStatus::Dead,
                other => anyhow::bail!("unknown status \"{other}\"; use queued, running, done or dead"),
            };
            for (s, n) in jobs::counts(&db).await? {
                println!("# {s}: {n}");
            }
            for job in jobs::list(&db, status, limit).await? {
                println!(
                    "{}\t{}\t{}/{}\t{}\t{}",
                    job.id,
                    job.kind,
                    job.attempts,
                    job.max_attempts,
                    job.created_at,
                    job.last_error.unwrap_or_default()
                );
            }
        }
        AdminCommand::Disable { email, reason } => set_disabled(&db, &clock, &email, true, &reason).await?,
        AdminCommand::Enable { email, reason } => set_disabled(&db, &clock, &email, false, &reason).await?,
        AdminCommand::RetryJob { id } => {
            jobs::retry_dead(&db, &clock, id)
                .await
                .map_err(|_| anyhow::anyhow!("no dead job {id}; see `rathaus admin jobs`"))?;
            println!("job {id} is queued again");
        }
        AdminCommand::Mails { status, limit, full } => {
            for m in mail::list(&db, status.as_deref(), limit).await? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    m.created_at,
                    m.status,
                    m.to,
                    m.subject,
                    m.error.unwrap_or_default()
                );
                if full {
                    println!("{}\n", m.body_text);
                }
            }
        }
        AdminCommand::MailTest { to } => {
            let lang = Lang::De;
            let content = MailContent::new(lang, &config.city_name).paragraph(lang.t("mail-test-body"));
            let id = mail::queue(db.write(), &clock, content.render(&to, lang.t("mail-test-subject"))?).await?;
            println!("test mail {id} queued; a running `rathaus serve` or `rathaus worker` sends it (see `rathaus admin mails`)");
        }
    }
    Ok(ExitCode::SUCCESS)
}
