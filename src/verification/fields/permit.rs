//! 영업신고증 (business report certificates) and professional licences: what they carry is a
//! name, a holder, a number and dates, under labels that vary by issuing authority.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    clean_value, label_of, normalise_digits, parse_date, parse_dates, person_name, strip_edge_noise,
};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermitFields {
    /// The business as named on the certificate (영업소 명칭, 상호).
    pub business_name: Option<String>,
    /// The representative or licence holder (대표자, 성명).
    pub representative: Option<String>,
    /// 신고번호, 허가번호, 면허번호, 자격번호 or 등록번호, as read.
    pub number: Option<String>,
    /// What the licence is for (자격종목, 면허의 종류), or the document's title line.
    pub license_name: Option<String>,
    pub business_kind: Option<String>,
    pub address: Option<String>,
    pub issued_on: Option<NaiveDate>,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Name,
    Representative,
    Number,
    LicenseName,
    Kind,
    Address,
    Issued,
    Validity,
    Expiry,
    Ignored,
}

/// With spaces removed, longer first where one label starts another.
const LABELS: &[(&str, Label)] = &[
    ("영업소명칭", Label::Name),
    ("영업소소재지", Label::Address),
    ("영업의종류", Label::Kind),
    ("유효기간만료일", Label::Expiry),
    ("유효기간", Label::Validity),
    ("만료일", Label::Expiry),
    ("발급연월일", Label::Issued),
    ("발급일자", Label::Issued),
    ("발급일", Label::Issued),
    ("교부일", Label::Issued),
    ("신고일", Label::Issued),
    ("등록일", Label::Issued),
    ("합격연월일", Label::Ignored),
    ("생년월일", Label::Ignored),
    ("신고번호", Label::Number),
    ("허가번호", Label::Number),
    ("면허번호", Label::Number),
    ("자격번호", Label::Number),
    ("등록번호", Label::Number),
    ("자격종목", Label::LicenseName),
    ("면허의종류", Label::LicenseName),
    ("면허종류", Label::LicenseName),
    ("종목", Label::LicenseName),
    ("업종", Label::Kind),
    ("소재지", Label::Address),
    ("주소", Label::Address),
    ("대표자", Label::Representative),
    ("성명", Label::Representative),
    ("상호", Label::Name),
    ("명칭", Label::Name),
];

/// Title words of licences and certificates; a line holding one names the document.
const TITLE_WORDS: &[&str] = &["면허증", "자격증", "허가증", "등록증", "신고증", "수첩"];

pub fn extract_permit(lines: &[String]) -> PermitFields {
    let mut fields = PermitFields::default();
    let mut title = None;
    let mut dates_without_label = Vec::new();
    for line in strip_edge_noise(lines) {
        let Some((label, value)) = label_of(line, LABELS) else {
            let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            if title.is_none() && TITLE_WORDS.iter().any(|w| compact.contains(w)) {
                title = clean_value(line);
            } else if let Some(date) = parse_date(line) {
                dates_without_label.push(date);
            }
            continue;
        };
        let keep = |slot: &mut Option<String>, value: Option<String>| {
            if slot.is_none() {
                *slot = value;
            }
        };
        match label {
            Label::Name => keep(&mut fields.business_name, clean_value(&value)),
            Label::Representative => keep(&mut fields.representative, person_name(&value)),
            Label::Number => keep(&mut fields.number, clean_value(&normalise_digits(&value))),
            Label::LicenseName => keep(&mut fields.license_name, clean_value(&value)),
            Label::Kind => keep(&mut fields.business_kind, clean_value(&value)),
            Label::Address => keep(&mut fields.address, clean_value(&value)),
            Label::Issued => fields.issued_on = fields.issued_on.or_else(|| parse_date(&value)),
            Label::Validity => match parse_dates(&value)[..] {
                [from, until, ..] => {
                    (fields.valid_from, fields.valid_until) = (Some(from), Some(until))
                }
                [until] => fields.valid_until = Some(until),
                [] => {}
            },
            Label::Expiry => fields.valid_until = fields.valid_until.or_else(|| parse_date(&value)),
            Label::Ignored => {}
        }
    }
    fields.license_name = fields.license_name.or(title);
    // Certificates end with the date they were issued, above the issuing office.
    fields.issued_on = fields.issued_on.or(dates_without_label.last().copied());
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn business_report_certificate() {
        let f = extract_permit(&lines(
            "영 업 신 고 증\n대 표 자 : 김영희   생년월일 : 1975-04-02\n영업소 명칭 : 영희네 청소\n\
             영업소 소재지 : 서울특별시 마포구 월드컵로 10\n영업의 종류 : 위생관리용역업\n\
             신고번호 : 제2021-3130000-O0123호\n위와 같이 영업의 신고를 하였음을 증명합니다.\n2021년 6월 1일\n서울특별시 마포구청장",
        ));
        assert_eq!(f.representative.as_deref(), Some("김영희"));
        assert_eq!(f.business_name.as_deref(), Some("영희네 청소"));
        assert_eq!(f.address.as_deref(), Some("서울특별시 마포구 월드컵로 10"));
        assert_eq!(f.business_kind.as_deref(), Some("위생관리용역업"));
        assert_eq!(f.number.as_deref(), Some("제2021-3130000-00123호"));
        assert_eq!(f.issued_on, NaiveDate::from_ymd_opt(2021, 6, 1));
        assert_eq!(f.license_name.as_deref(), Some("영 업 신 고 증"));
        assert_eq!(f.valid_until, None);
    }

    #[test]
    fn licence_with_validity_period() {
        let f = extract_permit(&lines(
            "국가기술자격증\n자격번호 : 15201234567A\n자격종목 : 전기기사\n성 명 : 박철수\n합격연월일 : 2015.06.30\n\
             발급연월일 : 2015.07.10\n유효기간 : 2023.01.01 ~ 2025.12.31\n한국산업인력공단",
        ));
        assert_eq!(f.number.as_deref(), Some("15201234567A"));
        assert_eq!(f.license_name.as_deref(), Some("전기기사"));
        assert_eq!(f.representative.as_deref(), Some("박철수"));
        assert_eq!(f.issued_on, NaiveDate::from_ymd_opt(2015, 7, 10));
        assert_eq!(f.valid_from, NaiveDate::from_ymd_opt(2023, 1, 1));
        assert_eq!(f.valid_until, NaiveDate::from_ymd_opt(2025, 12, 31));
    }
}
