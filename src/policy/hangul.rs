//! Hangul arithmetic the normaliser needs: composing typed jamo (ㅆㅣㅂㅏㄹ) into syllables the way
//! a Korean keyboard does, and reading Latin letters typed on a Korean 2-set keyboard (tlqkf).

pub const SYLLABLE_BASE: u32 = 0xAC00;
pub const SYLLABLE_LAST: u32 = 0xD7A3;

/// Initial consonants in syllable order.
const INITIALS: [char; 19] = [
    'ㄱ', 'ㄲ', 'ㄴ', 'ㄷ', 'ㄸ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅃ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅉ', 'ㅊ', 'ㅋ',
    'ㅌ', 'ㅍ', 'ㅎ',
];
/// Final consonants in syllable order (index 0 is "none").
const FINALS: [char; 28] = [
    '\0', 'ㄱ', 'ㄲ', 'ㄳ', 'ㄴ', 'ㄵ', 'ㄶ', 'ㄷ', 'ㄹ', 'ㄺ', 'ㄻ', 'ㄼ', 'ㄽ', 'ㄾ', 'ㄿ', 'ㅀ',
    'ㅁ', 'ㅂ', 'ㅄ', 'ㅅ', 'ㅆ', 'ㅇ', 'ㅈ', 'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ',
];
const COMPOUND_VOWELS: [(char, char, char); 7] = [
    ('ㅗ', 'ㅏ', 'ㅘ'),
    ('ㅗ', 'ㅐ', 'ㅙ'),
    ('ㅗ', 'ㅣ', 'ㅚ'),
    ('ㅜ', 'ㅓ', 'ㅝ'),
    ('ㅜ', 'ㅔ', 'ㅞ'),
    ('ㅜ', 'ㅣ', 'ㅟ'),
    ('ㅡ', 'ㅣ', 'ㅢ'),
];
const COMPOUND_FINALS: [(char, char, char); 11] = [
    ('ㄱ', 'ㅅ', 'ㄳ'),
    ('ㄴ', 'ㅈ', 'ㄵ'),
    ('ㄴ', 'ㅎ', 'ㄶ'),
    ('ㄹ', 'ㄱ', 'ㄺ'),
    ('ㄹ', 'ㅁ', 'ㄻ'),
    ('ㄹ', 'ㅂ', 'ㄼ'),
    ('ㄹ', 'ㅅ', 'ㄽ'),
    ('ㄹ', 'ㅌ', 'ㄾ'),
    ('ㄹ', 'ㅍ', 'ㄿ'),
    ('ㄹ', 'ㅎ', 'ㅀ'),
    ('ㅂ', 'ㅅ', 'ㅄ'),
];

pub fn is_syllable(c: char) -> bool {
    (SYLLABLE_BASE..=SYLLABLE_LAST).contains(&(c as u32))
}

/// Hangul compatibility jamo, the letters a keyboard types one at a time.
pub fn is_jamo(c: char) -> bool {
    ('\u{3131}'..='\u{3163}').contains(&c)
}

pub fn is_vowel(c: char) -> bool {
    ('\u{314F}'..='\u{3163}').contains(&c)
}

/// Whether syllable `c` draws out the letter before it, `last` (as code points): a bare vowel
/// syllable (ㅇ and no final, the 이 in 씨이발) repeating the vowel of a syllable without a final.
pub fn draws_out(last: u32, c: u32) -> bool {
    const BARE_FIRST: u32 = SYLLABLE_BASE + 11 * 21 * 28;
    // Almost every syllable fails this first test.
    if !(BARE_FIRST..BARE_FIRST + 21 * 28).contains(&c) || !(c - SYLLABLE_BASE).is_multiple_of(28) {
        return false;
    }
    let Some(l) = last
        .checked_sub(SYLLABLE_BASE)
        .filter(|l| *l <= SYLLABLE_LAST - SYLLABLE_BASE)
    else {
        return false;
    };
    l % 28 == 0 && (l % (21 * 28)) / 28 == (c - BARE_FIRST) / 28
}

fn compose(initial: char, vowel: char, last: char) -> Option<char> {
    let i = INITIALS.iter().position(|&c| c == initial)? as u32;
    let v = (vowel as u32).checked_sub(0x314F).filter(|v| *v < 21)?;
    let f = FINALS.iter().position(|&c| c == last)? as u32;
    char::from_u32(SYLLABLE_BASE + (i * 21 + v) * 28 + f)
}

fn join(pairs: &[(char, char, char)], a: char, b: char) -> Option<char> {
    pairs.iter().find(|p| p.0 == a && p.1 == b).map(|p| p.2)
}

fn split_final(c: char) -> Option<(char, char)> {
    COMPOUND_FINALS
        .iter()
        .find(|p| p.2 == c)
        .map(|p| (p.0, p.1))
}

/// One composed letter: a syllable, or a jamo left on its own, and the range of input positions
/// (inclusive) it was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Composed {
    pub letter: char,
    pub first: usize,
    pub last: usize,
}

/// Composes a run of compatibility jamo the way a 2-set keyboard does: ㅆㅣㅂㅏㄹ → 씨발, ㅅㅂ stays.
pub fn compose_jamo(jamo: &[char]) -> Vec<Composed> {
    let mut out = Vec::new();
    // The syllable being built: initial, vowel, final, each with the input position it came from.
    let mut initial: Option<(char, usize)> = None;
    let mut vowel: Option<(char, usize)> = None;
    let mut last: Option<(char, usize, usize)> = None; // (final, first position, last position)

    fn flush(
        out: &mut Vec<Composed>,
        initial: &mut Option<(char, usize)>,
        vowel: &mut Option<(char, usize)>,
        last: &mut Option<(char, usize, usize)>,
    ) {
        match (initial.take(), vowel.take(), last.take()) {
            (Some((i, p)), Some((v, q)), fin) => {
                let (f, end) = fin.map_or(('\0', q), |(f, _, e)| (f, e));
                if let Some(letter) = compose(i, v, f) {
                    out.push(Composed {
                        letter,
                        first: p,
                        last: end,
                    });
                }
            }
            (Some((i, p)), None, _) => out.push(Composed {
                letter: i,
                first: p,
                last: p,
            }),
            (None, Some((v, q)), _) => out.push(Composed {
                letter: v,
                first: q,
                last: q,
            }),
            (None, None, _) => {}
        }
    }

    for (pos, &c) in jamo.iter().enumerate() {
        if is_vowel(c) {
            match (initial, vowel, last) {
                (Some(_), None, _) => vowel = Some((c, pos)),
                (Some(_), Some((v, q)), None) => match join(&COMPOUND_VOWELS, v, c) {
                    Some(joined) => vowel = Some((joined, q)),
                    None => {
                        flush(&mut out, &mut initial, &mut vowel, &mut last);
                        vowel = Some((c, pos));
                    }
                },
                (Some(_), Some(_), Some((f, fp, fe))) => {
                    // The final moves to start the next syllable (or its second half does).
                    let (keep, moved, moved_pos) = match split_final(f) {
                        Some((a, b)) => (Some((a, fp, fp)), b, fe),
                        None => (None, f, fp),
                    };
                    last = keep;
                    flush(&mut out, &mut initial, &mut vowel, &mut last);
                    initial = Some((moved, moved_pos));
                    vowel = Some((c, pos));
                }
                (None, Some((v, q)), _) => match join(&COMPOUND_VOWELS, v, c) {
                    Some(joined) => vowel = Some((joined, q)),
                    None => {
                        flush(&mut out, &mut initial, &mut vowel, &mut last);
                        vowel = Some((c, pos));
                    }
                },
                (None, None, _) => vowel = Some((c, pos)),
            }
        } else {
            match (initial, vowel, last) {
                (Some(_), Some(_), None) if FINALS.contains(&c) => last = Some((c, pos, pos)),
                (Some(_), Some(_), Some((f, fp, _))) => match join(&COMPOUND_FINALS, f, c) {
                    Some(joined) => last = Some((joined, fp, pos)),
                    None => {
                        flush(&mut out, &mut initial, &mut vowel, &mut last);
                        initial = Some((c, pos));
                    }
                },
                _ => {
                    flush(&mut out, &mut initial, &mut vowel, &mut last);
                    initial = Some((c, pos));
                }
            }
        }
    }
    flush(&mut out, &mut initial, &mut vowel, &mut last);
    out
}

/// The jamo a Latin letter types on a Korean 2-set (dubeolsik) keyboard: with Shift, Q W E R T O
/// P type the doubled consonants and the other vowels ㅒ ㅖ (Tlqkf → 씨발, rotoRl → 개새끼); every
/// other capital types what its small letter does. `shifted` false reads capitals as small letters
/// (a word typed with Caps Lock on).
pub fn keyboard_jamo_shifted(c: char, shifted: bool) -> Option<char> {
    if shifted {
        let doubled = match c {
            'Q' => Some('ㅃ'),
            'W' => Some('ㅉ'),
            'E' => Some('ㄸ'),
            'R' => Some('ㄲ'),
            'T' => Some('ㅆ'),
            'O' => Some('ㅒ'),
            'P' => Some('ㅖ'),
            _ => None,
        };
        if doubled.is_some() {
            return doubled;
        }
    }
    keyboard_jamo(c.to_ascii_lowercase())
}

/// The jamo a lowercase Latin letter types on a Korean 2-set (dubeolsik) keyboard.
pub fn keyboard_jamo(c: char) -> Option<char> {
    const KEYS: &[u8; 26] = b"abcdefghijklmnopqrstuvwxyz";
    const JAMO: [char; 26] = [
        'ㅁ', 'ㅠ', 'ㅊ', 'ㅇ', 'ㄷ', 'ㄹ', 'ㅎ', 'ㅗ', 'ㅑ', 'ㅓ', 'ㅏ', 'ㅣ', 'ㅡ', 'ㅜ', 'ㅐ',
        'ㅔ', 'ㅂ', 'ㄱ', 'ㄴ', 'ㅅ', 'ㅕ', 'ㅍ', 'ㅈ', 'ㅌ', 'ㅛ', 'ㅋ',
    ];
    KEYS.iter().position(|&k| k as char == c).map(|i| JAMO[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letters(jamo: &str) -> String {
        compose_jamo(&jamo.chars().collect::<Vec<_>>())
            .iter()
            .map(|c| c.letter)
            .collect()
    }

    #[test]
    fn composes_like_a_keyboard() {
        assert_eq!(letters("ㅆㅣㅂㅏㄹ"), "씨발");
        assert_eq!(letters("ㅅㅂ"), "ㅅㅂ");
        assert_eq!(letters("ㄷㅏㄹㄱㅇㅣ"), "닭이");
        assert_eq!(letters("ㄷㅏㄹㄱ"), "닭");
        assert_eq!(letters("ㄱㅗㅏㅇ"), "광");
        assert_eq!(letters("ㅏㅏ"), "ㅏㅏ");
        assert_eq!(letters("ㅎㅏㄴㄱㅡㄹ"), "한글");
    }

    #[test]
    fn composed_letters_point_at_their_jamo() {
        let out = compose_jamo(&"ㄷㅏㄹㄱㅇㅣ".chars().collect::<Vec<_>>());
        assert_eq!(
            out,
            vec![
                Composed {
                    letter: '닭',
                    first: 0,
                    last: 3
                },
                Composed {
                    letter: '이',
                    first: 4,
                    last: 5
                }
            ]
        );
        let out = compose_jamo(&"ㅎㅏㄴㅏ".chars().collect::<Vec<_>>());
        assert_eq!(
            out,
            vec![
                Composed {
                    letter: '하',
                    first: 0,
                    last: 1
                },
                Composed {
                    letter: '나',
                    first: 2,
                    last: 3
                }
            ]
        );
    }

    #[test]
    fn reads_the_two_set_keyboard() {
        let jamo: Vec<char> = "tlqkf".chars().filter_map(keyboard_jamo).collect();
        assert_eq!(letters(&jamo.iter().collect::<String>()), "시발");
        let typed = |keys: &str, shifted: bool| {
            letters(
                &keys
                    .chars()
                    .filter_map(|c| keyboard_jamo_shifted(c, shifted))
                    .collect::<String>(),
            )
        };
        assert_eq!(typed("Tlqkf", true), "씨발");
        assert_eq!(typed("rotoRl", true), "개새끼");
        assert_eq!(typed("dPtk", true), "예사");
        assert_eq!(
            typed("TLQKF", false),
            "시발",
            "Caps Lock: capitals are small letters"
        );
    }

    #[test]
    fn drawn_out_syllables() {
        let draws_out = |last: char, c: char| draws_out(last as u32, c as u32);
        assert!(
            draws_out('씨', '이')
                && draws_out('시', '이')
                && draws_out('가', '아')
                && draws_out('이', '이')
        );
        // A final consonant, another vowel or no syllable before: a word, not a drawn-out letter.
        assert!(
            !draws_out('씨', '일')
                && !draws_out('발', '아')
                && !draws_out('씨', '아')
                && !draws_out('ㅅ', '이')
        );
        assert!(!draws_out('\0', '이') && !draws_out('씨', '씨'));
    }
}
