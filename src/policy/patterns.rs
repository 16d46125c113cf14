//! Detectors for contact and payment details in their disguises: phone and account numbers
//! spelt with Hangul digits (공일공) and separators, e-mail addresses with 골뱅이 and 점, web and
//! open-chat links, KakaoTalk and other messenger IDs. They run on the folded view.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

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

/// A detector's find, as a byte range of the folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub detector: Detector,
    pub start: usize,
    pub end: usize,
}

// ASCII word boundaries: a Unicode `\b` would push the regex engine off its fast path on Hangul.
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[a-z0-9._%+-]{1,64}\s*(?:@|골뱅이|\(at\)|\[at\])\s*[a-z0-9-]{1,63}(?:\s*(?:\.|점|닷|\(dot\))\s*[a-z]{2,10}){1,3}")
        .expect("valid e-mail pattern")
});
static OPEN_CHAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:https?://)?open\.kakao\.com/(?:o|me)/[a-z0-9_-]+").expect("valid open-chat pattern")
});
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:https?://|www\.)[^\s<>"']+|(?-u:\b)[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63})*\.(?:com|net|org|kr|me|io|ly|gl|link|site|xyz|shop|info|biz|app|page|to|gg|tv)(?-u:\b)(?:/[^\s<>"']*)?"#,
    )
    .expect("valid URL pattern")
});
static KAKAO_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:카카오톡|카카오|카톡|ㅋㅌ|ㅋㅋㅇㅌ|(?-u:\b)(?:kakaotalk|kakao|katalk))\s*(?:아이디|id|아디|아뒤)?\s*(?:는|은|:|=)?\s*[:=]?\s*([a-z][a-z0-9_.-]{3,19})")
        .expect("valid KakaoTalk ID pattern")
});
static MESSENGER_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:텔레그램|텔레|라인|인스타그램|인스타|디엠|(?-u:\b)(?:telegram|instagram|insta|dm))\s*(?:아이디|id)?\s*(?:는|은)?\s*[:=]?\s*@?([a-z][a-z0-9_.]{3,29})")
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
    c.is_whitespace() || matches!(c, '-' | '.' | '(' | ')' | '/' | '_' | '~' | '*' | ',' | '+' | '·' | '#' | ':')
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
    (7..=8).contains(&subscriber.min(8)).then(|| offset + prefix + subscriber.min(8))
}

/// Finds phone and account numbers: runs of digits (Arabic or Hangul) with separators between.
fn numbers(text: &str, out: &mut Vec<Found>) {
    let mut run = Run::default();
    for (i, c) in text.char_indices() {
        if let Some(d) = digit(c) {
            run.arabic += usize::from(c.is_ascii_digit());
            run.group_start.push(run.digits.is_empty() || run.gap > 0);
            run.digits.push(d);
            run.starts.push(i);
            run.ends.push(i + c.len_utf8());
            run.gap = 0;
        } else if !run.digits.is_empty() && is_number_separator(c) && run.gap < 3 {
            run.gap += 1;
        } else if !run.digits.is_empty() {
            run.finish(text, out);
        }
    }
    run.finish(text, out);
}

/// Digits read so far in one run, with where each came from.
#[derive(Default)]
struct Run {
    digits: Vec<u8>,
    starts: Vec<usize>,
    ends: Vec<usize>,
    /// Whether a separator (or the run's start) comes before each digit.
    group_start: Vec<bool>,
    gap: usize,
    arabic: usize,
}

impl Run {
    fn finish(&mut self, text: &str, out: &mut Vec<Found>) {
        // Hangul digits alone must spell a whole number; a few in a row are ordinary words.
        if self.digits.len() >= 9 && (self.arabic > 0 || self.digits.len() >= 10) {
            // A number word just before the number (이 010…) joins the run: try each group.
            let phone = (0..self.digits.len())
                .filter(|&k| self.group_start[k])
                .find_map(|k| phone_length(&self.digits[k..]).map(|n| (k, k + n)));
            let last = self.ends[self.ends.len() - 1];
            if let Some((k, n)) = phone {
                out.push(Found { detector: Detector::Phone, start: self.starts[k], end: self.ends[n - 1] });
            } else if (10..=16).contains(&self.digits.len()) && near_bank_words(text, self.starts[0], last) {
                out.push(Found { detector: Detector::BankAccount, start: self.starts[0], end: last });
            }
        }
        *self = Run::default();
    }
}

fn near_bank_words(text: &str, start: usize, end: usize) -> bool {
    let mut from = start.saturating_sub(60);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + 60).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let window = &text[from..to];
    BANK_CONTEXT.iter().any(|w| window.contains(w))
}

fn regex_finds(re: &Regex, detector: Detector, text: &str, out: &mut Vec<Found>) {
    if re.captures_len() > 1 {
        // Groups cost a slower engine; run it only where the fast search found something.
        for found in re.find_iter(text) {
            if let Some(m) = re.captures_at(text, found.start()).and_then(|caps| caps.get(1)) {
                out.push(Found { detector, start: m.start(), end: m.end() });
            }
        }
    } else {
        out.extend(re.find_iter(text).map(|m| Found { detector, start: m.start(), end: m.end() }));
    }
}

/// Literals without which a detector cannot match, so most texts skip most detectors. Numbers
/// need an Arabic digit or a Hangul zero (every phone number has one; an account number spelt
/// wholly in Hangul digits without a zero is missed). Single bytes are looked for with plain byte
/// searches; the words with one automaton.
static TRIGGER_WORDS: LazyLock<(AhoCorasick, Vec<u8>)> = LazyLock::new(|| {
    let words: [(&str, u8); 18] = [
        ("공", NUMBER),
        ("영", NUMBER),
        ("빵", NUMBER),
        ("골뱅이", EMAIL_TRIGGER),
        ("(at)", EMAIL_TRIGGER),
        ("[at]", EMAIL_TRIGGER),
        ("open.kakao", OPEN_CHAT_TRIGGER),
        ("카", KAKAO_TRIGGER),
        ("kakao", KAKAO_TRIGGER),
        ("katalk", KAKAO_TRIGGER),
        ("ㅋ", KAKAO_TRIGGER),
        ("텔레", MESSENGER_TRIGGER),
        ("라인", MESSENGER_TRIGGER),
        ("인스타", MESSENGER_TRIGGER),
        ("디엠", MESSENGER_TRIGGER),
        ("telegram", MESSENGER_TRIGGER),
        ("insta", MESSENGER_TRIGGER),
        ("dm", MESSENGER_TRIGGER),
    ];
    // Overlapping, so "open.kakao" also counts as "kakao".
    let automaton = AhoCorasick::new(words.iter().map(|w| w.0)).expect("valid trigger words");
    (automaton, words.iter().map(|w| w.1).collect())
});
const NUMBER: u8 = 1;
const EMAIL_TRIGGER: u8 = 2;
const OPEN_CHAT_TRIGGER: u8 = 4;
const URL_TRIGGER: u8 = 8;
const KAKAO_TRIGGER: u8 = 16;
const MESSENGER_TRIGGER: u8 = 32;

fn triggers(text: &str) -> u8 {
    let bytes = text.as_bytes();
    let mut found = 0;
    if bytes.iter().any(u8::is_ascii_digit) {
        found |= NUMBER;
    }
    if bytes.contains(&b'@') {
        found |= EMAIL_TRIGGER;
    }
    if bytes.contains(&b'.') {
        found |= URL_TRIGGER;
    }
    let (automaton, flags) = &*TRIGGER_WORDS;
    for m in automaton.find_overlapping_iter(text) {
        found |= flags[m.pattern().as_usize()];
    }
    found
}

/// Runs the enabled detectors over the folded text. Where finds overlap, the more specific one
/// wins (an open-chat link over a URL, an e-mail address over the domain inside it).
pub fn detect(text: &str, enabled: &[Detector], out: &mut Vec<Found>) {
    let on = |d: Detector| enabled.contains(&d);
    let start = out.len();
    let found = triggers(text);
    let triggered = |flag: u8| found & flag != 0;
    if (on(Detector::Phone) || on(Detector::BankAccount)) && triggered(NUMBER) {
        numbers(text, out);
        let keep_phone = on(Detector::Phone);
        let keep_account = on(Detector::BankAccount);
        out.retain(|f| match f.detector {
            Detector::Phone => keep_phone,
            Detector::BankAccount => keep_account,
            _ => true,
        });
    }
    if on(Detector::Email) && triggered(EMAIL_TRIGGER) {
        regex_finds(&EMAIL, Detector::Email, text, out);
    }
    if on(Detector::OpenChat) && triggered(OPEN_CHAT_TRIGGER) {
        regex_finds(&OPEN_CHAT, Detector::OpenChat, text, out);
    }
    if on(Detector::Url) && triggered(URL_TRIGGER) {
        regex_finds(&URL, Detector::Url, text, out);
    }
    if on(Detector::KakaoId) && triggered(KAKAO_TRIGGER) {
        regex_finds(&KAKAO_ID, Detector::KakaoId, text, out);
    }
    if on(Detector::MessengerId) && triggered(MESSENGER_TRIGGER) {
        regex_finds(&MESSENGER_ID, Detector::MessengerId, text, out);
    }
    // A URL inside an e-mail address or an open-chat link is the same find, less precisely.
    let specific: Vec<(usize, usize)> = out[start..]
        .iter()
        .filter(|f| matches!(f.detector, Detector::Email | Detector::OpenChat))
        .map(|f| (f.start, f.end))
        .collect();
    let mut i = start;
    while i < out.len() {
        let f = out[i];
        if f.detector == Detector::Url && specific.iter().any(|&(s, e)| s < f.end && f.start < e) {
            out.remove(i);
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(text: &str) -> Vec<(Detector, &str)> {
        let mut out = Vec::new();
        detect(text, Detector::ALL, &mut out);
        out.iter().map(|f| (f.detector, &text[f.start..f.end])).collect()
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
        assert_eq!(finds("국민은행 123456-78-901234 로 입금"), vec![(Detector::BankAccount, "123456-78-901234")]);
        assert_eq!(finds("주문번호 123456-78-901234"), vec![]);
    }

    #[test]
    fn emails_urls_and_chat_links() {
        assert_eq!(finds("abc123@naver.com"), vec![(Detector::Email, "abc123@naver.com")]);
        assert_eq!(finds("abc123 골뱅이 naver 점 com"), vec![(Detector::Email, "abc123 골뱅이 naver 점 com")]);
        assert_eq!(
            finds("https://open.kakao.com/o/sabc12 여기로"),
            vec![(Detector::OpenChat, "https://open.kakao.com/o/sabc12")]
        );
        assert_eq!(finds("www.example.com 보세요"), vec![(Detector::Url, "www.example.com")]);
        assert_eq!(finds("gosu-pro.kr/me 로 오세요"), vec![(Detector::Url, "gosu-pro.kr/me")]);
        assert_eq!(finds("1.5kg 정도, 3.5시간"), vec![]);
    }

    #[test]
    fn messenger_ids() {
        assert_eq!(finds("카톡 아이디 abc_123"), vec![(Detector::KakaoId, "abc_123")]);
        assert_eq!(finds("카톡아이디는 gosu99 입니다"), vec![(Detector::KakaoId, "gosu99")]);
        assert_eq!(finds("kakao: gosu99"), vec![(Detector::KakaoId, "gosu99")]);
        assert_eq!(finds("카톡으로 연락주세요"), vec![]);
        assert_eq!(finds("텔레그램 @gosu_pro"), vec![(Detector::MessengerId, "gosu_pro")]);
        assert_eq!(finds("admissions office"), vec![]);
    }

    #[test]
    fn a_number_word_before_a_phone_number_does_not_hide_it() {
        assert_eq!(finds("번호는 이 010-1234-5678"), vec![(Detector::Phone, "010-1234-5678")]);
    }
}
