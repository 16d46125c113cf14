//! Normalisation that defeats evasion while remembering, for every byte it produces, which bytes
//! of the user's text it came from, so a match points at the user's own characters.
//!
//! Two views of a text are built:
//! - the *folded* view: invisible characters dropped, non-Hangul characters NFKC-folded (fullwidth
//!   ａ → a, ① → 1) and lowercased, Cyrillic/Greek lookalikes read as Latin. Contact-detail
//!   patterns run on it.
//! - the *letters* view, where terms are matched: the folded view with separators, punctuation and
//!   digits between syllables removed (씨.발, 씨1발, 씨 발), typed jamo composed (ㅆㅣㅂㅏㄹ → 씨발),
//!   drawn-out syllables and repeated letters shortened (씨이발, fuuuck), digits and symbols inside
//!   Latin words read as letters (sh1t, f@ck).
//!
//! Hangul is never NFKC-folded: NFKC turns typed jamo such as ㅅㅂ into conjoining jamo.

use std::borrow::Cow;

use unicode_normalization::char::decompose_compatible;

use super::hangul;

/// One character of the folded text and the byte range of the original character it came from.
#[derive(Debug, Clone, Copy)]
pub struct Unit {
    pub ch: char,
    pub start: u32,
    pub end: u32,
}

/// A view of the original text with a map from each of its characters back into it.
#[derive(Debug, Default)]
pub struct View {
    pub text: String,
    /// One per character of `text`, in order.
    origins: Vec<Origin>,
}

/// Where one character of a view sits in the view and which bytes of the original it came from.
#[derive(Debug, Clone, Copy)]
struct Origin {
    ch: char,
    at: u32,
    start: u32,
    end: u32,
}

impl View {
    fn with_capacity(n: usize) -> Self {
        Self { text: String::with_capacity(n), origins: Vec::with_capacity(n) }
    }

    fn clear(&mut self) {
        self.text.clear();
        self.origins.clear();
    }

    fn push(&mut self, ch: char, start: u32, end: u32) {
        self.origins.push(Origin { ch, at: self.text.len() as u32, start, end });
        self.text.push(ch);
    }

    fn last(&self) -> Option<char> {
        self.origins.last().map(|o| o.ch)
    }

    /// Stretches the last character's origin to `end` (a repeat folded into it).
    fn extend_last(&mut self, end: u32) {
        if let Some(last) = self.origins.last_mut() {
            last.end = end;
        }
    }

    /// The original byte range behind `start..end` of this view (both on character boundaries).
    /// Matches are rare, so the map is searched rather than kept per byte.
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        let first = self.origins.partition_point(|o| (o.at as usize) < start);
        let last = self.origins.partition_point(|o| (o.at as usize) < end) - 1;
        (self.origins[first].start as usize, self.origins[last].end as usize)
    }
}

/// The folded view: the original text itself when nothing needed folding.
pub struct Folded<'a> {
    pub text: Cow<'a, str>,
    view: Option<View>,
}

impl Folded<'_> {
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        match &self.view {
            Some(view) => view.original(start, end),
            None => (start, end),
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

/// A letter or digit: what counts towards a term's length.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// What folding learnt about a text on the way, so later steps can skip work.
#[derive(Debug, Clone, Copy, Default)]
pub struct Folding {
    /// False when folding changed nothing (the common case for plain Korean and ASCII): the
    /// original text is then the folded view.
    pub changed: bool,
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
}

/// The set of ASCII characters from `first` to `last`, for [`Folding::has_any`].
pub const fn ascii_range(first: u8, last: u8) -> u128 {
    (u128::MAX >> (127 - last)) & (u128::MAX << first)
}

/// Folds the text into units.
pub fn fold(text: &str, units: &mut Vec<Unit>) -> Folding {
    units.clear();
    let mut folding = Folding::default();
    for (i, c) in text.char_indices() {
        let start = i as u32;
        let end = (i + c.len_utf8()) as u32;
        if c.is_ascii() {
            let lower = c.to_ascii_lowercase();
            folding.changed |= lower != c;
            folding.ascii |= 1 << lower as u32;
            units.push(Unit { ch: lower, start, end });
        } else if hangul::is_syllable(c) {
            units.push(Unit { ch: c, start, end });
        } else if hangul::is_jamo(c) {
            folding.jamo = true;
            units.push(Unit { ch: c, start, end });
        } else if is_invisible(c) {
            folding.changed = true;
        } else if let Some(jamo) = halfwidth_jamo(c) {
            folding.changed = true;
            folding.jamo = true;
            units.push(Unit { ch: jamo, start, end });
        } else {
            let before = units.len();
            decompose_compatible(c, |d| {
                for l in d.to_lowercase() {
                    let ch = latin_lookalike(l);
                    if ch.is_ascii() {
                        folding.ascii |= 1 << ch as u32;
                    }
                    units.push(Unit { ch, start, end });
                }
            });
            // NFKC composes what the compatibility decomposition split (e.g. halfwidth jamo
            // decompose to single jamo, so nothing to recompose for the scripts we read).
            folding.changed |= units.len() != before + 1 || units[before].ch != c;
        }
    }
    folding
}

/// The folded view from units.
pub fn folded<'a>(text: &'a str, units: &[Unit], folding: Folding) -> Folded<'a> {
    if !folding.changed {
        return Folded { text: Cow::Borrowed(text), view: None };
    }
    let mut view = View::with_capacity(text.len());
    for u in units {
        view.push(u.ch, u.start, u.end);
    }
    // The maps stay in the view; the text moves into the Cow.
    let text = Cow::Owned(std::mem::take(&mut view.text));
    Folded { text, view: Some(view) }
}

fn is_separator(c: char) -> bool {
    !c.is_alphanumeric() && !is_hangul(c)
}

/// The letters view, where terms are matched.
pub fn letters(units: &[Unit]) -> View {
    let mut view = View::with_capacity(units.len() * 3);
    letters_into(units, &mut view);
    view
}

/// [`letters`] into a view the caller reuses.
pub fn letters_into(units: &[Unit], view: &mut View) {
    view.clear();
    let n = units.len();
    let at = |i: usize| units.get(i).map(|u| u.ch);
    let mut jamo: Vec<char> = Vec::new();
    let mut jamo_at: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < n {
        let u = units[i];
        let c = u.ch;
        if hangul::is_jamo(c) {
            // A run of typed jamo, possibly spaced out (ㅅ ㅂ, ㅆ.ㅣ.ㅂ.ㅏ.ㄹ), composed as typed.
            jamo.clear();
            jamo_at.clear();
            let mut j = i;
            while j < n {
                if hangul::is_jamo(units[j].ch) {
                    jamo.push(units[j].ch);
                    jamo_at.push(j);
                    j += 1;
                    continue;
                }
                let mut k = j;
                while k < n && is_separator(units[k].ch) {
                    k += 1;
                }
                if k > j && k < n && hangul::is_jamo(units[k].ch) {
                    j = k;
                } else {
                    break;
                }
            }
            for letter in hangul::compose_jamo(&jamo) {
                // A lone vowel (ㅡ, ㅣ) is used as a dash or a stroke: 씨ㅡ발.
                if !hangul::is_vowel(letter.letter) {
                    push_letter(
                        view,
                        letter.letter,
                        units[jamo_at[letter.first]].start,
                        units[jamo_at[letter.last]].end,
                    );
                }
            }
            i = j;
            continue;
        }
        if hangul::is_syllable(c) {
            // A drawn-out vowel (씨이발, 시이이발) is dropped.
            let drawn_out = hangul::is_bare_vowel_syllable(c)
                .is_some_and(|v| view.last().and_then(hangul::vowel_of) == Some((v, false)));
            if !drawn_out {
                view.push(c, u.start, u.end);
            }
        } else if is_latin(c) {
            let sandwiched =
                i > 0 && at(i - 1).is_some_and(hangul::is_syllable) && at(i + 1).is_some_and(hangul::is_syllable);
            if !sandwiched {
                push_letter(view, c, u.start, u.end);
            }
        } else if c.is_alphabetic() {
            push_letter(view, c, u.start, u.end);
        } else if c.is_numeric() {
            let latin_before = i > 0 && at(i - 1).is_some_and(is_latin);
            let latin_after = at(i + 1).is_some_and(is_latin);
            let hangul_before = i > 0 && at(i - 1).is_some_and(is_hangul);
            let hangul_after = at(i + 1).is_some_and(is_hangul);
            match leet(c) {
                Some(l) if latin_before || latin_after => push_letter(view, l, u.start, u.end),
                _ if hangul_before && hangul_after => {}
                _ => view.push(c, u.start, u.end),
            }
        } else if let Some(l) = leet(c) {
            if i > 0 && at(i - 1).is_some_and(is_latin) && at(i + 1).is_some_and(is_latin) {
                push_letter(view, l, u.start, u.end);
            }
        }
        i += 1;
    }
}

/// Appends a letter, folding a repeat of the same letter into the previous one (fuuuck, ㅋㅋㅋ).
fn push_letter(view: &mut View, c: char, start: u32, end: u32) {
    if view.last() == Some(c) && !hangul::is_syllable(c) {
        view.extend_last(end);
    } else {
        view.push(c, start, end);
    }
}

/// Latin words read as Hangul typed on an English keyboard (tlqkf → 시발): each run of three or
/// more Latin letters that composes into whole syllables.
pub fn keyboard_hangul(units: &[Unit]) -> Vec<View> {
    let mut views = Vec::new();
    let mut i = 0;
    while i < units.len() {
        if !is_latin(units[i].ch) {
            i += 1;
            continue;
        }
        let start = i;
        while i < units.len() && is_latin(units[i].ch) {
            i += 1;
        }
        if i - start < 3 {
            continue;
        }
        let jamo: Vec<char> = units[start..i].iter().filter_map(|u| hangul::keyboard_jamo(u.ch)).collect();
        let composed = hangul::compose_jamo(&jamo);
        if composed.iter().any(|c| !hangul::is_syllable(c.letter)) {
            continue;
        }
        let mut view = View::with_capacity(composed.len() * 3);
        for c in composed {
            view.push(c.letter, units[start + c.first].start, units[start + c.last].end);
        }
        views.push(view);
    }
    views
}

/// The letters form of a term or marker, as the policy stores it (the same steps as a text).
pub fn term(text: &str) -> String {
    let mut units = Vec::new();
    fold(text, &mut units);
    letters(&units).text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letters_of(text: &str) -> View {
        let mut units = Vec::new();
        fold(text, &mut units);
        letters(&units)
    }

    /// The original text behind each letter of the view.
    fn origins(text: &str) -> Vec<(char, &str)> {
        let view = letters_of(text);
        view.text
            .char_indices()
            .map(|(i, c)| {
                let (s, e) = view.original(i, i + c.len_utf8());
                (c, &text[s..e])
            })
            .collect()
    }

    #[test]
    fn invisible_characters_are_dropped_and_offsets_skip_them() {
        let text = "씨\u{200B}발\u{FEFF}";
        assert_eq!(letters_of(text).text, "씨발");
        assert_eq!(origins(text), vec![('씨', "씨"), ('발', "발")]);
    }

    #[test]
    fn fullwidth_and_compatibility_forms_fold_but_hangul_jamo_stays() {
        assert_eq!(letters_of("ＦＵＣＫ").text, "fuck");
        assert_eq!(origins("Ｆu"), vec![('f', "Ｆ"), ('u', "u")]);
        // NFKC would turn typed ㅅㅂ into conjoining jamo; they must stay as typed.
        assert_eq!(letters_of("ㅅㅂ").text, "ㅅㅂ");
        // Halfwidth jamo are a compatibility form of the same letters.
        assert_eq!(letters_of("\u{FFB5}\u{FFB2}").text, "ㅅㅂ");
    }

    #[test]
    fn case_and_lookalikes_fold() {
        assert_eq!(letters_of("FuCk").text, "fuck");
        // Cyrillic а and о inside a Latin word.
        assert_eq!(letters_of("kаkао").text, "kakao");
    }

    #[test]
    fn separators_digits_and_punctuation_between_syllables_are_removed() {
        for text in ["씨.발", "씨1발", "씨 발", "씨-_-발", "씨   발", "씨ㅡ발"] {
            assert_eq!(letters_of(text).text, "씨발", "{text}");
        }
        assert_eq!(origins("씨.발"), vec![('씨', "씨"), ('발', "발")]);
    }

    #[test]
    fn typed_jamo_compose_and_point_at_all_their_letters() {
        assert_eq!(letters_of("ㅆㅣㅂㅏㄹ").text, "씨발");
        assert_eq!(origins("ㅆㅣㅂㅏㄹ"), vec![('씨', "ㅆㅣ"), ('발', "ㅂㅏㄹ")]);
        assert_eq!(origins("ㅅ ㅂ"), vec![('ㅅ', "ㅅ"), ('ㅂ', "ㅂ")]);
        assert_eq!(letters_of("씨ㅂㅏㄹ").text, "씨발");
    }

    #[test]
    fn repeats_fold_into_the_first_and_cover_the_run() {
        assert_eq!(letters_of("fuuuuck").text, "fuck");
        assert_eq!(origins("fuuuck"), vec![('f', "f"), ('u', "uuu"), ('c', "c"), ('k', "k")]);
        assert_eq!(letters_of("씨이이발").text, "씨발");
        // A final consonant makes it a real word, not a drawn-out vowel.
        assert_eq!(letters_of("발아").text, "발아");
    }

    #[test]
    fn digits_and_symbols_inside_latin_words_read_as_letters() {
        assert_eq!(letters_of("sh1t").text, "shit");
        assert_eq!(letters_of("f@ck").text, "fack");
        assert_eq!(origins("sh1t")[2], ('i', "1"));
        // Digits on their own stay digits.
        assert_eq!(letters_of("18세").text, "18세");
        assert_eq!(letters_of("가격 30,000원").text, "가격30000원");
    }

    #[test]
    fn keyboard_hangul_reads_latin_runs() {
        let mut units = Vec::new();
        fold("아 tlqkf 진짜", &mut units);
        let views = keyboard_hangul(&units);
        assert_eq!(views.len(), 1);
        assert_eq!(views[0].text, "시발");
        let (s, e) = views[0].original(0, views[0].text.len());
        assert_eq!(&"아 tlqkf 진짜"[s..e], "tlqkf");
    }

    #[test]
    fn folded_view_is_the_original_when_nothing_changes() {
        let mut units = Vec::new();
        let text = "안녕하세요 010-1234-5678";
        let folding = fold(text, &mut units);
        assert!(!folding.changed);
        assert!(folding.has(b'0') && folding.has(b'-') && !folding.has(b'@'));
        assert!(folding.has_any(ascii_range(b'0', b'9')) && !folding.has_any(ascii_range(b'a', b'z')));
        assert!(matches!(folded(text, &units, folding).text, Cow::Borrowed(_)));
        let text = "ＡＢＣ\u{200B}d";
        let folding = fold(text, &mut units);
        // What fullwidth letters fold to counts as seen.
        assert!(folding.has(b'a') && !folding.has(b'A'));
        let view = folded(text, &units, folding);
        assert_eq!(view.text, "abcd");
        let (s, e) = view.original(3, 4);
        assert_eq!(&text[s..e], "d");
    }
}
