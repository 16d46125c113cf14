//! Pre-check accuracy and speed over generated documents, per image style.
//!
//! cargo bench --bench precheck -- [--pages N] [--threads N] [--styles clean,photographed]
//!     [--forms plain,tax-office] [--write DIR] [--show-misses]
//!
//! For each form and style it renders N 사업자등록증 (corporate and individual in turn) plus N/5
//! 영업신고증 and licences, runs the real pre-check (decode, preprocess, Tesseract, extraction,
//! flags) on each with the claim a genuine provider would type, and prints: field accuracy against
//! the printed values, the time per page (median and p95), the share of it spent outside
//! Tesseract, the image measurements the flag thresholds are set from, and how often each flag
//! fires (every page is genuine and matches its claim, so every flag raised is one a reviewer
//! reads for nothing). `--write DIR` also saves every generated file, to look at.

#[path = "../tests/documents/mod.rs"]
mod documents;

use std::collections::BTreeMap;
use std::sync::Mutex;

use checkpoint::ocr::LazyEngine;
use checkpoint::verification::model::DocumentType;
use checkpoint::verification::precheck::checks::fold_name;
use checkpoint::verification::precheck::{analyse, Analysis, Extracted};
use checkpoint::verification::upload::{self, UploadLimits};
use documents::{random_certificate, styled, Certificate, Form, Layout, Style};

struct Options {
    pages: usize,
    threads: usize,
    styles: Vec<Style>,
    forms: Vec<Form>,
    write: Option<std::path::PathBuf>,
    /// Print the page text of every page with a field read wrong.
    show_misses: bool,
}

fn options() -> Options {
    let mut options = Options {
        pages: 40,
        threads: 2,
        styles: Style::ALL.to_vec(),
        forms: vec![Form::Plain, Form::TaxOffice],
        write: None,
        show_misses: false,
    };
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--pages" => options.pages = value().parse().expect("--pages N"),
            "--threads" => options.threads = value().parse().expect("--threads N"),
            "--write" => options.write = Some(value().into()),
            "--show-misses" => options.show_misses = true,
            "--styles" => {
                let names = value();
                options.styles = Style::ALL
                    .into_iter()
                    .filter(|s| names.split(',').any(|n| n == s.name()))
                    .collect();
            }
            "--forms" => {
                let names = value();
                options.forms = [Form::Plain, Form::TaxOffice]
                    .into_iter()
                    .filter(|f| names.split(',').any(|n| n == f.name()))
                    .collect();
            }
            other => panic!("unknown option {other}"),
        }
    }
    options
}

/// One page's outcome: which fields were read right, and its timings.
struct Outcome {
    layout: Layout,
    correct: Vec<(&'static str, bool)>,
    total_ms: f64,
    ocr_ms: f64,
    sharpness: f64,
    confidence: f32,
    flags: Vec<String>,
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn score(truth: &Certificate, analysis: &Analysis) -> Vec<(&'static str, bool)> {
    let same = |read: Option<&String>, expected: &str| {
        read.is_some_and(|r| compact(r) == compact(expected))
    };
    match &analysis.fields {
        Extracted::Registration(f) => {
            let mut scores = vec![
                (
                    "business_number",
                    f.business_number.as_deref() == Some(truth.business_number.as_str()),
                ),
                (
                    "business_name",
                    f.business_name
                        .as_deref()
                        .is_some_and(|n| fold_name(n) == fold_name(&truth.business_name)),
                ),
                (
                    "representative",
                    same(f.representative.as_ref(), &truth.representative),
                ),
                ("opened_on", f.opened_on == Some(truth.opened_on)),
                ("address", same(f.address.as_ref(), &truth.address)),
                ("issued_on", f.issued_on == Some(truth.issued_on)),
            ];
            if let Some(number) = &truth.corporate_number {
                scores.push((
                    "corporate_number",
                    f.corporate_registration_number.as_deref() == Some(number.as_str()),
                ));
            }
            scores
        }
        Extracted::Permit(f) => {
            let mut scores = vec![
                (
                    "permit_number",
                    same(f.number.as_ref(), &truth.permit_number),
                ),
                (
                    "permit_holder",
                    same(f.representative.as_ref(), &truth.representative),
                ),
                ("permit_issued_on", f.issued_on == Some(truth.issued_on)),
            ];
            if truth.layout == Layout::License {
                scores.push(("license_valid_until", f.valid_until == truth.valid_until));
            }
            scores
        }
    }
}

fn declared(layout: Layout) -> DocumentType {
    match layout {
        Layout::Corporate | Layout::Individual => DocumentType::BusinessRegistration,
        Layout::BusinessReport => DocumentType::BusinessReport,
        Layout::License => DocumentType::License,
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    checkpoint::ocr::limit_openmp_threads();
    let options = options();
    let font = documents::font();
    let limits = UploadLimits::default();
    println!(
        "pre-check over generated documents: {} registration pages per style, {} threads",
        options.pages, options.threads
    );
    for (form, style) in options
        .forms
        .iter()
        .flat_map(|f| options.styles.iter().map(move |s| (*f, s)))
    {
        let layouts: Vec<Layout> = (0..options.pages)
            .map(|i| {
                if i % 2 == 0 {
                    Layout::Corporate
                } else {
                    Layout::Individual
                }
            })
            .chain((0..options.pages / 5).map(|i| {
                if i % 2 == 0 {
                    Layout::BusinessReport
                } else {
                    Layout::License
                }
            }))
            .collect();
        let work = Mutex::new(layouts.into_iter().enumerate().collect::<Vec<_>>());
        let outcomes = Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            for _ in 0..options.threads {
                scope.spawn(|| {
                    let mut engine = LazyEngine::new(None);
                    loop {
                        // Taken out first: a guard in the `while let` would hold the lock for the
                        // whole page and leave the other threads waiting.
                        let next = work.lock().unwrap().pop();
                        let Some((i, layout)) = next else { break };
                        let seed = 1000 * (*style as u64) + i as u64;
                        let truth = random_certificate(seed, layout);
                        let file = styled(&truth.page(&font, form), *style, seed);
                        if let Some(dir) = &options.write {
                            std::fs::create_dir_all(dir).unwrap();
                            let ext = if file.starts_with(&[0xFF, 0xD8]) {
                                "jpg"
                            } else if file.starts_with(b"%PDF") {
                                "pdf"
                            } else {
                                "png"
                            };
                            std::fs::write(
                                dir.join(format!("{}-{}-{i:03}.{ext}", form.name(), style.name())),
                                &file,
                            )
                            .unwrap();
                        }
                        let file_type = upload::check_file(&file, &limits).unwrap();
                        let analysis =
                            analyse(&file, file_type, declared(layout), &limits, &mut engine)
                                .expect("analysis");
                        let image = analysis.image.as_ref().unwrap();
                        let flags = checkpoint::verification::precheck::checks::evaluate(
                            &analysis,
                            declared(layout),
                            &truth.claim(),
                            &Default::default(),
                            &Default::default(),
                            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                        );
                        let correct = score(&truth, &analysis);
                        if options.show_misses && correct.iter().any(|(_, ok)| !ok) {
                            let missed: Vec<&str> = correct
                                .iter()
                                .filter(|(_, ok)| !ok)
                                .map(|(f, _)| *f)
                                .collect();
                            println!(
                                "--- {} page {i}: missed {missed:?}\n{:#?}\n{}",
                                style.name(),
                                truth,
                                analysis.text
                            );
                        }
                        outcomes.lock().unwrap().push(Outcome {
                            layout,
                            correct,
                            total_ms: analysis.timings.total_ms,
                            ocr_ms: analysis.timings.ocr_ms,
                            sharpness: image.sharpness,
                            confidence: analysis.ocr.as_ref().unwrap().mean_confidence,
                            flags: flags.into_iter().map(|f| f.code).collect(),
                        });
                    }
                });
            }
        });
        report(form, *style, &outcomes.into_inner().unwrap());
    }
}

fn report(form: Form, style: Style, outcomes: &[Outcome]) {
    let mut fields: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut flags: BTreeMap<&str, usize> = BTreeMap::new();
    for o in outcomes {
        for (field, ok) in &o.correct {
            let entry = fields.entry(field).or_default();
            entry.0 += usize::from(*ok);
            entry.1 += 1;
        }
        for f in &o.flags {
            *flags.entry(f).or_default() += 1;
        }
    }
    let mut total: Vec<f64> = outcomes.iter().map(|o| o.total_ms).collect();
    let mut overhead: Vec<f64> = outcomes
        .iter()
        .map(|o| (o.total_ms - o.ocr_ms) / o.ocr_ms)
        .collect();
    let mut sharpness: Vec<f64> = outcomes.iter().map(|o| o.sharpness).collect();
    let mut confidence: Vec<f64> = outcomes.iter().map(|o| f64::from(o.confidence)).collect();
    for v in [&mut total, &mut overhead, &mut sharpness, &mut confidence] {
        v.sort_by(f64::total_cmp);
    }
    let registration = outcomes
        .iter()
        .filter(|o| matches!(o.layout, Layout::Corporate | Layout::Individual))
        .count();
    println!(
        "\n## {} form, {} ({} pages, {registration} of them 사업자등록증)",
        form.name(),
        style.name(),
        outcomes.len()
    );
    println!(
        "time per page: median {:.0} ms, p95 {:.0} ms; our own work per Tesseract time: median {:.1}%, p95 {:.1}%",
        percentile(&total, 0.5),
        percentile(&total, 0.95),
        100.0 * percentile(&overhead, 0.5),
        100.0 * percentile(&overhead, 0.95)
    );
    println!(
        "sharpness min {:.0} / median {:.0}; OCR confidence min {:.0} / median {:.0}",
        sharpness[0],
        percentile(&sharpness, 0.5),
        confidence[0],
        percentile(&confidence, 0.5)
    );
    for (field, (ok, n)) in &fields {
        println!(
            "  {field:<20} {ok:>4}/{n:<4} {:>6.1}%",
            100.0 * *ok as f64 / *n as f64
        );
    }
    // Every page is genuine and matches its claim: each flag here fired for nothing.
    if flags.is_empty() {
        println!("  flags on these genuine pages: none");
    }
    for (flag, n) in &flags {
        println!(
            "  flag {flag:<26} on {n:>3}/{:<3} genuine pages ({:.0}%)",
            outcomes.len(),
            100.0 * *n as f64 / outcomes.len() as f64
        );
    }
}
