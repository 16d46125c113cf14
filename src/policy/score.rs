//! A learned score for abuse that no listed word catches: a logistic model over the letter pairs
//! of a text's letters view, trained by `checkpoint policy train` on the labelled texts the
//! policy's words leave alone. Its weights are a text file next to the policy (`[score]
//! weights_file`), one pair a line, so ops can read what it weighs; a score at or over the policy's
//! threshold flags the text for a person and never sanctions by itself.
//!
//! Pairs are hashed into [`BUCKETS`] weights: one load per letter from a table that stays in
//! cache, so the score costs a small part of a scan. Pairs that share a bucket share a weight (the
//! model was trained so); the file lists each pair seen in training with its bucket's weight.
//!
//! A scan reads the pairs byte by byte in the same loop that steps the term automaton over the
//! letters view ([`Pairs`]): that loop waits on each step's table load, and the score's work fills
//! the wait instead of costing a pass of its own.

use std::collections::HashMap;
use std::fmt::Write;

use super::normalise;

/// The category a score's flag is reported under.
pub const SCORE_CATEGORY: &str = "abuse_score";

/// Hash buckets of letter pairs: 2^15 weights, 128 KiB.
const BUCKET_BITS: u32 = 15;
pub const BUCKETS: usize = 1 << BUCKET_BITS;

/// A letter as its UTF-8 bytes read as one number, first byte high: what the byte loop reads.
type Letter = u32;

const SPACE: Letter = b' ' as Letter;

fn letter(c: char) -> Letter {
    let mut bytes = [0; 4];
    c.encode_utf8(&mut bytes)
        .bytes()
        .fold(0, |packed, b| packed << 8 | Letter::from(b))
}

/// A pair of letters as a key, the first one high.
fn key(first: Letter, second: Letter) -> u64 {
    u64::from(first) << 32 | u64::from(second)
}

fn letters_of(key: u64) -> String {
    let bytes: Vec<u8> = key.to_be_bytes().into_iter().filter(|&b| b != 0).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn bucket(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - BUCKET_BITS)) as usize
}

/// Reads the letter pairs of a letters view's text a byte at a time, calling `each` with every
/// pair in order. Every run of separators reads as one space, and a space stands at each end, so
/// a pair can mark where a word starts or ends (` 씹`, `노 `).
pub struct Pairs<F: FnMut(u64)> {
    each: F,
    last: Letter,
    /// The letter being read, its bytes so far (0: none).
    current: Letter,
    in_gap: bool,
}

impl<F: FnMut(u64)> Pairs<F> {
    pub fn new(each: F) -> Self {
        Self {
            each,
            last: SPACE,
            current: 0,
            in_gap: true,
        }
    }

    /// The next byte of the text; `skipped` is [`normalise::is_skipped`] of it.
    #[inline(always)]
    pub fn byte(&mut self, byte: u8, skipped: bool) {
        if byte & 0xC0 == 0x80 {
            self.current = self.current << 8 | Letter::from(byte);
            return;
        }
        self.finish_letter();
        if !skipped {
            self.current = Letter::from(byte);
        } else if !self.in_gap {
            (self.each)(key(self.last, SPACE));
            self.last = SPACE;
            self.in_gap = true;
        }
    }

    #[inline(always)]
    fn finish_letter(&mut self) {
        if self.current != 0 {
            (self.each)(key(self.last, self.current));
            self.last = self.current;
            self.current = 0;
            self.in_gap = false;
        }
    }

    /// The text has ended.
    pub fn end(mut self) {
        self.finish_letter();
        if !self.in_gap {
            (self.each)(key(self.last, SPACE));
        }
    }
}

/// Calls `each` with every letter pair of a letters view's text, in order (see [`Pairs`]).
pub fn pairs(view: &str, each: impl FnMut(u64)) {
    let mut reader = Pairs::new(each);
    for &byte in view.as_bytes() {
        reader.byte(byte, normalise::is_skipped(byte));
    }
    reader.end();
}

/// A model as its file gives it: a bias and the weight of each letter pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    pub bias: f32,
    pub pairs: Vec<(u64, f32)>,
}

/// Longest line a weights file may have, in bytes.
const MAX_LINE: usize = 64;

impl Weights {
    /// Reads a weights file: `# comments`, a `bias<TAB>w` line, then `w<TAB>pair` lines (two
    /// letters, a space marking a word's edge). Pairs that share a bucket must list one weight.
    /// Errors name the line.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut bias = None;
        let mut pairs = Vec::new();
        let mut buckets: HashMap<usize, (u64, f32)> = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            let at = |message: String| format!("line {}: {message}", n + 1);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if line.len() > MAX_LINE {
                return Err(at(format!("longer than {MAX_LINE} bytes")));
            }
            let Some((first, second)) = line.split_once('\t') else {
                return Err(at("expected a weight, a tab and two letters".into()));
            };
            let number = |s: &str| match s.trim().parse::<f32>() {
                Ok(w) if w.is_finite() => Ok(w),
                _ => Err(at(format!("{s:?} is not a number"))),
            };
            if first == "bias" {
                bias = Some(number(second)?);
                continue;
            }
            let weight = number(first)?;
            let letters: Vec<Letter> = second.chars().map(letter).collect();
            let [a, b] = letters[..] else {
                return Err(at(format!("{second:?} is not two letters")));
            };
            if (a == SPACE && b == SPACE) || a == 0 || b == 0 {
                return Err(at(format!("{second:?} is not two letters")));
            }
            let pair = key(a, b);
            match buckets.insert(bucket(pair), (pair, weight)) {
                Some((other, _)) if other == pair => return Err(at(format!("{second:?} is listed twice"))),
                Some((other, w)) if (w - weight).abs() > 1e-3 => {
                    return Err(at(format!(
                        "{second:?} shares a bucket with {:?}, which weighs {w}: pairs in one bucket weigh the same",
                        letters_of(other)
                    )))
                }
                _ => pairs.push((pair, weight)),
            }
        }
        let bias = bias.ok_or("no bias line (bias<TAB>number)")?;
        Ok(Self { bias, pairs })
    }

    /// The file [`parse`](Self::parse) reads, heaviest pairs first, under `header`.
    pub fn to_file(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            let _ = writeln!(out, "# {line}");
        }
        let _ = writeln!(out, "bias\t{}", self.bias);
        let mut pairs = self.pairs.clone();
        pairs.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
        for (pair, weight) in pairs {
            let _ = writeln!(out, "{weight:.4}\t{}", letters_of(pair));
        }
        out
    }
}

/// The weights laid out for scanning, a bucket's weight at its index.
#[derive(Debug)]
pub struct Model {
    bias: f32,
    buckets: Box<[f32; BUCKETS]>,
}

/// One letter pair's part in a score, for explaining it.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub pair: String,
    pub weight: f32,
    /// How often it occurs in the text.
    pub count: usize,
}

impl Model {
    pub fn new(weights: &Weights) -> Self {
        let mut buckets = Box::new([0f32; BUCKETS]);
        for &(pair, weight) in &weights.pairs {
            buckets[bucket(pair)] = weight;
        }
        Self {
            bias: weights.bias,
            buckets,
        }
    }

    /// The probability the model gives that the text (its letters view) is abusive.
    pub fn score(&self, view: &str) -> f32 {
        let mut sum = 0.0;
        pairs(view, self.adder(&mut sum));
        self.probability(sum)
    }

    /// What adds a pair's weight to `sum`, for [`Pairs`].
    pub fn adder<'a>(&'a self, sum: &'a mut f32) -> impl FnMut(u64) + 'a {
        move |pair| *sum += self.buckets[bucket(pair)]
    }

    /// The probability for the pairs' weights summed by [`adder`](Self::adder).
    pub fn probability(&self, sum: f32) -> f32 {
        sigmoid(self.bias + sum)
    }

    /// The pairs that pushed the score up most, heaviest first (at most `limit`).
    pub fn explain(&self, view: &str, limit: usize) -> Vec<Part> {
        // (pair, weight, count)
        let mut parts: Vec<(u64, f32, usize)> = Vec::new();
        pairs(view, |pair| {
            let weight = self.buckets[bucket(pair)];
            if weight > 0.0 {
                match parts.iter_mut().find(|p| p.0 == pair) {
                    Some(p) => p.2 += 1,
                    None => parts.push((pair, weight, 1)),
                }
            }
        });
        parts.sort_by(|a, b| (b.1 * b.2 as f32).total_cmp(&(a.1 * a.2 as f32)));
        parts.truncate(limit);
        parts
            .into_iter()
            .map(|(pair, weight, count)| Part {
                pair: letters_of(pair),
                weight,
                count,
            })
            .collect()
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// How a model is fitted: stochastic gradient descent on the log loss, a fixed number of passes
/// in an order fixed by `seed`, so the same texts always give the same file.
#[derive(Debug, Clone, Copy)]
pub struct Training {
    pub epochs: usize,
    pub rate: f32,
    pub l2: f32,
    pub seed: u64,
    /// Buckets lighter than this are left out of the file.
    pub min_weight: f32,
}

impl Default for Training {
    fn default() -> Self {
        Self {
            epochs: 12,
            rate: 0.2,
            l2: 1e-5,
            seed: 7,
            min_weight: 0.02,
        }
    }
}

/// The letter pairs of each text (letters views), for [`train`].
pub fn features(views: &[String]) -> Vec<Vec<u64>> {
    views
        .iter()
        .map(|view| {
            let mut found = Vec::new();
            pairs(view, |pair| found.push(pair));
            found
        })
        .collect()
}

/// Fits weights to texts (their [`features`]) labelled abusive (true) or not.
pub fn train(texts: &[Vec<u64>], labels: &[bool], how: Training) -> Weights {
    let rows: Vec<Vec<usize>> = texts
        .iter()
        .map(|pairs| pairs.iter().map(|&p| bucket(p)).collect())
        .collect();
    let mut w = vec![0f32; BUCKETS];
    let mut bias = 0f32;
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let mut state = how.seed.max(1);
    for _ in 0..how.epochs {
        // Fisher–Yates with xorshift: the order depends on the seed alone, not on a library.
        for i in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        for &r in &order {
            let row = &rows[r];
            let z = bias + row.iter().map(|&j| w[j]).sum::<f32>();
            let error = sigmoid(z.clamp(-30.0, 30.0)) - f32::from(u8::from(labels[r]));
            let step = how.rate / ((row.len() + 1) as f32).sqrt();
            bias -= how.rate * 0.1 * error;
            for &j in row {
                w[j] -= step * (error + how.l2 * w[j]);
            }
        }
    }
    let mut seen: Vec<u64> = texts.iter().flatten().copied().collect();
    seen.sort_unstable();
    seen.dedup();
    let pairs = seen
        .into_iter()
        .map(|p| (p, w[bucket(p)]))
        .filter(|(_, weight)| weight.abs() >= how.min_weight)
        .collect();
    Weights { bias, pairs }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs_of(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        pairs(&normalise::letters(text).text, |p| out.push(letters_of(p)));
        out
    }

    #[test]
    fn pairs_run_across_words_with_spaces_at_their_edges() {
        assert_eq!(pairs_of("가나"), [" 가", "가나", "나 "]);
        // Separators, however many, read as one space.
        assert_eq!(pairs_of("가 ... 나"), pairs_of("가 나"));
        assert_eq!(pairs_of("가 나"), [" 가", "가 ", " 나", "나 "]);
        assert!(pairs_of("").is_empty());
        // Letters of every UTF-8 length, and pairs read back as the letters they are.
        let mut read = Vec::new();
        pairs("aé가😀", |p| read.push(letters_of(p)));
        assert_eq!(read, [" a", "aé", "é가", "가😀", "😀 "]);
    }

    #[test]
    fn weights_files_round_trip_and_errors_name_the_line() {
        let pair = |s: &str| {
            let c: Vec<Letter> = s.chars().map(letter).collect();
            key(c[0], c[1])
        };
        let weights = Weights {
            bias: -1.5,
            pairs: vec![(pair("새끼"), 2.25), (pair(" 개"), -0.5)],
        };
        let text = weights.to_file("test");
        let read = Weights::parse(&text).unwrap();
        assert_eq!(read.bias, -1.5);
        assert_eq!(read.pairs.len(), 2);
        assert!(
            text.find("새끼").unwrap() < text.find(" 개").unwrap(),
            "heaviest first: {text}"
        );
        // Two pairs in one bucket (found by search) must list one weight.
        let a = pair("가나");
        let syllable = |c: u32| letter(char::from_u32(c).unwrap());
        let b = (0xAC00..0xAC40)
            .flat_map(|first| {
                (0xAC00..0xD7A4).map(move |second| key(syllable(first), syllable(second)))
            })
            .find(|&k| k != a && bucket(k) == bucket(a))
            .unwrap();
        let shared = format!("bias\t0\n1.0\t가나\n2.0\t{}\n", letters_of(b));
        for (bad, why) in [
            ("bias\t1\n1.0\t가나다\n", "line 2"),
            ("bias\tx\n", "not a number"),
            ("bias\t1\n1.0\t  \n", "not two letters"),
            ("bias\t1\n1.0\t가나\n2.0\t가나\n", "listed twice"),
            ("1.0\t가나\n", "no bias"),
            ("bias\t1\nNaN\t가나\n", "not a number"),
            (shared.as_str(), "shares a bucket"),
        ] {
            let error = Weights::parse(bad).unwrap_err();
            assert!(error.contains(why), "{bad:?}: {error}");
        }
    }

    #[test]
    fn a_model_learns_and_explains_what_tells_abuse_apart() {
        let texts: Vec<(&str, bool)> = (0..40)
            .flat_map(|i| {
                [
                    (
                        if i % 2 == 0 {
                            "이 멍멍이야 꺼 그만해"
                        } else {
                            "너 진짜 멍멍이 같다"
                        },
                        true,
                    ),
                    (
                        if i % 2 == 0 {
                            "견적 문의 드립니다"
                        } else {
                            "내일 방문 가능할까요"
                        },
                        false,
                    ),
                ]
            })
            .collect();
        let views: Vec<String> = texts
            .iter()
            .map(|(t, _)| normalise::letters(t).text)
            .collect();
        let labels: Vec<bool> = texts.iter().map(|(_, l)| *l).collect();
        let weights = train(&features(&views), &labels, Training::default());
        let model = Model::new(&weights);
        let abusive = normalise::letters("멍멍이 같은 소리 하네").text;
        let fine = normalise::letters("방문 견적 부탁드려요").text;
        assert!(model.score(&abusive) > 0.7, "{}", model.score(&abusive));
        assert!(model.score(&fine) < 0.3, "{}", model.score(&fine));
        let why = model.explain(&abusive, 3);
        assert!(why.iter().any(|p| p.pair.contains('멍')), "{why:?}");
        // Written and read back, the model scores alike.
        let again = Model::new(&Weights::parse(&weights.to_file("")).unwrap());
        assert!((again.score(&abusive) - model.score(&abusive)).abs() < 1e-3);
    }
}
