//! 사업자등록증, individual and corporate layouts.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};

use super::{
    clean_value, label_of, normalise_digits, parse_date, person_name, spaced, strip_edge_noise,
};
use crate::verification::business_number::BusinessNumber;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationFields {
    /// As read, normalised to `XXX-XX-XXXXX`, whether or not its checksum holds.
    pub business_number: Option<String>,
    pub business_name: Option<String>,
    pub representative: Option<String>,
    pub opened_on: Option<NaiveDate>,
    pub address: Option<String>,
    pub business_type: Option<String>,
    pub business_item: Option<String>,
    pub issued_on: Option<NaiveDate>,
    pub corporate_registration_number: Option<String>,
    /// True when the page carries the corporate layout (법인명, 법인등록번호 or 본점소재지).
    pub corporate_layout: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Number,
    Name,
    CorporateName,
    Representative,
    Opened,
    Address,
    HeadOffice,
    Type,
    Item,
    CorporateNumber,
}

/// Labels as they appear with spaces removed; longer ones first so `법인등록번호` wins over
/// `등록번호`.
const LABELS: &[(&str, Label)] = &[
    ("법인등록번호", Label::CorporateNumber),
    ("법인명(단체명)", Label::CorporateName),
    ("법인명", Label::CorporateName),
    ("사업장소재지", Label::Address),
    ("본점소재지", Label::HeadOffice),
    ("개업연월일", Label::Opened),
    ("등록번호", Label::Number),
    ("대표자", Label::Representative),
    ("성명", Label::Representative),
    ("상호", Label::Name),
    ("업태", Label::Type),
    ("종목", Label::Item),
];

static BUSINESS_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{3})\s*-\s*(\d{2})\s*-\s*(\d{5})|\b(\d{10})\b").unwrap());
static CORPORATE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{6})\s*-\s*(\d{7})").unwrap());
static ITEM_LABEL: LazyLock<Regex> = LazyLock::new(|| spaced("종목"));
static CORPORATE_NUMBER_LABEL: LazyLock<Regex> = LazyLock::new(|| spaced("법인등록번호"));

fn corporate_number(text: &str) -> Option<String> {
    let text = normalise_digits(text);
    CORPORATE_NUMBER
        .captures(&text)
        .map(|c| format!("{}-{}", &c[1], &c[2]))
}

/// The business number in the text, normalised to `XXX-XX-XXXXX`: one whose checksum holds if
/// there is one, otherwise what was read, so the check can flag it.
pub fn find_business_number(text: &str) -> Option<String> {
    let text = normalise_digits(text);
    let candidates: Vec<String> = BUSINESS_NUMBER
        .captures_iter(&text)
        .map(|c| match c.get(4) {
            Some(all) => all.as_str().to_owned(),
            None => format!("{}{}{}", &c[1], &c[2], &c[3]),
        })
        .collect();
    let chosen = candidates
        .iter()
        .find(|d| BusinessNumber::parse(d).is_ok())
        .or(candidates.first())?;
    Some(format!(
        "{}-{}-{}",
        &chosen[..3],
        &chosen[3..5],
        &chosen[5..]
    ))
}

pub fn extract_registration(lines: &[String]) -> RegistrationFields {
    let mut fields = RegistrationFields::default();
    let mut dates_without_label = Vec::new();
    for line in strip_edge_noise(lines) {
        match label_of(line, LABELS) {
            Some((label, value)) => {
                let value_or_line = if value.is_empty() {
                    line
                } else {
                    value.as_str()
                };
                match label {
                    Label::Number => {
                        fields.business_number = fields
                            .business_number
                            .take()
                            .or_else(|| find_business_number(value_or_line))
                    }
                    Label::Name => fields.business_name = clean_value(&value),
                    Label::CorporateName => {
                        fields.corporate_layout = true;
                        fields.business_name = clean_value(&value);
                    }
                    Label::Representative => {
                        fields.representative = person_name(&value);
                    }
                    Label::Opened => {
                        // The tax office prints 법인등록번호 on the same row.
                        let (date, corporate) =
                            super::split_at_label(&value, &CORPORATE_NUMBER_LABEL);
                        fields.opened_on = parse_date(date);
                        if let Some(number) = corporate.and_then(corporate_number) {
                            fields.corporate_layout = true;
                            fields.corporate_registration_number = Some(number);
                        }
                    }
                    Label::Address => fields.address = clean_value(&value),
                    Label::HeadOffice => {
                        fields.corporate_layout = true;
                        fields.address = fields.address.take().or_else(|| clean_value(&value));
                    }
                    Label::Type => {
                        let (kind, item) = super::split_at_label(&value, &ITEM_LABEL);
                        fields.business_type = clean_value(kind);
                        if let Some(item) = item {
                            fields.business_item = clean_value(item);
                        }
                    }
                    Label::Item => fields.business_item = clean_value(&value),
                    Label::CorporateNumber => {
                        fields.corporate_layout = true;
                        fields.corporate_registration_number = fields
                            .corporate_registration_number
                            .take()
                            .or_else(|| corporate_number(&value));
                    }
                }
            }
            None => {
                if let Some(date) = parse_date(line) {
                    dates_without_label.push(date);
                }
            }
        }
    }
    if fields.business_number.is_none() {
        fields.business_number = find_business_number(&lines.join("\n"));
    }
    // The issue date stands alone near the foot of the page, above the tax office's name.
    fields.issued_on = dates_without_label.last().copied();
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn corporate_certificate() {
        let page = lines(
            "사 업 자 등 록 증\n(법인사업자)\n등록번호 : 124-81-00998\n법인명(단체명) : 삼성전자 주식회사\n\
             대 표 자 : 한종희\n개 업 연 월 일 : 1969 년 01 월 13 일   법인등록번호 : 130111-0006246\n\
             법인등록번호 : 130111-0006246\n사업장 소재지 : 경기도 수원시 영통구 삼성로 129\n\
             본 점 소 재 지 : 경기도 수원시 영통구 삼성로 129\n사업의 종류 :\n업 태 : 제조업   종 목 : 전자부품\n\
             발급사유 : 재발급\n2023 년 05 월 10 일\n수원세무서장",
        );
        let f = extract_registration(&page);
        assert_eq!(f.business_number.as_deref(), Some("124-81-00998"));
        assert_eq!(f.business_name.as_deref(), Some("삼성전자 주식회사"));
        assert_eq!(f.representative.as_deref(), Some("한종희"));
        assert_eq!(f.opened_on, NaiveDate::from_ymd_opt(1969, 1, 13));
        assert_eq!(
            f.corporate_registration_number.as_deref(),
            Some("130111-0006246")
        );
        assert_eq!(
            f.address.as_deref(),
            Some("경기도 수원시 영통구 삼성로 129")
        );
        assert_eq!(f.business_type.as_deref(), Some("제조업"));
        assert_eq!(f.business_item.as_deref(), Some("전자부품"));
        assert_eq!(f.issued_on, NaiveDate::from_ymd_opt(2023, 5, 10));
        assert!(f.corporate_layout);
    }

    #[test]
    fn individual_certificate_with_ocr_noise() {
        let page = lines(
            "사업자등록증\n(일반과세자)\n등 록 번 호 : l23—45—6789l\n상 호 : 홍길동 인테리어\n\
             성 명 : 홍길동   생 년 월 일 : 1980 년 02 월 03 일\n개업연월일 : 2O2O. 3. 15\n\
             사업장소재지 : 서울특별시 강남구 테헤란로 1\n업 태 : 건설업\n종 목 : 실내건축\n2024-01-02\n강남세무서장",
        );
        let f = extract_registration(&page);
        assert_eq!(f.business_number.as_deref(), Some("123-45-67891"));
        assert_eq!(f.business_name.as_deref(), Some("홍길동 인테리어"));
        assert_eq!(f.representative.as_deref(), Some("홍길동"));
        assert_eq!(f.opened_on, NaiveDate::from_ymd_opt(2020, 3, 15));
        assert_eq!(f.business_type.as_deref(), Some("건설업"));
        assert_eq!(f.business_item.as_deref(), Some("실내건축"));
        assert_eq!(f.issued_on, NaiveDate::from_ymd_opt(2024, 1, 2));
        assert!(!f.corporate_layout);
        assert_eq!(f.corporate_registration_number, None);
    }

    #[test]
    fn border_and_speck_noise_at_line_ends() {
        let page = lines(
            ": 사 업 자 등록증 |\n! 등 록 번호 : 378-81-74966 |\n: 법 인 명 (단체명) : 주식회사 다 온 전 기 |\n\
             | ! 대 표 자 : 김민준 ! ]\n| 2025 년 03 월 02 일 | |",
        );
        let f = extract_registration(&page);
        assert_eq!(f.business_number.as_deref(), Some("378-81-74966"));
        assert_eq!(f.business_name.as_deref(), Some("주식회사 다 온 전 기"));
        assert_eq!(f.representative.as_deref(), Some("김민준"));
        assert_eq!(f.issued_on, NaiveDate::from_ymd_opt(2025, 3, 2));
        assert!(f.corporate_layout);
    }

    #[test]
    fn number_without_label_and_invalid_checksums() {
        let f = extract_registration(&lines("어딘가에\n번호 220 81 62517 이 있다"));
        assert_eq!(
            f.business_number, None,
            "space-separated digits are not a number"
        );
        let f = extract_registration(&lines("아무 말\n2208162517"));
        assert_eq!(f.business_number.as_deref(), Some("220-81-62517"));
        // A misread number is still reported, so the checksum check can flag it.
        let f = extract_registration(&lines("등록번호 : 124-81-00997"));
        assert_eq!(f.business_number.as_deref(), Some("124-81-00997"));
        let f = extract_registration(&lines("등록번호 :"));
        assert_eq!(f.business_number, None);
    }

    #[test]
    fn label_matching_ignores_spacing_and_prefers_longer_labels() {
        assert_eq!(
            label_of("법 인 등 록 번 호 : 1", LABELS),
            Some((Label::CorporateNumber, "1".to_owned()))
        );
        assert_eq!(
            label_of("  상   호：가나다", LABELS),
            Some((Label::Name, "가나다".to_owned()))
        );
        assert_eq!(
            label_of("상호명 없음", LABELS).map(|(l, _)| l),
            Some(Label::Name)
        );
        assert_eq!(label_of("사업의 종류", LABELS), None);
        // Letters of spread labels misread by OCR.
        assert_eq!(
            label_of("개 업 A 월 일 :：:2008 년 06 월 07 일", LABELS),
            Some((Label::Opened, "2008 년 06 월 07 일".to_owned()))
        );
        assert_eq!(
            label_of("사 업 장 A 재 지 : 경기도", LABELS),
            Some((Label::Address, "경기도".to_owned()))
        );
        assert_eq!(label_of("상 품 : 가나", LABELS), None);
        let f = extract_registration(&lines(
            "개 업 연 월 일 : 2019 년 01 월 19 일 법 인 등 록 번호 :759892-1019920",
        ));
        assert_eq!(f.opened_on, NaiveDate::from_ymd_opt(2019, 1, 19));
        assert_eq!(
            f.corporate_registration_number.as_deref(),
            Some("759892-1019920")
        );
        assert!(f.corporate_layout);
    }
}
