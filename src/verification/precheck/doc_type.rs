//! Which document a page is, from every cue it gives, not its title alone: on real certificates
//! the large letter-spaced title is often lost to OCR (read as Latin garbage beside the header's
//! pattern), while the number's label and format, the taxpayer line, the issuing office and the
//! field labels survive. Each type sums the weights of its cues; a type is recognised at
//! [`RECOGNISED`].

use serde::{Deserialize, Serialize};

use crate::verification::model::DocumentType;

/// A type whose cues weigh this much is what the page is.
pub const RECOGNISED: u32 = 3;

/// What the page showed of one document type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeEvidence {
    pub document_type: DocumentType,
    /// The cues' weights added up.
    pub score: u32,
    /// The cues seen, as printed (`사업자등록증`, `개업연월일`, `세무서장`).
    pub cues: Vec<String>,
}

/// Where a cue is looked for.
#[derive(Clone, Copy)]
enum Seen {
    /// Anywhere, spacing ignored.
    Anywhere,
    /// Anywhere, spacing ignored, unless one of these longer titles holds it.
    Unless(&'static [&'static str]),
    /// At the start of a line (a label), spacing ignored.
    LineStart,
}

struct Cue {
    text: &'static str,
    document_type: DocumentType,
    weight: u32,
    seen: Seen,
}

const fn cue(text: &'static str, document_type: DocumentType, weight: u32, seen: Seen) -> Cue {
    Cue {
        text,
        document_type,
        weight,
        seen,
    }
}

use DocumentType::{BusinessRegistration as Registration, BusinessReport as Report, License};
use Seen::{Anywhere, LineStart, Unless};

/// Titles that hold a shorter, generic one (`등록증`, `허가증`).
const SPECIFIC_TITLES: &[&str] = &["사업자등록증", "영업등록증", "영업허가증", "영업신고증"];

/// Weights: a title or a mark only that document carries (the taxpayer line, the issuing tax
/// office, the act a permit is issued under) 2–3; a field label of that document 1.
const CUES: &[Cue] = &[
    cue("사업자등록증", Registration, 3, Anywhere),
    cue("법인사업자", Registration, 2, Anywhere),
    cue("일반과세자", Registration, 2, Anywhere),
    cue("간이과세자", Registration, 2, Anywhere),
    cue("면세사업자", Registration, 2, Anywhere),
    cue("세무서장", Registration, 2, Anywhere),
    cue("국세청", Registration, 1, Anywhere),
    cue("개업연월일", Registration, 1, Anywhere),
    cue("사업장소재지", Registration, 1, Anywhere),
    cue("본점소재지", Registration, 1, Anywhere),
    cue("법인등록번호", Registration, 1, Anywhere),
    cue("사업의종류", Registration, 1, Anywhere),
    cue("공동사업자", Registration, 1, Anywhere),
    cue("발급사유", Registration, 1, Anywhere),
    cue("영업신고증", Report, 3, Anywhere),
    cue("영업등록증", Report, 3, Anywhere),
    cue("영업허가증", Report, 3, Anywhere),
    cue("영업의종류", Report, 2, Anywhere),
    cue("영업소소재지", Report, 1, Anywhere),
    cue("영업소명칭", Report, 1, Anywhere),
    cue("신고번호", Report, 1, LineStart),
    cue("식품위생법", Report, 2, Anywhere),
    cue("공중위생관리법", Report, 2, Anywhere),
    cue("신고를하였음", Report, 1, Anywhere),
    cue("구청장", Report, 1, Anywhere),
    cue("군수", Report, 1, Anywhere),
    cue("면허증", License, 3, Anywhere),
    cue("자격증", License, 3, Anywhere),
    cue("허가증", License, 3, Unless(SPECIFIC_TITLES)),
    cue("등록증", License, 3, Unless(SPECIFIC_TITLES)),
    cue("면허번호", License, 2, LineStart),
    cue("자격번호", License, 2, LineStart),
    cue("자격종목", License, 1, LineStart),
    cue("면허의종류", License, 1, LineStart),
    cue("한국산업인력공단", License, 2, Anywhere),
    cue("취득하였음", License, 1, Anywhere),
    cue("합격하였음", License, 1, Anywhere),
];

/// The evidence for each type the page gives any, strongest first.
pub fn read_type(lines: &[String]) -> Vec<TypeEvidence> {
    let compact: Vec<String> = lines
        .iter()
        .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect())
        .collect();
    let mut found: Vec<TypeEvidence> = Vec::new();
    for cue in CUES {
        let seen = compact.iter().any(|line| match cue.seen {
            Anywhere => line.contains(cue.text),
            Unless(longer) => {
                line.contains(cue.text) && !longer.iter().any(|title| line.contains(title))
            }
            LineStart => line.trim_start_matches(is_edge_noise).starts_with(cue.text),
        });
        if seen {
            add(&mut found, cue.document_type, cue.weight, cue.text);
        }
    }
    // The number under its label in the tax office's format: the one field every certificate
    // has, and the one OCR reads best.
    if compact.iter().any(|line| registration_number_row(line)) {
        add(&mut found, Registration, 2, "등록번호 XXX-XX-XXXXX");
    }
    // A large title with one letter misread still names the document, when nothing exact did.
    if !found.iter().any(has_title) {
        if let Some((title, document_type)) = loose_title(&compact) {
            add(&mut found, document_type, 2, title);
        }
    }
    found.sort_by_key(|e| std::cmp::Reverse(e.score));
    found
}

fn add(found: &mut Vec<TypeEvidence>, document_type: DocumentType, weight: u32, cue: &str) {
    match found.iter_mut().find(|e| e.document_type == document_type) {
        Some(evidence) => {
            evidence.score += weight;
            evidence.cues.push(cue.to_owned());
        }
        None => found.push(TypeEvidence {
            document_type,
            score: weight,
            cues: vec![cue.to_owned()],
        }),
    }
}

/// The type the evidence names, if any reaches [`RECOGNISED`].
pub fn detected(evidence: &[TypeEvidence]) -> Option<DocumentType> {
    evidence
        .first()
        .filter(|e| e.score >= RECOGNISED)
        .map(|e| e.document_type)
}

/// How strongly the page speaks for `document_type`.
pub fn score_of(evidence: &[TypeEvidence], document_type: DocumentType) -> u32 {
    evidence
        .iter()
        .find(|e| e.document_type == document_type)
        .map_or(0, |e| e.score)
}

fn is_edge_noise(c: char) -> bool {
    matches!(
        c,
        '|' | '!' | '[' | ']' | 'ㅣ' | ':' | ';' | '.' | ',' | '\'' | '"'
    )
}

const TITLES: &[(&str, DocumentType)] = &[
    ("사업자등록증", Registration),
    ("영업신고증", Report),
    ("영업등록증", Report),
    ("영업허가증", Report),
];

fn has_title(evidence: &TypeEvidence) -> bool {
    evidence
        .cues
        .iter()
        .any(|cue| TITLES.iter().any(|(title, _)| cue == title))
}

/// A title read with one letter wrong (`사업자등룩증`), in the first lines where titles stand.
fn loose_title(compact: &[String]) -> Option<(&'static str, DocumentType)> {
    TITLES.iter().copied().find(|(title, _)| {
        let n = title.chars().count();
        compact.iter().take(8).any(|line| {
            let chars: Vec<char> = line.chars().collect();
            chars.windows(n.min(chars.len()).max(1)).any(|w| {
                strsim::normalized_levenshtein(&w.iter().collect::<String>(), title) >= 0.8
            })
        })
    })
}

/// `등록번호:124-81-00998` (spacing removed), not `법인등록번호`.
fn registration_number_row(compact: &str) -> bool {
    let line = compact.trim_start_matches(is_edge_noise);
    let Some(rest) = line.strip_prefix("등록번호") else {
        return false;
    };
    let digits: Vec<char> = rest
        .trim_start_matches([':', '：', '.'])
        .chars()
        .take(12)
        .collect();
    let shape: String = digits
        .iter()
        .map(|&c| match c {
            '0'..='9' => 'd',
            '-' | '–' | '—' | '‐' => '-',
            other => other,
        })
        .collect();
    shape.starts_with("ddd-dd-ddddd") || shape.starts_with("dddddddddd")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    fn detect(text: &str) -> Option<DocumentType> {
        detected(&read_type(&lines(text)))
    }

    #[test]
    fn titles_name_the_document_type() {
        assert_eq!(
            detect("사 업 자 등 록 증\n(법인사업자)"),
            Some(Registration)
        );
        assert_eq!(detect("사업자등록증명"), Some(Registration));
        assert_eq!(detect("영 업 신 고 증"), Some(Report));
        assert_eq!(detect("국가기술자격증"), Some(License));
        assert_eq!(detect("건설업 등록증"), Some(License));
        // One misread letter in the title, and the number's row.
        assert_eq!(
            detect("사 업 자 등 룩 증\n등록번호 : 124-81-00998"),
            Some(Registration)
        );
        assert_eq!(detect("점심 메뉴\n김치찌개"), None);
    }

    /// Tesseract often reads the tax office's header and letter-spaced title as Latin garbage;
    /// the rest of the page still says what it is.
    #[test]
    fn a_certificate_whose_title_was_lost_is_still_recognised() {
        let page = lines(
            "i} ay HE Al Sy Bo\n( 일 반 과 세 자 )\n등 록 번 호 : 220-81-62517\n상 호 : 가나 인테리어\n\
             성 명 : 홍 길 동 생 년 월 일 : 1980 년 02 월 03 일\n개 업 연 월 일 : 2020 년 03 월 15 일\n\
             사 업 장 소 재 지 : 서울특별시 강남구\n2024 년 01 월 02 일\n강 남 세 무 서 장",
        );
        let evidence = read_type(&page);
        assert_eq!(detected(&evidence), Some(Registration));
        assert!(score_of(&evidence, Registration) >= 7, "{evidence:?}");
        assert_eq!(score_of(&evidence, License), 0);
        assert_eq!(score_of(&evidence, Report), 0);
    }

    #[test]
    fn generic_titles_do_not_count_inside_specific_ones() {
        let evidence = read_type(&lines("사업자등록증\n영업허가증"));
        assert_eq!(score_of(&evidence, License), 0);
        assert_eq!(
            detected(&read_type(&lines("의료기기판매업 허가증"))),
            Some(License)
        );
    }

    #[test]
    fn a_business_report_and_a_licence_by_their_labels() {
        let report = lines(
            "제 2021-0012345 호\n대 표 자 : 김민준\n영업소 명칭 : 다온 식당\n영업의 종류 : 일반음식점영업\n\
             식품위생법 제37조제4항에 따라 영업의 신고를 하였음을 증명합니다.\n서울특별시 마포구청장",
        );
        assert_eq!(detect(&report.join("\n")), Some(Report));
        let licence = "자격번호 : 12345678\n자격종목 : 전기기사\n성 명 : 김민준\n한국산업인력공단";
        assert_eq!(detect(licence), Some(License));
    }

    #[test]
    fn the_corporate_number_row_is_not_the_business_number_row() {
        assert!(registration_number_row("등록번호:124-81-00998"));
        assert!(registration_number_row("|등록번호1248100998"));
        assert!(!registration_number_row("법인등록번호:130111-0006246"));
        assert!(!registration_number_row("등록번호:제2021-12호"));
    }
}
