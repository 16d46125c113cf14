use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

use checkpoint::audit::Actor;
use checkpoint::auth::{self, Role};
use checkpoint::config::Settings;
use checkpoint::db::{self, types::Id, Db};
use checkpoint::policy::cli as policy_tools;
use checkpoint::startup::Application;
use checkpoint::telemetry;

#[derive(Parser)]
#[command(
    name = "checkpoint",
    version,
    about = "Verification and trust-and-safety backend"
)]
struct Cli {
    /// A TOML settings file (also CHECKPOINT_CONFIG); environment variables override it.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database and serve HTTP until SIGTERM.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage service tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Manage staff accounts for the console.
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Check, compare and backtest moderation policy files.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Scan JSON lines `{"text": …, "user_id": …}` from stdin with a policy file; one verdict per
    /// line on stdout, as the API gives it (frequency rules count within the input).
    Scan {
        #[arg(long)]
        policy: PathBuf,
    },
}

#[derive(Subcommand)]
enum PolicyCommand {
    /// Validate a policy file; errors are printed with line and column.
    Check { file: PathBuf },
    /// List the terms and rules that changed between two policy files.
    Diff { old: PathBuf, new: PathBuf },
    /// Precision, recall and F1 of FILE over labelled JSON lines (`{"text", "want": 0|1}`),
    /// overall and per category, with false alarms and misses.
    Eval {
        file: PathBuf,
        #[arg(long)]
        labelled: PathBuf,
        /// How many false alarms and misses to list.
        #[arg(long, default_value_t = 20)]
        show: usize,
        #[arg(long)]
        json: bool,
        /// Leave the learned score out: what the words alone catch.
        #[arg(long)]
        words_only: bool,
    },
    /// Fit the learned score to labelled JSON lines, on the texts FILE's words leave alone; write
    /// its weights to OUT and print the threshold that keeps precision at --precision.
    Train {
        file: PathBuf,
        #[arg(long)]
        labelled: PathBuf,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 0.9)]
        precision: f64,
        #[arg(long, default_value_t = 5)]
        folds: usize,
    },
    /// Replay stored content (or a JSON-lines corpus) under the active policy (or --against) and
    /// under FILE, and report how many verdicts would change.
    Backtest {
        file: PathBuf,
        /// Stored scans from this far back, e.g. 7d.
        #[arg(long, conflicts_with = "input")]
        since: Option<String>,
        /// JSON lines with `text` and optionally `user_id`, `created_at`.
        #[arg(long)]
        input: Option<PathBuf>,
        /// The policy to compare with; default: the active one in the database.
        #[arg(long)]
        against: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

/// Passwords are read from CHECKPOINT_STAFF_PASSWORD or, failing that, the first line of stdin,
/// never from the command line (it would end up in shell history and `ps`).
#[derive(Subcommand)]
enum StaffCommand {
    /// Create a staff account (reviewer, senior, ops or admin).
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        role: Role,
        /// The name shown in the console and audit views.
        #[arg(long)]
        name: String,
    },
    /// Set a new password; every session of the account ends.
    Password { username: String },
    /// Disable an account; its sessions end at once.
    Disable { username: String },
    /// List accounts.
    List,
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a token and print its secret (shown only this once).
    Create {
        #[arg(long)]
        role: Role,
        #[arg(long)]
        name: String,
    },
    /// List tokens (never their secrets).
    List,
    /// Revoke a token by id.
    Revoke { id: String },
}

fn main() -> anyhow::Result<()> {
    checkpoint::ocr::limit_openmp_threads();
    let cli = Cli::parse();
    // The policy tools need no settings or database (except a backtest against stored scans).
    match cli.command {
        Command::Policy(PolicyCommand::Check { file }) => return policy_tools::check(&file),
        Command::Policy(PolicyCommand::Diff { old, new }) => return policy_tools::diff(&old, &new),
        Command::Policy(PolicyCommand::Eval {
            file,
            labelled,
            show,
            json,
            words_only,
        }) => return policy_tools::eval(&file, &labelled, show, json, words_only),
        Command::Policy(PolicyCommand::Train {
            file,
            labelled,
            out,
            precision,
            folds,
        }) => return policy_tools::train(&file, &labelled, &out, precision, folds),
        Command::Scan { policy } => return policy_tools::scan(&policy),
        _ => {}
    }
    let settings = Settings::load(cli.config).context("loading settings")?;
    telemetry::init(settings.log_format, &settings.log_level);
    match cli.command {
        Command::Serve => serve(settings),
        Command::Migrate => {
            let applied = Db::connect(&settings.database_url, 1)?.migrate()?;
            println!("{} migrations applied", applied.len());
            for name in applied {
                println!("  {name}");
            }
            Ok(())
        }
        Command::Token(command) => token(&settings, command),
        Command::Staff(command) => staff(&settings, command),
        Command::Policy(PolicyCommand::Backtest {
            file,
            since,
            input,
            against,
            json,
        }) => policy_tools::backtest(
            &settings,
            &file,
            since.as_deref(),
            input.as_deref(),
            against.as_deref(),
            json,
        ),
        Command::Policy(_) | Command::Scan { .. } => {
            unreachable!("handled before settings are loaded")
        }
    }
}

#[actix_web::main]
async fn serve(settings: Settings) -> anyhow::Result<()> {
    let app = Application::build(&settings)?;
    // Printed (not only logged) so scripts and tests can find the port when it was 0.
    println!(
        "checkpoint listening on http://{}:{}",
        settings.host,
        app.port()
    );
    app.run_until_stopped().await?;
    tracing::info!("stopped");
    Ok(())
}

fn password_input() -> anyhow::Result<String> {
    if let Ok(password) = std::env::var("CHECKPOINT_STAFF_PASSWORD") {
        return Ok(password);
    }
    eprintln!("password (at least 12 characters), then Enter:");
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("reading the password from stdin")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn staff(settings: &Settings, command: StaffCommand) -> anyhow::Result<()> {
    let db = Db::connect(&settings.database_url, 1)?;
    db.migrate()?;
    let mut conn = db.get()?;
    match command {
        StaffCommand::Create {
            username,
            role,
            name,
        } => {
            let row = auth::staff::create(
                &mut conn,
                &Actor::cli(),
                &username,
                &name,
                role,
                &password_input()?,
            )?;
            println!("created {} account {} ({})", row.role, row.username, row.id);
        }
        StaffCommand::Password { username } => {
            auth::staff::set_password(&mut conn, &Actor::cli(), &username, &password_input()?)?;
            println!("password changed for {username}; their sessions have ended");
        }
        StaffCommand::Disable { username } => {
            auth::staff::disable(&mut conn, &Actor::cli(), &username)?;
            println!("disabled {username}");
        }
        StaffCommand::List => {
            for s in db::staff::list(&mut conn)? {
                let state = if s.disabled_at.is_some() {
                    "disabled"
                } else {
                    "active"
                };
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    s.username,
                    s.role,
                    state,
                    s.created_at.and_utc().to_rfc3339(),
                    s.display_name
                );
            }
        }
    }
    Ok(())
}

fn token(settings: &Settings, command: TokenCommand) -> anyhow::Result<()> {
    let db = Db::connect(&settings.database_url, 1)?;
    db.migrate()?;
    let mut conn = db.get()?;
    match command {
        TokenCommand::Create { role, name } => {
            let issued = auth::tokens::issue(&mut conn, &Actor::cli(), &name, role)?;
            eprintln!(
                "created {} token {:?} ({}); store the secret now, it is not shown again:",
                role, name, issued.token.id
            );
            println!("{}", issued.secret);
        }
        TokenCommand::List => {
            for t in db::tokens::list(&mut conn)? {
                let state = if t.revoked_at.is_some() {
                    "revoked"
                } else {
                    "active"
                };
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    t.id,
                    t.role,
                    state,
                    t.created_at.and_utc().to_rfc3339(),
                    t.name
                );
            }
        }
        TokenCommand::Revoke { id } => {
            let id = Id::parse(&id).context("the token id is not a UUID")?;
            auth::tokens::revoke(&mut conn, &Actor::cli(), &id)?;
            println!("revoked {id}");
        }
    }
    Ok(())
}
