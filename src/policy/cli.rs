//! The `checkpoint policy …` and `checkpoint scan` commands: policy work without a server.

use std::io::{BufRead, BufWriter, Write};
use std::path::Path;

use anyhow::{anyhow, bail, Context};
use chrono::{NaiveDateTime, Utc};
use serde::Deserialize;

use super::backtest::{backtest as replay, stored_samples, Sample};
use super::eval::{evaluate, Labelled};
use super::model::Period;
use super::verdict::{decide, MemoryHistory};
use super::{diff as policy_diff, file, Scanner};
use crate::config::Settings;
use crate::db::{self, Db};

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// Parses a file, printing each error as `path:line:column: message`.
fn load(path: &Path) -> anyhow::Result<file::PolicyFile> {
    file::parse(&file::read(path).map_err(|e| anyhow!(e))?).map_err(|errors| {
        for e in &errors {
            eprintln!("{}:{e}", path.display());
        }
        anyhow!("{} has {} error(s)", path.display(), errors.len())
    })
}

fn compile(path: &Path) -> anyhow::Result<Scanner> {
    Scanner::build(load(path)?).map_err(|e| anyhow!(e))
}

pub fn check(path: &Path) -> anyhow::Result<()> {
    let policy = load(path)?;
    let terms: usize = policy.categories.iter().map(|c| c.terms.len()).sum();
    println!(
        "{}: policy {:?} version {} is valid: {} categories, {} terms, {} frequency rules (sha256 {})",
        path.display(),
        policy.name,
        policy.version,
        policy.categories.len(),
        terms,
        policy.frequency.len(),
        policy.hash
    );
    Ok(())
}

/// Precision, recall and F1 of the policy in `path` over a labelled set of JSON lines.
pub fn eval(path: &Path, labelled: &Path, show: usize, json: bool) -> anyhow::Result<()> {
    let scanner = compile(path)?;
    let mut samples = Vec::new();
    for (n, line) in read(labelled)?.lines().enumerate() {
        if !line.trim().is_empty() {
            let sample: Labelled = serde_json::from_str(line)
                .with_context(|| format!("{}:{}: expected {{\"text\": …, \"want\": 0 or 1}}", labelled.display(), n + 1))?;
            samples.push(sample);
        }
    }
    if samples.is_empty() {
        bail!("{} has no labelled texts", labelled.display());
    }
    let evaluation = evaluate(&scanner, &samples);
    if json {
        println!("{}", serde_json::to_string_pretty(&evaluation)?);
    } else {
        print!("{}", evaluation.render(show));
    }
    Ok(())
}

pub fn diff(old: &Path, new: &Path) -> anyhow::Result<()> {
    let changes = policy_diff::diff(&load(old)?, &load(new)?);
    if changes.is_empty() {
        println!("no changes in terms or rules");
    }
    for change in changes {
        println!("{change}");
    }
    Ok(())
}

/// One input line of `scan` and `backtest --input`.
#[derive(Deserialize)]
struct InputLine {
    text: String,
    #[serde(default)]
    user_id: Option<String>,
    #[serde(default)]
    created_at: Option<chrono::DateTime<Utc>>,
}

pub fn scan(policy: &Path) -> anyhow::Result<()> {
    let scanner = compile(policy)?;
    let mut history = MemoryHistory::default();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for line in std::io::stdin().lock().lines() {
        let line = line.context("reading stdin")?;
        if line.trim().is_empty() {
            continue;
        }
        let verdict = match serde_json::from_str::<InputLine>(&line) {
            Ok(input) => {
                let at = input.created_at.map_or_else(|| Utc::now().naive_utc(), |t| t.naive_utc());
                let user = input.user_id.as_deref().unwrap_or("anonymous");
                let Ok(d) = decide(&scanner, &input.text, user, at, &mut history);
                serde_json::json!({
                    "action": d.assessment.action,
                    "matches": d.assessment.matches,
                    "rules": d.assessment.rules,
                    "policy_version": d.assessment.policy_version,
                    "sanction": d.sanction.map(|s| serde_json::json!({
                        "kind": s.spec.kind,
                        "ends_at": s.spec.duration.map(|p| (at + p.duration()).and_utc()),
                        "appealable": s.spec.appealable,
                    })),
                })
            }
            Err(e) => serde_json::json!({"error": "invalid_json", "message": format!("expected {{\"text\": …}}: {e}")}),
        };
        writeln!(out, "{verdict}")?;
        out.flush()?;
    }
    Ok(())
}

fn corpus(path: &Path) -> anyhow::Result<Vec<Sample>> {
    let now = Utc::now().naive_utc();
    let mut samples = Vec::new();
    for (n, line) in read(path)?.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let input: InputLine = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: expected {{\"text\": …}}", path.display(), n + 1))?;
        samples.push(Sample {
            user_id: input.user_id.unwrap_or_else(|| format!("line-{}", n + 1)),
            text: input.text,
            at: input.created_at.map_or(now, |t| t.naive_utc()),
        });
    }
    samples.sort_by_key(|s| s.at);
    Ok(samples)
}

/// Stored scans are replayed up to this many (newest windows are what ops ask about).
const MAX_STORED: i64 = 1_000_000;

pub fn backtest(
    settings: &Settings,
    file: &Path,
    since: Option<&str>,
    input: Option<&Path>,
    against: Option<&Path>,
    json: bool,
) -> anyhow::Result<()> {
    let candidate = compile(file)?;
    let mut db_handle: Option<Db> = None;
    let mut database = || -> anyhow::Result<Db> {
        if db_handle.is_none() {
            let db = Db::connect(&settings.database_url, 1)?;
            db.migrate()?;
            db_handle = Some(db);
        }
        Ok(db_handle.clone().expect("connected above"))
    };
    let current = match against {
        Some(path) => compile(path)?,
        None => {
            let db = database()?;
            let (_, version) = db::policies::active(&mut *db.get()?)?
                .ok_or_else(|| anyhow!("no policy is active in the database; pass --against OLD_FILE"))?;
            Scanner::build(
                file::parse(&version.source).map_err(|e| anyhow!("the active policy does not parse: {e:?}"))?,
            )
            .map_err(|e| anyhow!(e))?
        }
    };
    let samples = match input {
        Some(path) => corpus(path)?,
        None => {
            let period = Period::parse(since.unwrap_or("7d")).map_err(|e| anyhow!(e))?;
            let from: NaiveDateTime = Utc::now().naive_utc() - period.duration();
            let db = database()?;
            stored_samples(&mut *db.get()?, from, MAX_STORED)?
        }
    };
    if samples.is_empty() {
        bail!("nothing to replay");
    }
    let report = replay(&current, &candidate, samples);
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.render());
    }
    Ok(())
}
