//! Detectors for contact and payment details in their disguises: phone and account numbers
//! spelt with Hangul digits (공일공) and separators, e-mail addresses with 골뱅이 and 점, web and
//! open-chat links, KakaoTalk and other messenger IDs. They run on the folded view.

use std::sync::LazyLock;

use regex::Regex;

use super::normalise::{ascii_range, Folded, Folding};

crate::named_enum!(
    /// A built-in detector a category can name in its `patterns`.
    Detector {
        Phone => "phone",
        BankAccount => "bank_account",
        Email => "email",
        Url => "url",
        OpenChat => "open_chat",
        KakaoId => "kakao_id",
        MessengerId => "messenger_id",
    }
);

/// A detector's find, as a byte range of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub detector: Detector,
    pub start: usize,
    pub end: usize,
}

// ASCII word boundaries: a Unicode `\b` would push the regex engine off its fast path on Hangul.
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[a-z0-9._%+-]{1,64}\s*(?:@|골뱅이|\(at\)|\[at\])\s*[a-z0-9-]{1,63}(?:\s*(?:\.|점|닷|\(dot\))\s*[a-z]{2,10}){1,3}")
        .expect("valid e-mail pattern")
});
static OPEN_CHAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:https?://)?open\.kakao\.com/(?:o|me)/[a-z0-9_-]+")
        .expect("valid open-chat pattern")
});
/// The top-level domains a bare domain (gosu-pro.kr) must end in to count as a link.
const TLDS: [&str; 19] = [
    "com", "net", "org", "kr", "me", "io", "ly", "gl", "link", "site", "xyz", "shop", "info",
    "biz", "app", "page", "to", "gg", "tv",
];
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(?i)(?:https?://|www\.)[^\s<>"']+|(?-u:\b)[a-z0-9][a-z0-9-]{{0,62}}(?:\.[a-z0-9-]{{1,63}})*\.(?:{})(?-u:\b)(?:/[^\s<>"']*)?"#,
        TLDS.join("|")
    ))
    .expect("valid URL pattern")
});
static KAKAO_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:카카오톡|카카오|카톡|ㅋㅌ|ㅋㅋㅇㅌ|(?-u:\b)(?:kakaotalk|kakao|katalk))\s*(?:아이디|id|아디|아뒤)?\s*(?:는|은|:|=)?\s*[:=]?\s*([a-z][a-z0-9_.-]{3,19})")
        .expect("valid KakaoTalk ID pattern")
});
static MESSENGER_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:텔레그램|텔레|라인|인스타그램|인스타|디엠|(?-u:\b)(?:telegram|instagram|insta|dm))\s*(?:아이디|id)?\s*(?:는|은)?\s*[:=]?\s*@?([a-z][a-z0-9_.]{3,29})")
        .expect("valid messenger ID pattern")
});

/// Words that make a long number an account number.
const BANK_CONTEXT: [&str; 24] = [
    "계좌",
    "입금",
    "송금",
    "이체",
    "은행",
    "국민",
    "신한",
    "우리",
    "하나",
    "농협",
    "기업",
    "카카오뱅크",
    "카뱅",
    "토스",
    "케이뱅크",
    "새마을",
    "우체국",
    "수협",
    "신협",
    "ibk",
    "kb",
    "nh",
    "sc제일",
    "씨티",
];

fn hangul_digit(c: char) -> Option<u8> {
    Some(match c {
        '공' | '영' | '빵' => 0,
        '일' => 1,
        '이' => 2,
        '삼' => 3,
        '사' => 4,
        '오' => 5,
        '육' | '륙' => 6,
        '칠' => 7,
        '팔' => 8,
        '구' => 9,
        _ => return None,
    })
}

fn digit(c: char) -> Option<u8> {
    c.to_digit(10).map(|d| d as u8).or_else(|| hangul_digit(c))
}

fn is_number_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '.' | '(' | ')' | '/' | '_' | '~' | '*' | ',' | '+' | '·' | '#' | ':'
        )
}

/// A Korean phone number at the start of a run of digits: mobile (010…), Seoul and provincial
/// lines, 050x safe numbers and 070 internet phones, with or without +82.
fn phone_length(digits: &[u8]) -> Option<usize> {
    let (offset, rest) = match digits {
        [8, 2, 0, rest @ ..] => (3, rest),
        [8, 2, rest @ ..] => (2, rest),
        [0, rest @ ..] => (1, rest),
        _ => return None,
    };
    let prefix = match rest {
        [1, 0 | 1 | 6 | 7 | 8 | 9, ..] => 2,
        [2, ..] => 1,
        [3, 1..=3, ..] | [4, 1..=4, ..] | [5, 1..=5, ..] | [6, 1..=4, ..] | [7, 0, ..] => 2,
        [5, 0, _, ..] => 3,
        _ => return None,
    };
    let subscriber = rest.len() - prefix;
    (7..=8)
        .contains(&subscriber.min(8))
        .then(|| offset + prefix + subscriber.min(8))
}

/// Finds phone and account numbers in the folded text: runs of digits (Arabic or Hangul) with
/// separators between. Outside a run, unless `hangul_zero` says a number may be spelt wholly in
/// Hangul, the search jumps from one Arabic digit to the next (most texts hold a few prices or
/// times, not numbers) and reads back to where that digit's run begins.
fn numbers(folded: &Folded, hangul_zero: bool, out: &mut Vec<Found>) {
    let text = folded.text.as_ref();
    let mut run = Run::default();
    let mut i = 0;
    while i < text.len() {
        if run.digits == 0 && !hangul_zero {
            let Some(next) = find_ascii_digit(&text.as_bytes()[i..]) else {
                break;
            };
            i = run_start(text, i, i + next);
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if let Some(d) = digit(c) {
            run.push(d, c.is_ascii_digit(), i, i + c.len_utf8());
        } else if run.digits > 0 && is_number_separator(c) && run.gap < 3 {
            run.gap += 1;
        } else if run.digits > 0 {
            run.finish(folded, out);
        }
        i += c.len_utf8();
    }
    run.finish(folded, out);
}

/// The offset of the first ASCII digit in `bytes`, eight bytes at a time (this skip is most of
/// what the number search costs).
fn find_ascii_digit(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut at = 0;
    for chunk in bytes.chunks_exact(8) {
        // Digits become 0..=9; a byte's high bit then says whether it is below 10.
        let t = u64::from_le_bytes(chunk.try_into().expect("eight bytes")) ^ (0x30 * ONES);
        let below_ten = !((t & !HIGH) + 0x76 * ONES) & !t & HIGH;
        if below_ten != 0 {
            break;
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(u8::is_ascii_digit)
        .map(|p| at + p)
}

/// Where the run holding the digit at `digit` begins: back over digits and up to three
/// separators between them, not before `floor`.
fn run_start(text: &str, floor: usize, digit: usize) -> usize {
    let mut start = digit;
    let mut gap = 0;
    for (i, c) in text[floor..digit].char_indices().rev() {
        if self::digit(c).is_some() {
            start = floor + i;
            gap = 0;
        } else if is_number_separator(c) && gap < 3 {
            gap += 1;
        } else {
            break;
        }
    }
    start
}

/// One run of digits: where its first and last digit are in the folded text, and how many
/// digits it holds.
#[derive(Default)]
struct Run {
    start: usize,
    end: usize,
    digits: usize,
    arabic: usize,
    hangul_zero: bool,
    gap: usize,
}

impl Run {
    fn push(&mut self, digit: u8, arabic: bool, start: usize, end: usize) {
        if self.digits == 0 {
            self.start = start;
        }
        self.end = end;
        self.digits += 1;
        self.arabic += usize::from(arabic);
        self.hangul_zero |= !arabic && digit == 0;
        self.gap = 0;
    }

    fn finish(&mut self, folded: &Folded, out: &mut Vec<Found>) {
        // Hangul digits alone must spell a whole number with its zero; a few in a row are words.
        if self.digits >= 9 && (self.arabic > 0 || (self.digits >= 10 && self.hangul_zero)) {
            self.read_number(folded, out);
        }
        *self = Run::default();
    }

    /// Reads the run's digits again, now that it is long enough to be a number.
    fn read_number(&self, folded: &Folded, out: &mut Vec<Found>) {
        // Each digit, its byte range in the folded text, and whether a separator (or the run's
        // start) is before it.
        let mut read: Vec<(u8, usize, usize, bool)> = Vec::with_capacity(self.digits);
        let mut separated = true;
        for (i, c) in folded.text[self.start..self.end].char_indices() {
            let at = self.start + i;
            match digit(c) {
                Some(d) => {
                    read.push((d, at, at + c.len_utf8(), separated));
                    separated = false;
                }
                None => separated = true,
            }
        }
        let values: Vec<u8> = read.iter().map(|r| r.0).collect();
        // A number word just before the number (이 010…) joins the run: try each group.
        let phone = (0..read.len())
            .filter(|&k| read[k].3)
            .find_map(|k| phone_length(&values[k..]).map(|n| (k, k + n)));
        let mut push = |detector: Detector, start: usize, end: usize| {
            let (start, end) = folded.original(start, end);
            out.push(Found {
                detector,
                start,
                end,
            });
        };
        if let Some((k, n)) = phone {
            push(Detector::Phone, read[k].1, read[n - 1].2);
        } else if (10..=16).contains(&self.digits)
            && near_bank_words(&folded.text, self.start, self.end)
        {
            push(Detector::BankAccount, self.start, self.end);
        }
    }
}

/// Whether a bank word is within 60 bytes (twenty syllables) of `start..end` of the folded text.
fn near_bank_words(text: &str, start: usize, end: usize) -> bool {
    let mut from = start.saturating_sub(60);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + 60).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let window = text[from..to].to_lowercase();
    BANK_CONTEXT.iter().any(|w| window.contains(w))
}

/// The matches of a detector's regex over the folded text, as original byte ranges.
fn regex_finds(re: &Regex, detector: Detector, folded: &Folded, out: &mut Vec<Found>) {
    let text = folded.text.as_ref();
    let mut push = |start: usize, end: usize| {
        let (start, end) = folded.original(start, end);
        out.push(Found {
            detector,
            start,
            end,
        });
    };
    if re.captures_len() > 1 {
        // Groups cost a slower engine; run it only where the fast search found something.
        for found in re.find_iter(text) {
            if let Some(m) = re
                .captures_at(text, found.start())
                .and_then(|caps| caps.get(1))
            {
                push(m.start(), m.end());
            }
        }
    } else {
        for m in re.find_iter(text) {
            push(m.start(), m.end());
        }
    }
}

/// Which detectors a text could match, from literals without which they cannot: most texts skip
/// most detectors. Characters come from folding; words from the scanner's automaton over the
/// letters view, where each word of the folded text is found too (letters only drop separators,
/// digits and repeats, and the words are stored in letters form).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Triggers(u8);

impl Triggers {
    const NUMBER: u8 = 1;
    const EMAIL: u8 = 2;
    const OPEN_CHAT: u8 = 4;
    const URL_WORD: u8 = 8;
    const URL_PUNCTUATION: u8 = 16;
    const KAKAO: u8 = 32;
    const MESSENGER: u8 = 64;
    const HANGUL_ZERO: u8 = 128;

    /// The triggers among the characters of the folded text. Numbers need an Arabic digit or a
    /// Hangul zero (every phone number has one; an account number spelt wholly in Hangul digits
    /// without a zero is missed). Typed jamo may spell ㅋㅌ, which the letters view composes away.
    pub fn of_characters(folding: &Folding) -> Self {
        let mut flags = 0;
        if folding.has_any(ascii_range(b'0', b'9')) {
            flags |= Self::NUMBER;
        }
        if folding.has(b'@') {
            flags |= Self::EMAIL;
        }
        if folding.has(b'.') || folding.has(b':') {
            flags |= Self::URL_PUNCTUATION;
        }
        if folding.jamo {
            flags |= Self::KAKAO;
        }
        Self(flags)
    }

    pub fn add(&mut self, other: Triggers) {
        self.0 |= other.0;
    }

    fn has(self, flag: u8) -> bool {
        self.0 & flag != 0
    }

    fn allow(self, detector: Detector) -> bool {
        match detector {
            Detector::Phone | Detector::BankAccount => {
                self.has(Self::NUMBER) || self.has(Self::HANGUL_ZERO)
            }
            Detector::Email => self.has(Self::EMAIL),
            Detector::OpenChat => self.has(Self::OPEN_CHAT),
            Detector::Url => self.has(Self::URL_WORD) && self.has(Self::URL_PUNCTUATION),
            Detector::KakaoId => self.has(Self::KAKAO),
            Detector::MessengerId => self.has(Self::MESSENGER),
        }
    }
}

/// Words without which a detector cannot match (beside [`TLDS`] for links).
const TRIGGER_WORDS: [(&str, u8); 19] = [
    ("공", Triggers::HANGUL_ZERO),
    ("영", Triggers::HANGUL_ZERO),
    ("빵", Triggers::HANGUL_ZERO),
    ("골뱅이", Triggers::EMAIL),
    ("(at)", Triggers::EMAIL),
    ("[at]", Triggers::EMAIL),
    ("open.kakao", Triggers::OPEN_CHAT),
    ("http", Triggers::URL_WORD),
    ("www", Triggers::URL_WORD),
    ("카", Triggers::KAKAO),
    ("kakao", Triggers::KAKAO),
    ("katalk", Triggers::KAKAO),
    ("텔레", Triggers::MESSENGER),
    ("라인", Triggers::MESSENGER),
    ("인스타", Triggers::MESSENGER),
    ("디엠", Triggers::MESSENGER),
    ("telegram", Triggers::MESSENGER),
    ("insta", Triggers::MESSENGER),
    ("dm", Triggers::MESSENGER),
];

/// The words the scanner looks for on behalf of the detectors, as the folded text spells them
/// (the scanner stores them in letters form, as it does terms).
pub fn trigger_words() -> impl Iterator<Item = (&'static str, Triggers)> {
    let links = TLDS.map(|tld| (tld, Triggers::URL_WORD));
    TRIGGER_WORDS
        .into_iter()
        .chain(links)
        .map(|(word, flag)| (word, Triggers(flag)))
}

/// Runs the enabled detectors the triggers allow over the folded text; finds are byte ranges of
/// the original text. Where finds overlap, the
/// more specific one wins (an open-chat link over a URL, an e-mail address over the domain inside it).
pub fn detect(folded: &Folded, triggers: Triggers, enabled: &[Detector], out: &mut Vec<Found>) {
    let run = |d: Detector| enabled.contains(&d) && triggers.allow(d);
    let start = out.len();
    if run(Detector::Phone) || run(Detector::BankAccount) {
        numbers(folded, triggers.has(Triggers::HANGUL_ZERO), out);
        let keep_phone = enabled.contains(&Detector::Phone);
        let keep_account = enabled.contains(&Detector::BankAccount);
        out.retain(|f| match f.detector {
            Detector::Phone => keep_phone,
            Detector::BankAccount => keep_account,
            _ => true,
        });
    }
    for (detector, re) in [
        (Detector::Email, &EMAIL),
        (Detector::OpenChat, &OPEN_CHAT),
        (Detector::Url, &URL),
        (Detector::KakaoId, &KAKAO_ID),
        (Detector::MessengerId, &MESSENGER_ID),
    ] {
        if run(detector) {
            regex_finds(re, detector, folded, out);
        }
    }
    // A URL inside an e-mail address or an open-chat link is the same find, less precisely.
    let specific: Vec<(usize, usize)> = out[start..]
        .iter()
        .filter(|f| matches!(f.detector, Detector::Email | Detector::OpenChat))
        .map(|f| (f.start, f.end))
        .collect();
    out.retain(|f| {
        f.detector != Detector::Url || !specific.iter().any(|&(s, e)| s < f.end && f.start < e)
    });
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;
    use crate::policy::normalise;
    use crate::policy::scanner::Source;
    use crate::policy::{file, Scanner};

    /// Every detector and nothing else, so the finds come through the scanner's own path:
    /// folding, the trigger words found by its automaton, then the detectors.
    static DETECTORS: LazyLock<Scanner> = LazyLock::new(|| {
        let list: Vec<String> = Detector::ALL
            .iter()
            .map(|d| format!("{:?}", d.as_str()))
            .collect();
        let source = format!(
            "version = 1\nname = \"detectors\"\n[[category]]\nid = \"contact\"\nseverity = \"high\"\npatterns = [{}]\n",
            list.join(", ")
        );
        Scanner::build(file::parse(&source).unwrap()).unwrap()
    });

    fn finds(text: &str) -> Vec<(Detector, &str)> {
        let mut hits = DETECTORS.scan(text).hits;
        hits.sort_by_key(|h| h.start);
        hits.iter()
            .map(|h| match h.source {
                Source::Pattern(d) => (d, &text[h.start..h.end]),
                ref other => panic!("{other:?} from a policy without terms"),
            })
            .collect()
    }

    #[test]
    fn the_triggers_never_skip_a_detector_that_would_find_something() {
        use rand::{Rng, SeedableRng};
        // Whole contact details in their disguises, and pieces that make or break them.
        const PIECES: &[&str] = &[
            "gosu99 (at) daum (dot) net",
            "abc[at]naver.com",
            "gosu 골뱅이 naver 점 com",
            "x@y.kr",
            "카톡 아이디 gosu_pro",
            "ㅋㅌ:gosu99",
            "ㅋㅋㅇㅌ gosu99",
            "KaKaO: gosu99",
            "katalk=gosu99",
            "카카오톡은 gosu99",
            "텔레그램 @gosu_pro",
            "인스타 gosu.pro",
            "DM gosu_pro",
            "insta: gosu99",
            "라인 id gosu99",
            "디엠 gosu99",
            "open.kakao.com/o/abc",
            "OPEN.KAKAO.COM/me/x",
            "https://x.y/z",
            "http://localhost:8080",
            "www.gosu.kr",
            "my.APP",
            "gosu-pro.shop/a",
            "010-1234-5678",
            "공일공 일이삼사 오육칠팔",
            "영일영.1234.５６７８",
            "+82 10 1234 5678",
            "국민은행 123456-78-901234",
            "계좌 1234 5678 9012",
            "카",
            "ㅋ",
            "kakao",
            "dm",
            "@",
            "(at)",
            ".",
            ":",
            "점",
            "com",
            "010",
            "공",
            "1234",
            "-",
            " ",
            "  ",
            "ㅏ",
            "이",
            "/",
            "\u{200B}",
            "견적 부탁드려요",
            "씨발",
            "x",
            "일이삼사오육칠팔구일",
            "KB",
            "…",
            "１",
        ];
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let mut triggered = 0;
        for _ in 0..20_000 {
            let n = rng.random_range(1..=6);
            let text: String = (0..n)
                .map(|_| PIECES[rng.random_range(0..PIECES.len())])
                .collect();
            let (folded, _) = normalise::fold_into(&text, &mut normalise::View::default());
            let (mut gated, mut every) = (Vec::new(), Vec::new());
            detect(
                &folded,
                DETECTORS.triggers(&text),
                Detector::ALL,
                &mut gated,
            );
            detect(&folded, Triggers(u8::MAX), Detector::ALL, &mut every);
            assert_eq!(gated, every, "{text:?}");
            triggered += usize::from(!every.is_empty());
        }
        // The pieces make contact details often enough for the comparison to mean something.
        assert!(triggered > 10_000, "{triggered}");
    }

    #[test]
    fn the_digit_search_finds_the_first_digit_at_any_offset() {
        for len in 0..40 {
            for at in 0..=len {
                // Every other byte value around the digit: bytes next to '0'..'9' and high bytes.
                let mut bytes: Vec<u8> = (0..len)
                    .map(|i| [b'/', b':', 0xB0, 0xB9, b'a', 0xEC][i % 6])
                    .collect();
                let expected = (at < len).then(|| {
                    bytes[at] = b'0' + (at % 10) as u8;
                    at
                });
                assert_eq!(find_ascii_digit(&bytes), expected, "{len} {at}");
            }
        }
    }

    #[test]
    fn phone_numbers_in_disguise() {
        for (text, number) in [
            ("연락주세요 010-1234-5678", "010-1234-5678"),
            ("01012345678", "01012345678"),
            ("010 1234 5678 로 문자", "010 1234 5678"),
            ("공일공 일이삼사 오육칠팔", "공일공 일이삼사 오육칠팔"),
            ("010.일이삼사.5678", "010.일이삼사.5678"),
            ("+82 10 1234 5678", "82 10 1234 5678"),
            ("02-123-4567", "02-123-4567"),
            ("0505-123-4567", "0505-123-4567"),
        ] {
            assert_eq!(finds(text), vec![(Detector::Phone, number)], "{text}");
        }
    }

    #[test]
    fn ordinary_numbers_are_not_phones() {
        for text in [
            "가격은 30,000원입니다",
            "2026-11-23 오후 3시",
            "18세 이상",
            "이사 오일 교환",
            "사업자번호 124-81-00998",
            "일이삼사오 했어요",
        ] {
            assert_eq!(finds(text), vec![], "{text}");
        }
    }

    #[test]
    fn account_numbers_need_bank_words() {
        assert_eq!(
            finds("국민은행 123456-78-901234 로 입금"),
            vec![(Detector::BankAccount, "123456-78-901234")]
        );
        assert_eq!(finds("주문번호 123456-78-901234"), vec![]);
    }

    #[test]
    fn emails_urls_and_chat_links() {
        assert_eq!(
            finds("abc123@naver.com"),
            vec![(Detector::Email, "abc123@naver.com")]
        );
        assert_eq!(
            finds("abc123 골뱅이 naver 점 com"),
            vec![(Detector::Email, "abc123 골뱅이 naver 점 com")]
        );
        assert_eq!(
            finds("https://open.kakao.com/o/sabc12 여기로"),
            vec![(Detector::OpenChat, "https://open.kakao.com/o/sabc12")]
        );
        assert_eq!(
            finds("www.example.com 보세요"),
            vec![(Detector::Url, "www.example.com")]
        );
        assert_eq!(
            finds("gosu-pro.kr/me 로 오세요"),
            vec![(Detector::Url, "gosu-pro.kr/me")]
        );
        assert_eq!(finds("1.5kg 정도, 3.5시간"), vec![]);
        // Each trigger word in its other spellings: brackets, capitals, repeated letters.
        assert_eq!(
            finds("gosu99 (at) daum (dot) net"),
            vec![(Detector::Email, "gosu99 (at) daum (dot) net")]
        );
        assert_eq!(
            finds("OPEN.KAKAO.COM/o/abc"),
            vec![(Detector::OpenChat, "OPEN.KAKAO.COM/o/abc")]
        );
        assert_eq!(
            finds("http://localhost:8080/x"),
            vec![(Detector::Url, "http://localhost:8080/x")]
        );
        assert_eq!(finds("my.app 받으세요"), vec![(Detector::Url, "my.app")]);
    }

    #[test]
    fn messenger_ids() {
        assert_eq!(
            finds("카톡 아이디 abc_123"),
            vec![(Detector::KakaoId, "abc_123")]
        );
        assert_eq!(
            finds("카톡아이디는 gosu99 입니다"),
            vec![(Detector::KakaoId, "gosu99")]
        );
        assert_eq!(finds("kakao: gosu99"), vec![(Detector::KakaoId, "gosu99")]);
        assert_eq!(finds("카톡으로 연락주세요"), vec![]);
        assert_eq!(
            finds("텔레그램 @gosu_pro"),
            vec![(Detector::MessengerId, "gosu_pro")]
        );
        assert_eq!(finds("admissions office"), vec![]);
    }

    #[test]
    fn a_number_word_before_a_phone_number_does_not_hide_it() {
        assert_eq!(
            finds("번호는 이 010-1234-5678"),
            vec![(Detector::Phone, "010-1234-5678")]
        );
    }
}
