//! The shipped policy against evasions, benign look-alikes and contact details in disguise.

use std::sync::LazyLock;

use super::model::{Action, SanctionKind, Severity};
use super::{assess, default_policy, file, Assessment, Scanner};

static SCANNER: LazyLock<Scanner> =
    LazyLock::new(|| Scanner::build(file::parse(&default_policy()).unwrap()).unwrap());

fn verdict(text: &str) -> Assessment {
    let v = assess(&SCANNER, text);
    for m in &v.matches {
        // Offsets are on character boundaries of the original text.
        assert!(
            text.is_char_boundary(m.start) && text.is_char_boundary(m.end) && m.start < m.end,
            "{text:?}: {m:?}"
        );
    }
    v
}

/// The categories hit and the original text each match covers.
fn hits(text: &str) -> Vec<(String, String)> {
    verdict(text)
        .matches
        .into_iter()
        .map(|m| (m.category, text[m.start..m.end].to_owned()))
        .collect()
}

fn caught(text: &str, category: &str) -> bool {
    hits(text).iter().any(|(c, _)| c == category)
}

#[test]
fn evasions_of_a_term_are_caught_and_point_at_the_users_characters() {
    for (text, covered) in [
        ("씨발", "씨발"),
        ("아 씨.발 진짜", "씨.발"),
        ("씨1발", "씨1발"),
        ("씨 발 놈아", "씨 발 놈아"),
        ("ㅆㅣㅂㅏㄹ", "ㅆㅣㅂㅏㄹ"),
        ("씨이이발", "씨이이발"),
        ("씨\u{200B}발", "씨\u{200B}발"),
        ("아 tlqkf", "tlqkf"),
        ("ㅅㅂ 뭐야", "ㅅㅂ"),
        ("ㅅ ㅂ", "ㅅ ㅂ"),
        ("what the FUUUCK", "FUUUCK"),
        ("ｆｕｃｋ off", "ｆｕｃｋ"),
        ("sh1t happens", "sh1t"),
    ] {
        let found = hits(text);
        assert!(
            found.iter().any(|(c, t)| c == "profanity" && t == covered),
            "{text:?}: {found:?}"
        );
    }
}

#[test]
fn benign_superstrings_and_ordinary_text_are_not_caught() {
    for text in [
        "시발점에서 출발합니다",
        "시발역 근처입니다",
        "우리 집 시바견 귀여워요",
        "게이머 출신입니다",
        "가격은 30,000원, 2026-11-23 방문 가능",
        "18세 이상만 신청 가능합니다",
        "오시 발표회 일정",
        "새끼손가락을 다쳤어요",
        "classic assistant",
        "내일 오후 3시에 뵙겠습니다",
        "견적 보내드렸습니다. 확인 부탁드려요",
    ] {
        let v = verdict(text);
        assert_eq!(v.action, Action::Allow, "{text:?}: {:?}", v.matches);
        assert!(v.matches.is_empty(), "{text:?}: {:?}", v.matches);
    }
}

#[test]
fn allow_words_suppress_only_what_they_cover() {
    assert!(!caught("시발점", "profanity"));
    assert!(caught("시발 놈", "profanity"));
    assert!(caught("시발점 시발", "profanity"));
}

#[test]
fn contact_details_in_disguise_are_caught() {
    for text in [
        "010-1234-5678로 연락주세요",
        "공일공 일이삼사 오육칠팔",
        "공1공.1234.5678",
        "０１０－１２３４－５６７８",
        "카톡 아이디 gosu_pro99",
        "abc123 골뱅이 naver 점 com 으로 메일",
        "https://open.kakao.com/o/sAbCdEf",
        "오픈 채팅으로 와요",
    ] {
        assert!(
            caught(text, "off_platform_contact"),
            "{text:?}: {:?}",
            hits(text)
        );
    }
    assert!(caught(
        "국민은행 123456-78-901234 로 입금",
        "off_platform_payment"
    ));
}

#[test]
fn intent_raises_and_reporting_lowers() {
    // Profanity is medium (flag); near 카톡으로 it is not raised (intent applies to all, but the
    // marker must be near) — contact details are high already; fraud is zero tolerance.
    let plain = verdict("직거래 가능해요");
    let eager = verdict("수수료 없이 직거래 하시죠");
    let payment = |v: &Assessment| {
        v.matches
            .iter()
            .find(|m| m.category == "off_platform_payment")
            .map(|m| m.severity)
    };
    assert_eq!(payment(&plain), Some(Severity::High));
    assert_eq!(payment(&eager), Some(Severity::Critical));
    assert!(
        eager
            .rules
            .contains(&"intent_raise:off_platform_payment".to_owned()),
        "{:?}",
        eager.rules
    );

    let reported = verdict("이 사람이 선입금 먼저 하라고 했어요 신고합니다");
    assert!(reported.zero_tolerance.is_none(), "{reported:?}");
    assert!(reported.rules.contains(&"intent_lower:fraud".to_owned()));
    assert!(reported.violations.is_empty());
    let quoted = verdict("상대가 \"씨발\" 이라고 썼어요");
    assert_eq!(quoted.matches[0].severity, Severity::Low);
}

#[test]
fn zero_tolerance_sanctions_at_once() {
    let v = verdict("예약금 먼저 입금해 주시면 바로 갑니다");
    assert_eq!(v.action, Action::Sanction);
    let (category, spec) = v.zero_tolerance.clone().unwrap();
    assert_eq!(category, "fraud");
    assert_eq!(spec.kind, SanctionKind::Ban);
    assert!(!spec.appealable);
    assert!(v.rules.contains(&"zero_tolerance:fraud".to_owned()));
}

#[test]
fn severities_map_to_actions() {
    assert_eq!(verdict("씨발").action, Action::Flag);
    assert_eq!(verdict("010-1234-5678").action, Action::Block);
    assert_eq!(verdict("안녕하세요").action, Action::Allow);
}

#[test]
fn frequency_steps_fire_at_their_counts_and_the_last_repeats() {
    let policy = &SCANNER.policy;
    let rule = policy
        .frequency
        .iter()
        .find(|r| r.id == "off_platform_contact_repeat")
        .unwrap();
    assert!(rule.step_for(1).is_none());
    assert_eq!(rule.step_for(2).unwrap().sanction.kind, SanctionKind::Warn);
    assert_eq!(
        rule.step_for(3).unwrap().sanction.kind,
        SanctionKind::Restrict
    );
    assert!(rule.step_for(4).is_none());
    assert_eq!(
        rule.step_for(9).unwrap().sanction.kind,
        SanctionKind::Suspend
    );
}

/// Random text from an alphabet rich in what the normaliser handles must never panic and must
/// always produce spans on character boundaries (the fuzz target does the same, unguided).
#[test]
fn random_text_never_panics_and_spans_stay_on_boundaries() {
    use rand::{Rng, SeedableRng};
    let alphabet: Vec<char> =
        "씨발시ㅅㅂㅆㅣㅏㄹ ㅡ.1-0공일이삼사오육칠팔구 fuckFUCKsh!t@$tlqkf\u{200B}\u{FEFF}ＡＢａ①가각힣ㄳㅘ\"“”「」\n\té🙂카톡아이디abc_.:/openkakao.com골뱅이점…～KＫİ㈜ﾱﾲ"
            .chars()
            .collect();
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    for _ in 0..20_000 {
        let len = rng.random_range(0..40);
        let text: String = (0..len)
            .map(|_| alphabet[rng.random_range(0..alphabet.len())])
            .collect();
        verdict(&text);
    }
}

#[test]
fn frequency_ladder_escalates_with_history_and_the_heaviest_sanction_wins() {
    use super::verdict::{decide, MemoryHistory};
    let mut history = MemoryHistory::default();
    let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 1)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let mut kinds = Vec::new();
    for day in 0..6 {
        let at = start + chrono::Duration::days(day);
        let d = decide(
            &SCANNER,
            "010-1234-5678 로 연락주세요",
            "u1",
            at,
            &mut history,
        )
        .unwrap();
        kinds.push(d.sanction.map(|s| (s.spec.kind, s.rule)));
    }
    assert_eq!(kinds[0], None);
    assert_eq!(
        kinds[1],
        Some((
            SanctionKind::Warn,
            "frequency:off_platform_contact_repeat:2".into()
        ))
    );
    assert_eq!(kinds[2].as_ref().unwrap().0, SanctionKind::Restrict);
    assert_eq!(kinds[3], None);
    assert_eq!(kinds[4].as_ref().unwrap().0, SanctionKind::Suspend);
    // Another user starts from nothing; hits outside the window no longer count.
    let d = decide(&SCANNER, "010-1234-5678", "u2", start, &mut history).unwrap();
    assert!(d.sanction.is_none());
    let later = start + chrono::Duration::days(60);
    let d = decide(&SCANNER, "010-1234-5678", "u1", later, &mut history).unwrap();
    assert!(d.sanction.is_none(), "{d:?}");
    // Zero tolerance outweighs a warning.
    let d = decide(
        &SCANNER,
        "010-1234-5678 예약금 먼저 입금 부탁",
        "u2",
        start,
        &mut history,
    )
    .unwrap();
    assert_eq!(d.sanction.unwrap().spec.kind, SanctionKind::Ban);
    assert_eq!(d.assessment.action, Action::Sanction);
}

/// Past 5,000 words the automaton is an NFA instead of a DFA; both must find the same things.
#[test]
fn a_long_term_list_finds_what_a_short_one_does() {
    let mut policy = file::parse(&default_policy()).unwrap();
    let profanity = policy
        .categories
        .iter_mut()
        .find(|c| c.id == "profanity")
        .unwrap();
    let template = profanity.terms[0].clone();
    // Made-up three-syllable words from one corner of the syllable block, none of them in the texts.
    for n in 0..6_000u32 {
        let text: String = [0xD000 + n % 1_000, 0xD400 + n / 1_000, 0xD700]
            .iter()
            .map(|&c| char::from_u32(c).unwrap())
            .collect();
        profanity.terms.push(file::Term {
            text,
            ..template.clone()
        });
    }
    let long = Scanner::build(policy).unwrap();
    let texts = [
        "아 씨.발 진짜",
        "ㅆㅣㅂㅏㄹ",
        "아 tlqkf",
        "010-1234-5678 로 문자",
        "카톡 아이디 gosu_pro99 로 연락",
        "시발점에서 출발",
    ];
    for text in texts {
        assert_eq!(
            assess(&long, text).matches,
            verdict(text).matches,
            "{text:?}"
        );
    }
    let made_up: String = ['\u{D000}', '\u{D400}', '\u{D700}'].iter().collect();
    assert!(assess(&long, &format!("이 {made_up} 뭐야"))
        .matches
        .iter()
        .any(|m| m.category == "profanity"));
}

#[test]
fn latin_words_spelt_with_fillers_symbols_and_stars_are_caught() {
    for (text, covered) in [
        ("f1u1c1k you", "f1u1c1k"),
        ("f@u@c@k", "f@u@c@k"),
        ("s@h@i@t", "s@h@i@t"),
        ("$h1t happens", "$h1t"),
        ("f*ck off", "f*ck"),
        ("what the f**k", "f**k"),
    ] {
        assert!(
            hits(text)
                .iter()
                .any(|(c, t)| c == "profanity" && t == covered),
            "{text}: {:?}",
            hits(text)
        );
    }
    for benign in [
        "$100 deposit",
        "email me @ noon",
        "5*3 = 15",
        "f*x",
        "a*b*c",
    ] {
        assert!(hits(benign).is_empty(), "{benign}: {:?}", hits(benign));
    }
}

#[test]
fn the_shipped_term_files_catch_insults_the_inline_terms_missed() {
    for text in [
        "개소리 하지마",
        "대가리 비었냐",
        "느금마 ㅋㅋ",
        "이 버러지 같은",
    ] {
        assert!(caught(text, "insult"), "{text}: {:?}", hits(text));
    }
    for benign in [
        "새끼손가락 다쳤어요",
        "고양이가 새끼를 낳았어요",
        "쓰레기통 비워주세요",
        "미친 듯이 바빴어요",
    ] {
        assert!(hits(benign).is_empty(), "{benign}: {:?}", hits(benign));
    }
}

#[test]
fn two_ordinary_words_across_a_space_are_not_a_term_spelt_out() {
    for benign in ["병 신청서 냈어요", "오시 발표 봤어요"] {
        assert!(hits(benign).is_empty(), "{benign}: {:?}", hits(benign));
    }
    // 개새 is a clipped insult of its own; 끼니 (a meal) does not make it 개새끼.
    assert_eq!(
        hits("개새 끼니 챙겨 먹어"),
        [("insult".to_owned(), "개새".to_owned())]
    );
    for (text, covered) in [
        ("씨 발", "씨 발"),
        ("병 신", "병 신"),
        ("씨 발놈아", "씨 발놈아"),
        ("개 새끼야", "새끼"),
    ] {
        assert!(
            hits(text).iter().any(|(_, t)| t == covered),
            "{text}: {:?}",
            hits(text)
        );
    }
}

#[test]
fn the_learned_score_flags_for_a_person_and_never_sanctions() {
    let source = "version = 1\nname = \"x\"\n[[category]]\nid = \"a\"\nseverity = \"critical\"\nzero_tolerance = true\nterms = [\"바보\"]\n\
                  [score]\nweights_file = \"w.tsv\"\nthreshold = 0.5\n";
    let weights = |_: &str| Ok("bias\t-2\n3.0\t멍멍\n".to_owned());
    let scanner =
        Scanner::build(file::parse(&file::bundle(source, weights).unwrap()).unwrap()).unwrap();
    let flagged = assess(&scanner, "이 멍멍아");
    assert_eq!(flagged.action, Action::Flag);
    assert_eq!(
        (flagged.matches.len(), flagged.matches[0].category.as_str()),
        (1, "abuse_score")
    );
    assert_eq!(
        (flagged.matches[0].start, flagged.matches[0].end),
        (0, "이 멍멍아".len())
    );
    assert!(
        flagged
            .rules
            .iter()
            .any(|r| r.starts_with("abuse_score:0.")),
        "{:?}",
        flagged.rules
    );
    assert!(
        flagged.violations.is_empty() && flagged.zero_tolerance.is_none(),
        "the score counts towards no rule"
    );
    assert_eq!(scanner.explain_score("이 멍멍아", 3)[0].pair, "멍멍");
    assert_eq!(assess(&scanner, "안녕하세요").action, Action::Allow);
    // With a word that sanctions, the words decide; the score only adds its match.
    let both = assess(&scanner, "멍멍 바보");
    assert_eq!(both.action, Action::Sanction);
    assert_eq!(
        both.matches
            .iter()
            .map(|m| m.category.as_str())
            .collect::<Vec<_>>(),
        ["a", "abuse_score"]
    );
}
