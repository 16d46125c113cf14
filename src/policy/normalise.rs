//! Normalisation that defeats evasion while remembering, for every byte it produces, which bytes
//! of the user's text it came from, so a match points at the user's own characters.
//!
//! Two views of a text are built:
//! - the *folded* view: invisible characters dropped, non-Hangul characters NFKC-folded (fullwidth
//!   ａ → a, ① → 1) and lowercased, Cyrillic/Greek lookalikes read as Latin. ASCII is left as it
//!   is (readers ignore its case), so most texts are their own folded view. Contact-detail patterns
//!   run on it.
//! - the *letters* view, where terms are matched: the folded view lowercased, with separators,
//!   punctuation and digits between syllables removed (씨.발, 씨1발, 씨 발), typed jamo composed
//!   (ㅆㅣㅂㅏㄹ → 씨발), drawn-out syllables and repeated letters shortened (씨이발, fuuuck), digits and
//!   symbols inside Latin words read as letters (sh1t, f@ck). ASCII separators inside runs copied
//!   from the original stay in its text and whoever reads it skips them ([`is_skipped`]): cutting
//!   the run at every space cost more than the rest of building the view.
//!
//! Hangul is never NFKC-folded: NFKC turns typed jamo such as ㅅㅂ into conjoining jamo.
//!
//! Both are built for every message scanned, so they copy runs of syllables whole and map them
//! back by arithmetic instead of keeping an entry per character.

use std::borrow::Cow;

use unicode_normalization::char::decompose_compatible;

use super::hangul;

/// A view of the original text with a map from each of its bytes back into it.
#[derive(Debug, Default)]
pub struct View {
    pub text: String,
    /// In order of `at`; together they cover `text`.
    segments: Vec<Segment>,
    /// The last letter pushed.
    last: Option<char>,
    /// A run of the original copied byte for byte, not yet in `text`: its start and end.
    pending: Option<(u32, u32)>,
}

/// A stretch of a view: one letter from `start..end` of the original, or (`verbatim`) a copy of
/// the original's bytes `start..end`.
#[derive(Debug, Clone, Copy)]
struct Segment {
    at: u32,
    start: u32,
    end: u32,
    verbatim: bool,
}

impl View {
    fn clear(&mut self) {
        self.text.clear();
        self.segments.clear();
        self.last = None;
        self.pending = None;
    }

    /// Appends a letter that came from `start..end` of the original.
    fn push(&mut self, original: &str, ch: char, start: u32, end: u32) {
        self.flush(original);
        self.segments.push(Segment {
            at: self.text.len() as u32,
            start,
            end,
            verbatim: false,
        });
        self.text.push(ch);
        self.last = Some(ch);
    }

    /// Appends the original's characters at `start..end` as they are; `last` is the last letter
    /// among them (None: only separators).
    fn copy(&mut self, last: Option<char>, start: u32, end: u32) {
        // Callers flush whenever the original skips something, so a pending copy ends at `start`.
        let from = self.pending.map_or(start, |(from, _)| from);
        self.pending = Some((from, end));
        self.last = last.or(self.last);
    }

    /// Moves the pending copy into `text`. Called before anything else is appended, when the
    /// original skips a character, and at the end.
    fn flush(&mut self, original: &str) {
        if let Some((start, end)) = self.pending.take() {
            self.segments.push(Segment {
                at: self.text.len() as u32,
                start,
                end,
                verbatim: true,
            });
            self.text.push_str(&original[start as usize..end as usize]);
        }
    }

    fn last(&self) -> Option<char> {
        self.last
    }

    /// Stretches the last letter's origin to `end` (a repeat folded into it). Only a pushed letter
    /// repeats; copied separators may have come after it.
    fn extend_last(&mut self, end: u32) {
        if let Some(last) = self.segments.iter_mut().rev().find(|s| !s.verbatim) {
            last.end = end;
        }
    }

    /// The letters alone, skipped separators left out: how terms are stored.
    pub fn letters(&self) -> String {
        self.text
            .chars()
            .filter(|&c| !(c.is_ascii() && is_skipped(c as u8)))
            .collect()
    }

    /// Where the match of `letters` bytes that ends at `end` of the text starts, skipped
    /// separators inside it counted out.
    pub fn start_of(&self, end: usize, letters: usize) -> usize {
        let bytes = self.text.as_bytes();
        let (mut start, mut left) = (end, letters);
        while left > 0 {
            start -= 1;
            if !is_skipped(bytes[start]) {
                left -= 1;
            }
        }
        start
    }

    /// The original byte range behind `start..end` of this view (both on character boundaries).
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        let segment = |offset: usize| {
            &self.segments[self.segments.partition_point(|s| s.at as usize <= offset) - 1]
        };
        let first = segment(start);
        let last = segment(end - 1);
        let from = if first.verbatim {
            first.start as usize + start - first.at as usize
        } else {
            first.start as usize
        };
        let to = if last.verbatim {
            last.start as usize + end - last.at as usize
        } else {
            last.end as usize
        };
        (from, to)
    }
}

/// The folded view: the original text itself when nothing needed folding.
pub struct Folded<'a> {
    pub text: Cow<'a, str>,
    /// For each byte of an owned `text`: the original byte range of the character it came from.
    spans: Vec<[u32; 2]>,
}

impl<'a> Folded<'a> {
    /// Whether the folded text is the original.
    fn is_original(&self) -> bool {
        matches!(self.text, Cow::Borrowed(_))
    }

    /// The original byte range of the character at `i..i + len` of the folded text.
    fn origin(&self, i: usize, len: usize) -> (u32, u32) {
        if self.is_original() {
            (i as u32, (i + len) as u32)
        } else {
            (self.spans[i][0], self.spans[i][1])
        }
    }

    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        if self.is_original() {
            (start, end)
        } else {
            (
                self.spans[start][0] as usize,
                self.spans[end - 1][1] as usize,
            )
        }
    }
}

/// Characters that render as nothing: zero-width spaces and joiners, bidi controls, soft hyphens,
/// variation selectors, Hangul fillers, tag characters.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}' | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}' | '\u{FFA0}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E007F}' | '\u{E0100}'..='\u{E01EF}')
}

/// Cyrillic and Greek letters that look like Latin ones.
fn latin_lookalike(c: char) -> char {
    match c {
        'а' | 'α' => 'a',
        'в' | 'β' => 'b',
        'с' | 'ϲ' => 'c',
        'е' | 'ε' => 'e',
        'н' | 'η' => 'h',
        'і' | 'ι' => 'i',
        'ј' => 'j',
        'к' | 'κ' => 'k',
        'м' => 'm',
        'о' | 'ο' => 'o',
        'р' | 'ρ' => 'p',
        'ѕ' => 's',
        'т' | 'τ' => 't',
        'υ' => 'u',
        'ν' => 'v',
        'х' | 'χ' => 'x',
        'у' => 'y',
        other => other,
    }
}

/// Digits and symbols read as letters inside Latin words (sh1t, f@ck).
fn leet(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' | '!' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' => 't',
        '8' => 'b',
        '|' => 'l',
        _ => return None,
    })
}

/// What a `*` standing for letters inside a Latin word (f*ck, f**k) reads as: a letter of its own,
/// which the scanner's masked spellings of Latin terms hold ([`masked_spellings`]).
pub const MASKED: char = '\u{2217}';

/// Whether `c` at byte `i`, between two Latin letters, is put between every letter of the word
/// (f1u1c1k, s@h@i@t): the same character again two on or two back, beside a Latin letter.
fn is_filler(text: &str, i: usize, c: char) -> bool {
    let (bytes, c) = (text.as_bytes(), c as u32);
    let is = |j: usize, latin: usize| {
        bytes.get(j).is_some_and(|b| u32::from(*b) == c)
            && bytes.get(latin).is_some_and(u8::is_ascii_alphabetic)
    };
    c < 0x80 && (is(i + 2, i + 3) || (i >= 3 && is(i - 2, i - 3)))
}

/// The spellings of a Latin term with one or two of its inner letters starred out (fuck: f*ck,
/// fu*k, f*k); the letters view reads a run of stars as one [`MASKED`] letter.
pub fn masked_spellings(term: &str) -> Vec<String> {
    let letters = self::term(term);
    if letters.len() < 3 || !letters.bytes().all(|b| b.is_ascii_lowercase()) {
        return Vec::new();
    }
    let n = letters.len();
    let mut spellings = Vec::new();
    for a in 1..n - 1 {
        for b in (a + 1)..=(a + 2).min(n - 1) {
            spellings.push(format!("{}*{}", &letters[..a], &letters[b..]));
        }
    }
    spellings
}

/// Halfwidth Hangul letters as the compatibility jamo they stand for (NFKC would give conjoining
/// jamo, which typed text never contains).
fn halfwidth_jamo(c: char) -> Option<char> {
    let offset = match c {
        '\u{FFA1}'..='\u{FFBE}' => 0x3131 - 0xFFA1,
        '\u{FFC2}'..='\u{FFC7}' => 0x314F - 0xFFC2,
        '\u{FFCA}'..='\u{FFCF}' => 0x3155 - 0xFFCA,
        '\u{FFD2}'..='\u{FFD7}' => 0x315B - 0xFFD2,
        '\u{FFDA}'..='\u{FFDC}' => 0x3161 - 0xFFDA,
        _ => return None,
    };
    char::from_u32((c as i64 + offset) as u32)
}

fn is_hangul(c: char) -> bool {
    hangul::is_syllable(c) || hangul::is_jamo(c)
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
}

/// How many letters `text` holds as the letters view reads them: letters, digits, and symbols
/// that stand for letters ($h1t, f*ck).
pub fn letter_count(text: &str) -> usize {
    text.chars()
        .filter(|c| is_word_char(*c) || leet(*c).is_some() || *c == '*')
        .count()
}

/// A letter or digit: what counts towards a term's length. Syllables are tested first: the
/// general Unicode lookup is slow beyond ASCII, and Korean text is mostly syllables.
pub fn is_word_char(c: char) -> bool {
    hangul::is_syllable(c) || c.is_alphanumeric()
}

/// What folding learnt about a text on the way, so later steps can skip work.
#[derive(Debug, Clone, Copy, Default)]
pub struct Folding {
    /// The ASCII characters of the folded text, as a set: bit n stands for character n.
    pub ascii: u128,
    /// Whether the text holds typed jamo (ㅋ, ㅅㅂ), which the letters view composes into syllables.
    pub jamo: bool,
}

impl Folding {
    pub fn has(&self, c: u8) -> bool {
        self.ascii & (1 << c) != 0
    }

    pub fn has_any(&self, set: u128) -> bool {
        self.ascii & set != 0
    }

    fn see(&mut self, c: char) {
        if c.is_ascii() {
            // Two 64-bit shifts: a 128-bit shift by a variable costs several times more.
            let (low, high) = (self.ascii as u64, (self.ascii >> 64) as u64);
            let bit = 1u64 << (c as u32 & 63);
            let (low, high) = if (c as u32) < 64 {
                (low | bit, high)
            } else {
                (low, high | bit)
            };
            self.ascii = u128::from(high) << 64 | u128::from(low);
        } else if hangul::is_jamo(c) {
            self.jamo = true;
        }
    }
}

/// The set of ASCII characters from `first` to `last`, for [`Folding::has_any`].
pub const fn ascii_range(first: u8, last: u8) -> u128 {
    (u128::MAX >> (127 - last)) & (u128::MAX << first)
}

/// Latin letters of either case.
pub const LATIN: u128 = ascii_range(b'a', b'z') | ascii_range(b'A', b'Z');

/// What a character other than ASCII and Hangul folds to (nothing, one or several characters).
fn fold_char(c: char, mut out: impl FnMut(char)) {
    if is_invisible(c) {
        return;
    }
    if let Some(jamo) = halfwidth_jamo(c) {
        return out(jamo);
    }
    decompose_compatible(c, |d| {
        for l in d.to_lowercase() {
            out(latin_lookalike(l));
        }
    });
}

/// Whether [`fold_char`] changes `c`.
fn folds(c: char) -> bool {
    let mut same = 0;
    let mut other = false;
    fold_char(c, |f| if f == c { same += 1 } else { other = true });
    other || same != 1
}

/// Folds the text and builds its letters view into `view`. Plain Korean and ASCII (the common
/// case) are their own folded view and are read once; a text with anything to fold is folded into
/// a copy first.
pub fn fold_into<'a>(text: &'a str, view: &mut View) -> (Folded<'a>, Folding) {
    let original = Folded {
        text: Cow::Borrowed(text),
        spans: Vec::new(),
    };
    if let Some(folding) = letters_into(&original, view) {
        return (original, folding);
    }
    let mut folded = String::with_capacity(text.len());
    let mut spans = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let span = [i as u32, (i + c.len_utf8()) as u32];
        let mut push = |f: char| {
            folded.push(f);
            spans.extend(std::iter::repeat_n(span, f.len_utf8()));
        };
        if c.is_ascii() || is_hangul(c) {
            push(c);
        } else {
            fold_char(c, push);
        }
    }
    let folded = Folded {
        text: Cow::Owned(folded),
        spans,
    };
    let folding = letters_into(&folded, view).expect("a folded copy is read as it is");
    (folded, folding)
}

/// The letters view of a text, where terms are matched.
pub fn letters(text: &str) -> View {
    let mut view = View::default();
    fold_into(text, &mut view);
    view
}

fn is_separator(c: char) -> bool {
    !is_hangul(c) && !c.is_alphanumeric()
}

/// ASCII that only separates words, by byte: not a letter, a digit or a symbol read as a letter
/// ([`leet`]: f@ck). A table, since matching looks every byte of the letters view up in it.
static SKIPPED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8 as char;
        table[b] = !c.is_ascii_alphanumeric() && !matches!(c, '!' | '@' | '$' | '|');
        b += 1;
    }
    table
};

/// Whether a byte of a letters view's text is a separator its readers skip. Only copied runs
/// hold such bytes: letters pushed one by one are never ASCII separators.
pub fn is_skipped(byte: u8) -> bool {
    SKIPPED[usize::from(byte)]
}

/// Builds the letters view of a folded text into `view` and notes what it reads on the way.
/// Reading the original itself, it gives up (None) at the first character that needs folding.
fn letters_into(folded: &Folded, view: &mut View) -> Option<Folding> {
    view.clear();
    let text = folded.text.as_ref();
    // Runs of syllables are copied whole, which maps back by arithmetic only onto the original.
    let original = folded.is_original().then_some(text);
    let mut folding = Folding::default();
    // Every character but a syllable is read here; false when the original needs folding first.
    let read = |folding: &mut Folding, c: char| {
        folding.see(c);
        original.is_none() || c.is_ascii() || is_hangul(c) || !folds(c)
    };
    let char_at = |i: usize| text.get(i..).and_then(|rest| rest.chars().next());
    let mut jamo: Vec<(char, usize)> = Vec::new();
    let mut prev: Option<char> = None;
    let mut i = 0;
    while i < text.len() {
        if let Some(original) = original {
            let end = read_plain(original, i, prev, view, &mut folding);
            if end > i {
                prev = original[..end].chars().next_back();
                i = end;
                continue;
            }
        }
        let Some(c) = char_at(i) else { break };
        let len = c.len_utf8();
        let (start, end) = folded.origin(i, len);
        let next = || char_at(i + len);
        if hangul::is_syllable(c) {
            // A drawn-out vowel (씨이발, 시이이발) is dropped. Reading the original, only such a
            // syllable gets here: the run above copies every other one.
            if !hangul::draws_out(view.last().map_or(0, u32::from), u32::from(c)) {
                view.push(text, c, start, end);
            } else if let Some(original) = original {
                view.flush(original);
            }
            prev = Some(c);
            i += len;
            continue;
        }
        if !read(&mut folding, c) {
            return None;
        }
        if let Some(original) = original {
            view.flush(original);
        }
        if hangul::is_jamo(c) {
            // A run of typed jamo, possibly spaced out (ㅅ ㅂ, ㅆ.ㅣ.ㅂ.ㅏ.ㄹ), composed as typed.
            jamo.clear();
            let mut j = i;
            // Letters typed since the last separator: only single letters spaced out are one
            // word (ㅅ ㅂ); after a group (ㅅㅂ ㅠㅠ) what follows is a word or an emoticon of its own.
            let mut group = 0;
            while let Some(d) = char_at(j) {
                if hangul::is_jamo(d) {
                    jamo.push((d, j));
                    j += d.len_utf8();
                    group += 1;
                    continue;
                }
                let mut k = j;
                while let Some(s) = char_at(k).filter(|s| is_separator(*s)) {
                    k += s.len_utf8();
                }
                if k > j && group == 1 && char_at(k).is_some_and(hangul::is_jamo) {
                    j = k;
                    group = 0;
                } else {
                    break;
                }
            }
            if !text[i..j].chars().all(|c| read(&mut folding, c)) {
                return None;
            }
            let letters: Vec<char> = jamo.iter().map(|j| j.0).collect();
            for letter in hangul::compose_jamo(&letters) {
                // A lone vowel (ㅡ, ㅣ) is used as a dash or a stroke: 씨ㅡ발; a drawn-out
                // syllable (ㅆㅣㅇㅣ) is dropped as it is when typed whole.
                let drawn_out =
                    hangul::draws_out(view.last().map_or(0, u32::from), u32::from(letter.letter));
                if !hangul::is_vowel(letter.letter) && !drawn_out {
                    let (first, last) = (jamo[letter.first], jamo[letter.last]);
                    let start = folded.origin(first.1, first.0.len_utf8()).0;
                    let end = folded.origin(last.1, last.0.len_utf8()).1;
                    push_letter(view, text, letter.letter, start, end);
                }
            }
            prev = jamo.last().map(|j| j.0);
            i = j;
            continue;
        }
        if is_latin(c) {
            let sandwiched =
                prev.is_some_and(hangul::is_syllable) && next().is_some_and(hangul::is_syllable);
            if !sandwiched {
                push_letter(view, text, c.to_ascii_lowercase(), start, end);
            }
        } else if c.is_alphabetic() {
            push_letter(view, text, c, start, end);
        } else if c.is_numeric() {
            let latin_before = prev.is_some_and(is_latin);
            let latin_after = next().is_some_and(is_latin);
            let hangul_before = prev.is_some_and(is_hangul);
            let hangul_after = next().is_some_and(is_hangul);
            match leet(c) {
                _ if latin_before && latin_after && is_filler(text, i, c) => {}
                Some(l) if latin_before || latin_after => push_letter(view, text, l, start, end),
                _ if hangul_before && hangul_after => {}
                _ => view.push(text, c, start, end),
            }
        } else if next().is_some_and(is_latin) || c == '*' {
            let latin_before = prev.is_some_and(is_latin);
            // A symbol starts a word ($h1t), or stands between its letters.
            let in_word = latin_before || !prev.is_some_and(char::is_alphanumeric);
            if c == '*'
                && latin_before
                && text[i..]
                    .trim_start_matches('*')
                    .starts_with(|n: char| is_latin(n))
            {
                push_letter(view, text, MASKED, start, end);
            } else if latin_before && is_filler(text, i, c) {
            } else if let Some(l) = leet(c).filter(|_| in_word) {
                push_letter(view, text, l, start, end);
            }
        }
        prev = Some(c);
        i += len;
    }
    if let Some(original) = original {
        view.flush(original);
    }
    Some(folding)
}

/// For each lead byte EA–ED, the second bytes (low six bits) of syllables that cannot draw out the
/// one before. Syllables run from U+AC00 (EA B0 80) to U+D7A3 (ED 9E A3); only those with ㅇ and
/// no final (U+C544–U+C78F, inside EC 95–EC 9E) can draw out the one before. A table, not
/// comparisons: Korean text changes lead byte at random, which defeats branch prediction.
const PLAIN_SYLLABLES: [u64; 4] = [
    u64::MAX << 0x30,
    u64::MAX,
    !(((1 << 10) - 1) << 0x15),
    (1 << 0x1E) - 1,
];

/// Reads the plain part of the original at `start`, which is most of a Korean text: syllables,
/// digits and the spaces or punctuation between words, copied in one run without decoding each
/// syllable (readers of the view skip the separators). Stops where the letters view differs from
/// the original (a drawn-out syllable, a digit between syllables or in a Latin word, a Latin
/// letter, anything to fold) for the caller to read letter by letter, and returns where. `prev` is
/// the character before `start`.
fn read_plain(
    original: &str,
    start: usize,
    prev: Option<char>,
    view: &mut View,
    folding: &mut Folding,
) -> usize {
    let bytes = original.as_bytes();
    let decode = |at: usize| {
        u32::from(bytes[at] & 0x0F) << 12
            | u32::from(bytes[at + 1] & 0x3F) << 6
            | u32::from(bytes[at + 2] & 0x3F)
    };
    // The last letter (a digit or a syllable) before `at`, back to `start`; else the view's last.
    let letter_before = |view: &View, mut at: usize| {
        while at > start && is_skipped(bytes[at - 1]) {
            at -= 1;
        }
        match bytes[..at].last() {
            _ if at == start => view.last().map(u32::from),
            Some(&b) if b < 0x80 => Some(u32::from(b)),
            _ => Some(decode(at - 3)),
        }
    };
    let (mut latin_before, mut hangul_before) =
        (prev.is_some_and(is_latin), prev.is_some_and(is_hangul));
    let mut i = start;
    while let Some(&b0) = bytes.get(i) {
        if b0.is_ascii_digit() {
            let next = bytes.get(i + 1).copied().unwrap_or(b' ');
            if latin_before || next.is_ascii_alphabetic() || (hangul_before && !next.is_ascii()) {
                break;
            }
            folding.see(char::from(b0));
            i += 1;
        } else if b0.is_ascii() {
            // A star after a Latin letter may stand for letters (f*ck).
            if !is_skipped(b0) || (b0 == b'*' && latin_before) {
                break;
            }
            folding.see(char::from(b0));
            i += 1;
        } else {
            let Some(&[_, b1, _]) = bytes.get(i..i + 3) else {
                break;
            };
            let lead = usize::from(b0.wrapping_sub(0xEA));
            if lead >= 4 {
                break;
            }
            if PLAIN_SYLLABLES[lead] >> (b1 & 0x3F) & 1 == 0 {
                let c = decode(i);
                let before = letter_before(view, i).unwrap_or(0);
                if !(hangul::SYLLABLE_BASE..=hangul::SYLLABLE_LAST).contains(&c)
                    || hangul::draws_out(before, c)
                {
                    break;
                }
            }
            i += 3;
        }
        latin_before = false;
        hangul_before = b0 >= 0x80;
    }
    if i > start {
        let last = letter_before(view, i).and_then(char::from_u32);
        view.copy(last, start as u32, i as u32);
    }
    i
}

/// Appends a letter, folding a repeat of the same letter into the previous one (fuuuck, ㅋㅋㅋ).
fn push_letter(view: &mut View, text: &str, c: char, start: u32, end: u32) {
    if view.last() == Some(c) && !hangul::is_syllable(c) {
        view.extend_last(end);
    } else {
        view.push(text, c, start, end);
    }
}

/// Latin words read as Hangul typed on an English keyboard (tlqkf → 시발, Tlqkf → 씨발 with Shift):
/// each run of three or more Latin letters that composes into whole syllables. A run in capitals
/// only was typed with Caps Lock on, and reads as small letters.
pub fn keyboard_hangul(folded: &Folded) -> Vec<View> {
    let text = folded.text.as_ref();
    let bytes = text.as_bytes();
    let mut views = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        if i - start < 3 {
            continue;
        }
        let run = &bytes[start..i];
        let shifted = run.iter().any(u8::is_ascii_lowercase);
        let jamo: Vec<char> = run
            .iter()
            .filter_map(|b| hangul::keyboard_jamo_shifted(*b as char, shifted))
            .collect();
        let composed = hangul::compose_jamo(&jamo);
        if composed.iter().any(|c| !hangul::is_syllable(c.letter)) {
            continue;
        }
        let mut view = View::default();
        for c in composed {
            let (from, _) = folded.origin(start + c.first, 1);
            let (_, to) = folded.origin(start + c.last, 1);
            if !hangul::draws_out(view.last().map_or(0, u32::from), u32::from(c.letter)) {
                view.push(text, c.letter, from, to);
            }
        }
        views.push(view);
    }
    views
}

/// The letters form of a term or marker, as the policy stores it (the same steps as a text).
pub fn term(text: &str) -> String {
    letters(text).letters()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letters_of(text: &str) -> View {
        letters(text)
    }

    fn fold(text: &str) -> (Folded<'_>, Folding) {
        fold_into(text, &mut View::default())
    }

    /// Each letter of a view (skipped separators left out) and its byte range in the view's text.
    fn letter_spans(view: &View) -> Vec<(char, usize, usize)> {
        let letters = view
            .text
            .char_indices()
            .filter(|&(_, c)| !(c.is_ascii() && is_skipped(c as u8)));
        letters.map(|(i, c)| (c, i, i + c.len_utf8())).collect()
    }

    /// The original text behind each letter of the view.
    fn origins(text: &str) -> Vec<(char, &str)> {
        let view = letters_of(text);
        let origin = |(c, start, end)| {
            let (s, e) = view.original(start, end);
            (c, &text[s..e])
        };
        letter_spans(&view).into_iter().map(origin).collect()
    }

    #[test]
    fn invisible_characters_are_dropped_and_offsets_skip_them() {
        let text = "씨\u{200B}발\u{FEFF}";
        assert_eq!(letters_of(text).letters(), "씨발");
        assert_eq!(origins(text), vec![('씨', "씨"), ('발', "발")]);
    }

    #[test]
    fn fullwidth_and_compatibility_forms_fold_but_hangul_jamo_stays() {
        assert_eq!(letters_of("ＦＵＣＫ").letters(), "fuck");
        assert_eq!(origins("Ｆu"), vec![('f', "Ｆ"), ('u', "u")]);
        // NFKC would turn typed ㅅㅂ into conjoining jamo; they must stay as typed.
        assert_eq!(letters_of("ㅅㅂ").letters(), "ㅅㅂ");
        // Halfwidth jamo are a compatibility form of the same letters.
        assert_eq!(letters_of("\u{FFB5}\u{FFB2}").letters(), "ㅅㅂ");
    }

    #[test]
    fn case_and_lookalikes_fold() {
        assert_eq!(letters_of("FuCk").letters(), "fuck");
        // Cyrillic а and о inside a Latin word.
        assert_eq!(letters_of("kаkао").letters(), "kakao");
    }

    #[test]
    fn separators_digits_and_punctuation_between_syllables_are_removed() {
        for text in ["씨.발", "씨1발", "씨 발", "씨-_-발", "씨   발", "씨ㅡ발"] {
            assert_eq!(letters_of(text).letters(), "씨발", "{text}");
        }
        assert_eq!(origins("씨.발"), vec![('씨', "씨"), ('발', "발")]);
    }

    #[test]
    fn typed_jamo_compose_and_point_at_all_their_letters() {
        assert_eq!(letters_of("ㅆㅣㅂㅏㄹ").letters(), "씨발");
        assert_eq!(
            origins("ㅆㅣㅂㅏㄹ"),
            vec![('씨', "ㅆㅣ"), ('발', "ㅂㅏㄹ")]
        );
        assert_eq!(origins("ㅅ ㅂ"), vec![('ㅅ', "ㅅ"), ('ㅂ', "ㅂ")]);
        assert_eq!(letters_of("씨ㅂㅏㄹ").letters(), "씨발");
    }

    #[test]
    fn repeats_fold_into_the_first_and_cover_the_run() {
        assert_eq!(letters_of("fuuuuck").letters(), "fuck");
        assert_eq!(
            origins("fuuuck"),
            vec![('f', "f"), ('u', "uuu"), ('c', "c"), ('k', "k")]
        );
        assert_eq!(letters_of("씨이이발").letters(), "씨발");
        // A final consonant makes it a real word, not a drawn-out vowel.
        assert_eq!(letters_of("발아").letters(), "발아");
    }

    #[test]
    fn digits_and_symbols_inside_latin_words_read_as_letters() {
        assert_eq!(letters_of("sh1t").letters(), "shit");
        assert_eq!(letters_of("f@ck").letters(), "fack");
        assert_eq!(origins("sh1t")[2], ('i', "1"));
        // Digits on their own stay digits.
        assert_eq!(letters_of("18세").letters(), "18세");
        assert_eq!(letters_of("가격 30,000원").letters(), "가격30000원");
    }

    #[test]
    fn letters_spaced_out_by_one_character_and_starred_letters_are_read() {
        for (text, letters) in [
            ("f1u1c1k", "fuck"),
            ("f@u@c@k", "fuck"),
            ("s@h@i@t", "shit"),
            ("$h1t", "shit"),
            ("@sshole", "ashole"),
        ] {
            assert_eq!(letters_of(text).letters(), letters, "{text}");
        }
        assert_eq!(
            origins("f1u1c1k").iter().map(|o| o.1).collect::<String>(),
            "fuck",
            "fillers point nowhere"
        );
        // One digit in a word is a letter; the same digit again elsewhere is not a filler.
        assert_eq!(letters_of("b0mb").letters(), "bomb");
        assert_eq!(letters_of("d1ck").letters(), "dick");
        // A star inside a Latin word stands for letters; elsewhere it separates.
        assert_eq!(letters_of("f*ck").letters(), format!("f{MASKED}ck"));
        assert_eq!(letters_of("f**k").letters(), format!("f{MASKED}k"));
        assert_eq!(letters_of("씨*발 a * b").letters(), "씨발ab");
        assert_eq!(masked_spellings("fuck"), ["f*ck", "f*k", "fu*k"]);
        assert!(masked_spellings("씨발").is_empty() && masked_spellings("ok").is_empty());
        // A price or a number keeps its digits and symbols.
        assert_eq!(letters_of("$100").letters(), "100");
    }

    #[test]
    fn a_group_of_typed_jamo_does_not_join_what_follows_a_space() {
        assert_eq!(
            letters_of("ㅅㅂ ㅠㅠ").letters(),
            "ㅅㅂ",
            "lone vowels are strokes"
        );
        assert_eq!(letters_of("ㅅ ㅂ").letters(), "ㅅㅂ");
        assert_eq!(letters_of("ㅆ.ㅣ.ㅂ.ㅏ.ㄹ").letters(), "씨발");
    }

    #[test]
    fn drawn_out_syllables_typed_as_jamo_or_on_an_english_keyboard_are_dropped() {
        assert_eq!(letters_of("ㅆㅣㅇㅣㅂㅏㄹ").letters(), "씨발");
        let views = keyboard_hangul(&fold("Tldlqkf").0);
        assert_eq!(views[0].text, "씨발");
        // A real syllable after one with a final stays: ㅂㅏㄹㅇㅏ is 발아.
        assert_eq!(letters_of("ㅂㅏㄹㅇㅏ").letters(), "발아");
    }

    #[test]
    fn keyboard_hangul_reads_latin_runs() {
        let views = keyboard_hangul(&fold("아 tlqkf 진짜").0);
        assert_eq!(views.len(), 1);
        assert_eq!(views[0].text, "시발");
        let (s, e) = views[0].original(0, views[0].text.len());
        assert_eq!(&"아 tlqkf 진짜"[s..e], "tlqkf");
        // Shift types the doubled consonants; the offsets stay the user's own letters.
        let text = "야 rotoRl Tlqkf";
        let views = keyboard_hangul(&fold(text).0);
        let read: Vec<(&str, &str)> = views
            .iter()
            .map(|v| {
                (
                    v.text.as_str(),
                    &text[v.original(0, v.text.len()).0..v.original(0, v.text.len()).1],
                )
            })
            .collect();
        assert_eq!(read, [("개새끼", "rotoRl"), ("씨발", "Tlqkf")]);
    }

    #[test]
    fn folded_view_is_the_original_when_nothing_changes() {
        let text = "안녕하세요 OK 010-1234-5678";
        let (folded, folding) = fold(text);
        assert!(matches!(folded.text, Cow::Borrowed(_)));
        assert!(
            folding.has(b'0')
                && folding.has(b'-')
                && folding.has(b'K')
                && !folding.has(b'@')
                && !folding.jamo
        );
        assert!(
            folding.has_any(ascii_range(b'0', b'9')) && !folding.has_any(ascii_range(b'a', b'z'))
        );
        let text = "ＡＢＣ\u{200B}d ㅋ";
        let (folded, folding) = fold(text);
        assert_eq!(folded.text, "abcd ㅋ");
        // What fullwidth letters fold to counts as seen.
        assert!(folding.has(b'a') && !folding.has(b'A') && folding.jamo);
        let (s, e) = folded.original(3, 4);
        assert_eq!(&text[s..e], "d");
        let (s, e) = folded.original(0, 2);
        assert_eq!(&text[s..e], "ＡＢ");
    }

    /// Reading the original copies runs of syllables whole; reading an owned copy pushes one
    /// letter at a time. Both must give the same letters, mapped back to the same bytes.
    #[test]
    fn copying_runs_reads_like_letter_by_letter() {
        use rand::{Rng, SeedableRng};
        // 가 and 힣 are the first and last syllables; ꯀ and ힰ are just outside them.
        let alphabet: Vec<char> = "씨이발시아가힣하ꯀힰ㐀ㅅㅂㅣㅏ ㅡ.1-0공일 fuUk!@이이아"
            .chars()
            .collect();
        let mut rng = rand::rngs::StdRng::seed_from_u64(11);
        for _ in 0..20_000 {
            let len = rng.random_range(0..30);
            let text: String = (0..len)
                .map(|_| alphabet[rng.random_range(0..alphabet.len())])
                .collect();
            let copied = letters_of(&text);
            let spans = text
                .char_indices()
                .flat_map(|(i, c)| {
                    std::iter::repeat_n([i as u32, (i + c.len_utf8()) as u32], c.len_utf8())
                })
                .collect();
            let mut pushed = View::default();
            letters_into(
                &Folded {
                    text: Cow::Owned(text.clone()),
                    spans,
                },
                &mut pushed,
            )
            .unwrap();
            assert_eq!(copied.letters(), pushed.text, "{text:?}");
            for ((c, i, end), (_, j, pushed_end)) in
                letter_spans(&copied).into_iter().zip(letter_spans(&pushed))
            {
                assert_eq!(
                    copied.original(i, end),
                    pushed.original(j, pushed_end),
                    "{text:?} at {c:?}"
                );
            }
        }
    }

    #[test]
    fn skipped_bytes_are_the_ascii_separators() {
        for b in 0..=255u8 {
            let separator =
                b.is_ascii() && !b.is_ascii_alphanumeric() && leet(char::from(b)).is_none();
            assert_eq!(is_skipped(b), separator, "{b:#x}");
        }
    }

    #[test]
    fn plain_reading_takes_every_syllable_and_nothing_else() {
        let read =
            |text: &str| read_plain(text, 0, None, &mut View::default(), &mut Folding::default());
        for c in ('\u{800}'..='\u{FFFF}').filter(|c| c.len_utf8() == 3) {
            assert_eq!(read(&c.to_string()) == 3, hangul::is_syllable(c), "{c:?}");
            // After 가, 아 draws it out (가아) and is left to the caller.
            assert_eq!(
                read(&format!("가{c}")) == 6,
                hangul::is_syllable(c) && c != '아',
                "{c:?}"
            );
        }
    }

    #[test]
    fn copied_runs_of_syllables_map_back_byte_for_byte() {
        let text = "안녕 하세요, FUUN 씨이발";
        let view = letters_of(text);
        // Runs are copied with their separators, which readers skip.
        assert_eq!(view.text, "안녕 하세요, fun 씨발");
        assert_eq!(view.letters(), "안녕하세요fun씨발");
        let within = |letters: &str| {
            // Where the match ends in the view's text, and where `start_of` says it starts.
            let in_letters = view.letters().find(letters).unwrap() + letters.len();
            let mut seen = 0;
            let (_, _, end) = letter_spans(&view)
                .into_iter()
                .find(|s| {
                    seen += s.0.len_utf8();
                    seen == in_letters
                })
                .unwrap();
            let (s, e) = view.original(view.start_of(end, letters.len()), end);
            &text[s..e]
        };
        assert_eq!(within("녕하"), "녕 하");
        assert_eq!(within("세요f"), "세요, F");
        assert_eq!(within("un"), "UUN");
        assert_eq!(within("씨발"), "씨이발");
        assert_eq!(within("하세요fun씨"), "하세요, FUUN 씨");
    }
}
