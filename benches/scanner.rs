//! Scanner throughput on Korean chat text with 100, 1,000 and 10,000 terms, side by side with a
//! raw aho-corasick automaton of the same terms over the un-normalised text (the floor: no
//! normalisation, no detectors, no rules).
//!
//!   cargo bench --bench scanner
//!   cargo bench --bench scanner -- 'real comments'   # the shipped policy on real comments only
//!
//! Each iteration scans the whole corpus (2,000 messages); criterion reports time per iteration
//! and MB/s. µs per message = time per iteration / 2,000.

use std::hint::black_box;

use aho_corasick::{AhoCorasick, MatchKind};
use checkpoint::policy::score::Model;
use checkpoint::policy::{assess, default_policy, file, normalise, Scanner};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rand::{Rng, SeedableRng};

const MESSAGES: usize = 2_000;

/// Typical marketplace chat; one message in about twenty carries something the policy catches.
const PHRASES: &[&str] = &[
    "안녕하세요 고수님, 견적 문의드립니다",
    "이번 주 토요일 오전 10시에 방문 가능하실까요?",
    "욕실 타일 교체 비용이 대략 얼마나 나올까요",
    "네 확인했습니다. 자재비 포함해서 35만원입니다",
    "주차는 건물 뒤편에 하시면 됩니다",
    "사진 몇 장 더 보내드릴게요",
    "혹시 당일 시공도 가능한가요?",
    "에어컨 청소 두 대 부탁드려요, 벽걸이 하나 스탠드 하나입니다",
    "도착 10분 전에 연락 주세요",
    "리뷰 꼭 남기겠습니다 감사합니다!",
    "이사 날짜가 11월 28일로 바뀌었어요",
    "견적서 확인 부탁드립니다 ^^",
];
const HITS: &[&str] = &[
    "아 씨.발 진짜 늦네",
    "010-1234-5678 로 문자 주세요",
    "수수료 없이 직거래 하시죠",
    "카톡 아이디 gosu_pro99 로 연락",
];

fn corpus() -> Vec<String> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    (0..MESSAGES)
        .map(|_| {
            let n = rng.random_range(1..=3);
            let mut message: Vec<&str> = (0..n)
                .map(|_| PHRASES[rng.random_range(0..PHRASES.len())])
                .collect();
            if rng.random_range(0..20) == 0 {
                message.push(HITS[rng.random_range(0..HITS.len())]);
            }
            message.join(" ")
        })
        .collect()
}

/// The shipped terms, then made-up Korean words of 2–4 syllables up to `n` terms.
fn terms(n: usize) -> Vec<String> {
    let policy = file::parse(&default_policy()).unwrap();
    let mut terms: Vec<String> = policy
        .categories
        .iter()
        .flat_map(|c| c.terms.iter().map(|t| t.text.clone()))
        .collect();
    // One term may sit in two categories (새끼: profanity and insult).
    let mut seen = std::collections::HashSet::new();
    terms.retain(|t| seen.insert(t.clone()));
    let mut rng = rand::rngs::StdRng::seed_from_u64(n as u64);
    while terms.len() < n {
        let len = rng.random_range(2..=4);
        let word: String = (0..len)
            .map(|_| char::from_u32(0xAC00 + rng.random_range(0..11_172)).unwrap())
            .collect();
        if !terms.contains(&word) {
            terms.push(word);
        }
    }
    terms.truncate(n);
    terms
}

/// The shipped policy with its profanity terms replaced by `terms`.
fn scanner(terms: &[String]) -> Scanner {
    let list: Vec<String> = terms.iter().map(|t| format!("{t:?}")).collect();
    let mut source = String::new();
    let (mut in_profanity, mut in_terms) = (false, false);
    let shipped = default_policy();
    for line in shipped.lines() {
        // Keep every other category; give profanity the generated list.
        if line.starts_with("id = \"profanity\"") {
            in_profanity = true;
        } else if line.starts_with("[[") {
            in_profanity = false;
        }
        // Profanity's term file would add its words to the `terms` measured.
        if in_profanity && line.starts_with("terms_file") {
            continue;
        }
        if in_profanity && line.starts_with("terms = [") {
            source.push_str(&format!("terms = [{}]\n", list.join(", ")));
            in_terms = !line.ends_with(']');
            continue;
        }
        // The rest of the shipped terms, up to the array's end.
        if in_terms {
            in_terms = line != "]";
            continue;
        }
        source.push_str(line);
        source.push('\n');
    }
    // Terms shipped in other categories may repeat in the generated list; keep them unique.
    let policy = file::parse(&source).unwrap_or_else(|e| panic!("{:?}", &e[..e.len().min(3)]));
    Scanner::build(policy).unwrap()
}

fn bench(c: &mut Criterion) {
    let corpus = corpus();
    let bytes: usize = corpus.iter().map(String::len).sum();
    for n in [100, 1_000, 10_000] {
        let terms = terms(n);
        let scanner = scanner(&terms);
        let raw = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&terms)
            .unwrap();
        let mut group = c.benchmark_group(format!("scan/{n} terms"));
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(BenchmarkId::new("checkpoint", n), |b| {
            b.iter(|| {
                corpus
                    .iter()
                    .map(|m| assess(&scanner, black_box(m)).matches.len())
                    .sum::<usize>()
            })
        });
        group.bench_function(BenchmarkId::new("raw aho-corasick", n), |b| {
            b.iter(|| {
                corpus
                    .iter()
                    .map(|m| raw.find_overlapping_iter(black_box(m.as_str())).count())
                    .sum::<usize>()
            })
        });
        group.finish();
    }
}

/// The shipped policy (term files and learned score included) over 33,893 real Korean news
/// comments, one a message, beside the same policy without its score and one raw automaton of its
/// terms over the same text.
fn bench_real_comments(c: &mut Criterion) {
    let comments: Vec<&str> = include_str!("data/korean-comments.txt").lines().collect();
    let bytes: usize = comments.iter().map(|c| c.len()).sum();
    let policy = file::parse(&default_policy()).unwrap();
    let terms: Vec<String> = policy
        .categories
        .iter()
        .flat_map(|c| c.terms.iter().map(|t| t.text.clone()))
        .collect();
    let words = Scanner::build(file::PolicyFile {
        score: None,
        ..policy.clone()
    })
    .unwrap();
    let scanner = Scanner::build(policy).unwrap();
    let raw = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&terms)
        .unwrap();
    let mut group = c.benchmark_group("scan/real comments");
    group
        .throughput(Throughput::Bytes(bytes as u64))
        .sample_size(20);
    group.bench_function(BenchmarkId::new("checkpoint", terms.len()), |b| {
        b.iter(|| {
            comments
                .iter()
                .map(|m| assess(&scanner, black_box(m)).matches.len())
                .sum::<usize>()
        })
    });
    group.bench_function(
        BenchmarkId::new("checkpoint without the score", terms.len()),
        |b| {
            b.iter(|| {
                comments
                    .iter()
                    .map(|m| assess(&words, black_box(m)).matches.len())
                    .sum::<usize>()
            })
        },
    );
    if let Some(spec) = &scanner.policy.score {
        let model = Model::new(&spec.weights);
        let views: Vec<String> = comments
            .iter()
            .map(|m| normalise::letters(m).text)
            .collect();
        group.bench_function(BenchmarkId::new("score alone", terms.len()), |b| {
            b.iter(|| views.iter().map(|v| model.score(black_box(v))).sum::<f32>())
        });
    }
    group.bench_function(BenchmarkId::new("raw aho-corasick", terms.len()), |b| {
        b.iter(|| {
            comments
                .iter()
                .map(|m| raw.find_overlapping_iter(black_box(*m)).count())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench, bench_real_comments);
criterion_main!(benches);
