//! The `checkpoint policy …` and `checkpoint scan` commands: policy work without a server.

use std::io::{BufRead, BufWriter, Write};
use std::path::Path;

use anyhow::{anyhow, bail, Context};
use chrono::{NaiveDateTime, Utc};
use serde::Deserialize;

use super::backtest::{backtest as replay, stored_samples, Sample};
use super::eval::{evaluate, Labelled};
use super::model::Period;
use super::score::{Training, BUCKETS};
use super::train::train as train_score;
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

/// The policy in `path` without its learned score, compiled: what its words alone do. The score's
/// weights file is not read.
fn words_only(path: &Path) -> anyhow::Result<Scanner> {
    let mut source: toml::Table = read(path)?
        .parse()
        .with_context(|| format!("parsing {}", path.display()))?;
    source.remove("score");
    let bundled = file::bundle_in(
        path.parent().unwrap_or(Path::new("")),
        &toml::to_string(&source)?,
    )
    .map_err(|e| anyhow!(e))?;
    let policy =
        file::parse(&bundled).map_err(|errors| anyhow!("{}: {}", path.display(), errors[0]))?;
    Scanner::build(policy).map_err(|e| anyhow!(e))
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

/// A labelled set of JSON lines `{"text", "want": 0|1}`.
fn labelled_set(labelled: &Path) -> anyhow::Result<Vec<Labelled>> {
    let mut samples = Vec::new();
    for (n, line) in read(labelled)?.lines().enumerate() {
        if !line.trim().is_empty() {
            let sample: Labelled = serde_json::from_str(line).with_context(|| {
                format!(
                    "{}:{}: expected {{\"text\": …, \"want\": 0 or 1}}",
                    labelled.display(),
                    n + 1
                )
            })?;
            samples.push(sample);
        }
    }
    if samples.is_empty() {
        bail!("{} has no labelled texts", labelled.display());
    }
    Ok(samples)
}

/// Precision, recall and F1 of the policy in `path` over a labelled set of JSON lines.
/// With `words_only`, the policy's learned score plays no part.
pub fn eval(
    path: &Path,
    labelled: &Path,
    show: usize,
    json: bool,
    words: bool,
) -> anyhow::Result<()> {
    let scanner = if words {
        words_only(path)?
    } else {
        compile(path)?
    };
    let samples = labelled_set(labelled)?;
    let evaluation = evaluate(&scanner, &samples);
    if json {
        println!("{}", serde_json::to_string_pretty(&evaluation)?);
    } else {
        print!("{}", evaluation.render(show));
    }
    Ok(())
}

/// Fits the learned score to a labelled set, writes its weights to `out` and says which threshold
/// keeps the policy's precision at `min_precision` or more.
pub fn train(
    path: &Path,
    labelled: &Path,
    out: &Path,
    min_precision: f64,
    folds: usize,
) -> anyhow::Result<()> {
    // The words alone decide what the score learns from, and its file need not exist yet.
    let words = words_only(path)?;
    let samples = labelled_set(labelled)?;
    let how = Training::default();
    let trained = train_score(&words, &samples, how, folds);
    let header = format!(
        "The learned score's weights: `checkpoint policy train {} --labelled {} --out {}`.\n\
         Logistic model over the letter pairs of the letters view (a space marks a word's edge),\n\
         hashed into {} buckets: pairs in one bucket share its weight.\n\
         Fitted on the {} texts the policy's words leave alone ({} passes, rate {}, L2 {}, seed {}).\n\
         weight<TAB>pair, heaviest first; pairs lighter than {} are left out.",
        path.display(),
        labelled.display(),
        out.display(),
        BUCKETS,
        trained.residual,
        how.epochs,
        how.rate,
        how.l2,
        how.seed,
        how.min_weight,
    );
    std::fs::write(out, trained.weights.to_file(&header))
        .with_context(|| format!("writing {}", out.display()))?;
    println!(
        "{}: {} letter pairs, trained on {} texts the words leave alone",
        out.display(),
        trained.weights.pairs.len(),
        trained.residual
    );
    println!(
        "words and score together, {} folds (each text scored by a model that did not see it):",
        trained.folds
    );
    for (threshold, c) in trained.curve.iter().step_by(5) {
        println!(
            "  threshold {threshold:.2}: precision {:.3}, recall {:.3}, F1 {:.3}",
            c.precision(),
            c.recall(),
            c.f1()
        );
    }
    match trained.best(min_precision) {
        Some((threshold, c)) => println!(
            "best F1 with precision >= {min_precision}: threshold = {threshold:.2} (precision {:.3}, recall {:.3}, F1 {:.3}); set it in [score]",
            c.precision(),
            c.recall(),
            c.f1()
        ),
        None => println!("no threshold keeps precision >= {min_precision}"),
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
                let at = input
                    .created_at
                    .map_or_else(|| Utc::now().naive_utc(), |t| t.naive_utc());
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
            Err(e) => {
                serde_json::json!({"error": "invalid_json", "message": format!("expected {{\"text\": …}}: {e}")})
            }
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
            let (_, version) = db::policies::active(&mut *db.get()?)?.ok_or_else(|| {
                anyhow!("no policy is active in the database; pass --against OLD_FILE")
            })?;
            Scanner::build(
                file::parse(&version.source)
                    .map_err(|e| anyhow!("the active policy does not parse: {e:?}"))?,
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
