//! Generates test documents: 사업자등록증 (corporate and individual), 영업신고증 and licences,
//! rendered with Debian's NanumGothic at 300 DPI on A4, then given a style: clean, rotated,
//! noisy, low-resolution or photographed-looking. Deterministic for a seed, so a failure can be
//! reproduced. Used by the integration tests and by `benches/precheck.rs` (which can also write
//! the set to a folder to look at).

#![allow(dead_code)] // Each user of this module uses part of it.

pub mod pdf;

use std::io::Cursor;

use ab_glyph::{FontVec, PxScale};
use checkpoint::verification::business_number::BusinessNumber;
use checkpoint::verification::model::Claimed;
use chrono::NaiveDate;
use image::imageops::{self, FilterType};
use image::{DynamicImage, GrayImage, ImageFormat, Luma, Rgb, RgbImage};
use imageproc::geometric_transformations::{
    rotate_about_center, warp_into, Interpolation, Projection,
};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

pub const FONT: &str = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf";
/// A4 at 300 DPI.
pub const PAGE: (u32, u32) = (2480, 3508);

pub fn font() -> FontVec {
    let bytes = std::fs::read(FONT).expect("fonts-nanum is installed by scripts/install-deps.sh");
    FontVec::try_from_vec(bytes).expect("NanumGothic parses")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Corporate,
    Individual,
    BusinessReport,
    License,
}

/// The values printed on a generated document: the ground truth for accuracy.
#[derive(Debug, Clone)]
pub struct Certificate {
    pub layout: Layout,
    pub business_number: String,
    pub business_name: String,
    pub representative: String,
    pub opened_on: NaiveDate,
    pub address: String,
    pub corporate_number: Option<String>,
    /// A corporation's branch, printed after its name on the tax office's form.
    pub branch: Option<String>,
    /// An individual's date of birth, printed beside their name on the tax office's form.
    pub born_on: NaiveDate,
    pub issued_on: NaiveDate,
    /// Licences and business reports.
    pub permit_number: String,
    pub license_name: String,
    pub valid_until: Option<NaiveDate>,
}

const SURNAMES: &[&str] = &[
    "김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권",
];
const GIVEN: &[&str] = &[
    "민준", "서연", "도윤", "지우", "하준", "서윤", "시우", "지민", "예준", "수아", "현우", "지호",
    "유진", "승민",
];
const COMPANY: &[&str] = &[
    "한빛", "푸른", "새솔", "다온", "미래", "누리", "가람", "해솔", "온새", "별빛", "우리", "든솔",
];
const TRADE: &[&str] = &[
    "인테리어",
    "청소",
    "이사",
    "디자인",
    "컨설팅",
    "테크",
    "설비",
    "전기",
    "교육",
    "건축",
];
const CITIES: &[&str] = &[
    "서울특별시 강남구 테헤란로",
    "서울특별시 마포구 월드컵로",
    "부산광역시 해운대구 센텀로",
    "경기도 성남시 분당구 판교로",
    "대구광역시 수성구 동대구로",
];
const OFFICES: &[&str] = &[
    "강남세무서장",
    "마포세무서장",
    "해운대세무서장",
    "분당세무서장",
    "수성세무서장",
];
const BRANCHES: &[&str] = &["판교지점", "부산지점", "강남지점", "대전지사"];
const LICENSES: &[&str] = &[
    "전기기사",
    "정보처리기사",
    "건축기사",
    "실내건축기사",
    "가스기능사",
];

fn date(rng: &mut StdRng, from_year: i32, to_year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(
        rng.random_range(from_year..=to_year),
        rng.random_range(1..=12),
        rng.random_range(1..=28),
    )
    .unwrap()
}

fn digits(rng: &mut StdRng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect()
}

/// A valid business number whose middle code fits the layout.
fn business_number(rng: &mut StdRng, layout: Layout) -> String {
    let middle = match layout {
        Layout::Corporate => *[81u32, 86, 87, 88].choose(rng).unwrap(),
        _ => rng.random_range(1..=79),
    };
    let stem = format!("{}{:02}{}", digits(rng, 3), middle, digits(rng, 4));
    (0..10)
        .map(|check| format!("{stem}{check}"))
        .find_map(|d| BusinessNumber::parse(&d).ok())
        .expect("one check digit fits")
        .to_string()
}

pub fn random_certificate(seed: u64, layout: Layout) -> Certificate {
    let mut rng = StdRng::seed_from_u64(seed);
    let person = format!(
        "{}{}",
        SURNAMES.choose(&mut rng).unwrap(),
        GIVEN.choose(&mut rng).unwrap()
    );
    let trade = format!(
        "{}{}",
        COMPANY.choose(&mut rng).unwrap(),
        TRADE.choose(&mut rng).unwrap()
    );
    let business_name = if layout == Layout::Corporate {
        format!("주식회사 {trade}")
    } else {
        trade
    };
    let opened_on = date(&mut rng, 2005, 2022);
    Certificate {
        layout,
        business_number: business_number(&mut rng, layout),
        business_name,
        representative: person,
        opened_on,
        address: format!(
            "{} {}",
            CITIES.choose(&mut rng).unwrap(),
            rng.random_range(1..400)
        ),
        corporate_number: (layout == Layout::Corporate)
            .then(|| format!("{}-{}", digits(&mut rng, 6), digits(&mut rng, 7))),
        issued_on: date(&mut rng, 2023, 2025),
        permit_number: format!(
            "제{}-{}-{}호",
            rng.random_range(2010..2024),
            digits(&mut rng, 7),
            digits(&mut rng, 5)
        ),
        license_name: LICENSES.choose(&mut rng).unwrap().to_string(),
        valid_until: (layout == Layout::License).then(|| date(&mut rng, 2030, 2035)),
        branch: (layout == Layout::Corporate && rng.random_bool(0.3))
            .then(|| BRANCHES.choose(&mut rng).unwrap().to_string()),
        born_on: date(&mut rng, 1960, 1995),
    }
}

fn korean_date(d: NaiveDate) -> String {
    d.format("%Y 년 %m 월 %d 일").to_string()
}

impl Certificate {
    /// The printed lines: (text, size in pixels, centred).
    fn lines(&self) -> Vec<(String, f32, bool)> {
        let body = |t: String| (t, 50.0, false);
        let mut lines = Vec::new();
        match self.layout {
            Layout::Corporate | Layout::Individual => {
                lines.push(("사 업 자 등 록 증".to_owned(), 110.0, true));
                let kind = if self.layout == Layout::Corporate {
                    "(법인사업자)"
                } else {
                    "(일반과세자)"
                };
                lines.push((kind.to_owned(), 56.0, true));
                lines.push(body(format!("등록번호 : {}", self.business_number)));
                if self.layout == Layout::Corporate {
                    lines.push(body(format!("법인명(단체명) : {}", self.business_name)));
                    lines.push(body(format!("대 표 자 : {}", self.representative)));
                    lines.push(body(format!(
                        "개 업 연 월 일 : {}",
                        korean_date(self.opened_on)
                    )));
                    lines.push(body(format!(
                        "법인등록번호 : {}",
                        self.corporate_number.as_deref().unwrap_or_default()
                    )));
                    lines.push(body(format!("사업장 소재지 : {}", self.address)));
                    lines.push(body(format!("본 점 소 재 지 : {}", self.address)));
                } else {
                    lines.push(body(format!("상 호 : {}", self.business_name)));
                    lines.push(body(format!("성 명 : {}", self.representative)));
                    lines.push(body(format!(
                        "개 업 연 월 일 : {}",
                        korean_date(self.opened_on)
                    )));
                    lines.push(body(format!("사업장 소재지 : {}", self.address)));
                }
                lines.push(body("업 태 : 서비스업    종 목 : 시설관리".to_owned()));
                lines.push(body("발 급 사 유 : 신규".to_owned()));
                lines.push((korean_date(self.issued_on), 56.0, true));
                lines.push((
                    "국세청 ".to_owned() + OFFICES[self.business_number.len() % OFFICES.len()],
                    64.0,
                    true,
                ));
            }
            Layout::BusinessReport => {
                lines.push(("영 업 신 고 증".to_owned(), 110.0, true));
                lines.push(body(format!("대 표 자 : {}", self.representative)));
                lines.push(body(format!("영업소 명칭 : {}", self.business_name)));
                lines.push(body(format!("영업소 소재지 : {}", self.address)));
                lines.push(body("영업의 종류 : 위생관리용역업".to_owned()));
                lines.push(body(format!("신고번호 : {}", self.permit_number)));
                lines.push(body(
                    "위와 같이 영업의 신고를 하였음을 증명합니다.".to_owned(),
                ));
                lines.push((korean_date(self.issued_on), 56.0, true));
                lines.push(("서울특별시 마포구청장".to_owned(), 64.0, true));
            }
            Layout::License => {
                lines.push(("국가기술자격증".to_owned(), 110.0, true));
                lines.push(body(format!("자격번호 : {}", self.permit_number)));
                lines.push(body(format!("자격종목 : {}", self.license_name)));
                lines.push(body(format!("성 명 : {}", self.representative)));
                lines.push(body(format!(
                    "발급연월일 : {}",
                    self.issued_on.format("%Y.%m.%d")
                )));
                if let Some(until) = self.valid_until {
                    lines.push(body(format!(
                        "유효기간 : {} ~ {}",
                        self.issued_on.format("%Y.%m.%d"),
                        until.format("%Y.%m.%d")
                    )));
                }
                lines.push(("한국산업인력공단".to_owned(), 64.0, true));
            }
        }
        lines
    }

    /// The printed text, line by line, as a text PDF of the document carries it.
    pub fn text_lines(&self) -> Vec<String> {
        self.lines().into_iter().map(|(text, _, _)| text).collect()
    }

    /// The document as a clean 300 DPI scan.
    pub fn render(&self, font: &FontVec) -> GrayImage {
        let mut page = GrayImage::from_pixel(PAGE.0, PAGE.1, Luma([255]));
        // A border, as printed certificates have.
        imageproc::drawing::draw_hollow_rect_mut(
            &mut page,
            imageproc::rect::Rect::at(150, 150).of_size(PAGE.0 - 300, PAGE.1 - 300),
            Luma([60]),
        );
        let mut y = 330;
        for (text, size, centred) in self.lines() {
            let scale = PxScale::from(size);
            let (width, _) = imageproc::drawing::text_size(scale, font, &text);
            let x = if centred {
                (PAGE.0 as i32 - width as i32) / 2
            } else {
                300
            };
            imageproc::drawing::draw_text_mut(&mut page, Luma([15]), x, y, scale, font, &text);
            y += (size * 2.1) as i32;
        }
        page
    }
}

/// The form a 사업자등록증 is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Plain lines under a title: the generator's first form.
    Plain,
    /// As the tax office prints it: the 국세청 logo and a QR-like security pattern in the header,
    /// a large letter-spaced title, a pale emblem watermark behind the text, labels spread to fill
    /// a width, two fields on one row, the office's name under a red seal, security-pattern boxes
    /// along the bottom. Business reports and licences stay plain.
    TaxOffice,
}

impl Form {
    pub fn name(self) -> &'static str {
        match self {
            Form::Plain => "plain",
            Form::TaxOffice => "tax-office",
        }
    }
}

/// Grey levels of the tax office's print: body text, the pale watermark and pattern, and the red
/// seal as a greyscale scan records it.
const INK: Luma<u8> = Luma([20]);
const PALE: Luma<u8> = Luma([228]);
const SEAL: Luma<u8> = Luma([96]);

fn draw(
    page: &mut GrayImage,
    font: &FontVec,
    text: &str,
    x: i32,
    y: i32,
    size: f32,
    ink: Luma<u8>,
) {
    imageproc::drawing::draw_text_mut(page, ink, x, y, PxScale::from(size), font, text);
}

fn text_width(font: &FontVec, text: &str, size: f32) -> i32 {
    imageproc::drawing::text_size(PxScale::from(size), font, text).0 as i32
}

/// Draws a label's letters spread evenly over `width` pixels, as the form prints `상      호`.
fn draw_spread(
    page: &mut GrayImage,
    font: &FontVec,
    label: &str,
    x: i32,
    y: i32,
    size: f32,
    width: i32,
) {
    let letters: Vec<String> = label.chars().map(String::from).collect();
    let used: i32 = letters.iter().map(|l| text_width(font, l, size)).sum();
    let gap = if letters.len() > 1 {
        (width - used).max(0) / (letters.len() as i32 - 1)
    } else {
        0
    };
    let mut at = x;
    for letter in &letters {
        draw(page, font, letter, at, y, size, INK);
        at += text_width(font, letter, size) + gap;
    }
}

impl Certificate {
    /// What a provider who uploads this document types in: its values, right.
    pub fn claim(&self) -> Claimed {
        match self.layout {
            Layout::Corporate | Layout::Individual => Claimed {
                business_number: Some(self.business_number.clone()),
                business_name: Some(self.business_name.clone()),
                representative: Some(self.representative.clone()),
                opened_on: Some(self.opened_on),
                ..Claimed::default()
            },
            Layout::BusinessReport | Layout::License => Claimed {
                representative: Some(self.representative.clone()),
                license_number: Some(self.permit_number.clone()),
                valid_until: self.valid_until,
                ..Claimed::default()
            },
        }
    }

    /// The page on `form`, as a 300 DPI scan.
    pub fn page(&self, font: &FontVec, form: Form) -> GrayImage {
        match (form, self.layout) {
            (Form::TaxOffice, Layout::Corporate | Layout::Individual) => {
                self.render_tax_office(font)
            }
            _ => self.render(font),
        }
    }

    /// A 사업자등록증 as the tax office prints it (see [`Form::TaxOffice`]).
    pub fn render_tax_office(&self, font: &FontVec) -> GrayImage {
        let mut page = GrayImage::from_pixel(PAGE.0, PAGE.1, Luma([255]));
        let mut rng = StdRng::seed_from_u64(
            self.business_number
                .bytes()
                .fold(0u64, |h, b| h.wrapping_mul(31) + u64::from(b)),
        );
        // The emblem watermark behind everything: pale rings and spokes.
        let centre = (PAGE.0 as i32 / 2, 1750);
        for r in (420..760).step_by(44) {
            for t in 0..6 {
                imageproc::drawing::draw_hollow_circle_mut(&mut page, centre, r + t, PALE);
            }
        }
        for spoke in 0..36 {
            let a = spoke as f32 * std::f32::consts::TAU / 36.0;
            let (s, c) = a.sin_cos();
            imageproc::drawing::draw_line_segment_mut(
                &mut page,
                (centre.0 as f32 + 180.0 * c, centre.1 as f32 + 180.0 * s),
                (centre.0 as f32 + 420.0 * c, centre.1 as f32 + 420.0 * s),
                PALE,
            );
        }
        // Header: the 국세청 logo on the left, the security pattern on the right.
        imageproc::drawing::draw_filled_circle_mut(&mut page, (320, 270), 62, Luma([70]));
        imageproc::drawing::draw_filled_circle_mut(&mut page, (320, 270), 34, Luma([255]));
        imageproc::drawing::draw_filled_circle_mut(&mut page, (320, 270), 18, Luma([70]));
        draw(&mut page, font, "국세청", 400, 220, 60.0, INK);
        draw(&mut page, font, "National Tax Service", 400, 292, 30.0, INK);
        for row in 0..26 {
            for col in 0..26 {
                if rng.random_bool(0.5) {
                    let rect =
                        imageproc::rect::Rect::at(2060 + col * 10, 150 + row * 10).of_size(10, 10);
                    imageproc::drawing::draw_filled_rect_mut(&mut page, rect, INK);
                }
            }
        }
        draw(
            &mut page,
            font,
            &format!("등록번호 : {}", self.business_number),
            260,
            470,
            44.0,
            INK,
        );
        draw_spread(&mut page, font, "사업자등록증", 590, 560, 120.0, 1300);
        let kind = if self.layout == Layout::Corporate {
            "( 법 인 사 업 자 )"
        } else {
            "( 일 반 과 세 자 )"
        };
        draw(
            &mut page,
            font,
            kind,
            (PAGE.0 as i32 - text_width(font, kind, 52.0)) / 2,
            760,
            52.0,
            INK,
        );
        let (label_x, value_x, second_x, size) = (260, 700, 1330, 50.0);
        let mut y = 900;
        let mut row =
            |page: &mut GrayImage, label: &str, value: &str, second: Option<(&str, &str)>| {
                draw_spread(page, font, label, label_x, y, size, 380);
                draw(
                    page,
                    font,
                    &format!(": {value}"),
                    value_x - 40,
                    y,
                    size,
                    INK,
                );
                if let Some((label, value)) = second {
                    draw_spread(page, font, label, second_x, y, size, 300);
                    draw(
                        page,
                        font,
                        &format!(": {value}"),
                        second_x + 330,
                        y,
                        size,
                        INK,
                    );
                }
                y += 124;
            };
        row(&mut page, "등록번호", &self.business_number, None);
        let opened = korean_date(self.opened_on);
        if self.layout == Layout::Corporate {
            let name = match &self.branch {
                Some(branch) => format!("{} ({branch})", self.business_name),
                None => self.business_name.clone(),
            };
            row(&mut page, "법인명(단체명)", &name, None);
            row(&mut page, "대표자", &self.representative, None);
            let corporate = self.corporate_number.clone().unwrap_or_default();
            row(
                &mut page,
                "개업연월일",
                &opened,
                Some(("법인등록번호", &corporate)),
            );
            row(&mut page, "사업장소재지", &self.address, None);
            row(&mut page, "본점소재지", &self.address, None);
        } else {
            row(&mut page, "상호", &self.business_name, None);
            let born = korean_date(self.born_on);
            row(
                &mut page,
                "성명",
                &self.representative,
                Some(("생년월일", &born)),
            );
            row(&mut page, "개업연월일", &opened, None);
            row(&mut page, "사업장소재지", &self.address, None);
        }
        row(
            &mut page,
            "사업의종류",
            "업태  서비스업      종목  시설관리",
            None,
        );
        row(&mut page, "발급사유", "신규", None);
        row(&mut page, "공동사업자", "", None);
        let issued = korean_date(self.issued_on);
        draw(
            &mut page,
            font,
            &issued,
            (PAGE.0 as i32 - text_width(font, &issued, 56.0)) / 2,
            2560,
            56.0,
            INK,
        );
        let office = OFFICES[self.business_number.len() % OFFICES.len()];
        let office_x = (PAGE.0 as i32 - 900) / 2;
        draw_spread(&mut page, font, office, office_x, 2740, 84.0, 900);
        // The red seal over the end of the office's name.
        let (sx, sy) = (office_x + 800, 2690);
        for t in 0..9 {
            imageproc::drawing::draw_hollow_rect_mut(
                &mut page,
                imageproc::rect::Rect::at(sx + t, sy + t)
                    .of_size(200 - 2 * t as u32, 200 - 2 * t as u32),
                SEAL,
            );
        }
        draw(&mut page, font, "세무서", sx + 18, sy + 30, 56.0, SEAL);
        draw(&mut page, font, "장 인", sx + 30, sy + 105, 56.0, SEAL);
        // Security-pattern boxes along the bottom: fine diagonal hatching.
        for b in 0..6u32 {
            let x0 = 230 + b * 340;
            for y in 3050..3210u32 {
                for x in x0..x0 + 300 {
                    if (x - x0 + y).is_multiple_of(9) {
                        page.put_pixel(x, y, Luma([200]));
                    }
                }
            }
            imageproc::drawing::draw_hollow_rect_mut(
                &mut page,
                imageproc::rect::Rect::at(x0 as i32, 3050).of_size(300, 160),
                Luma([150]),
            );
        }
        page
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Clean,
    Rotated,
    Noisy,
    LowResolution,
    Photographed,
    /// A 600 DPI scan (4960 × 7016): the pre-check must reduce it before OCR.
    Scan600,
    /// A 144 DPI scan.
    Scan144,
    /// A small image as posted on a web page (446 × 636 JPEG).
    WebImage,
    /// A 200 DPI scan inside a PDF with no text layer.
    ImagePdf,
}

impl Style {
    pub const ALL: [Style; 9] = [
        Style::Clean,
        Style::Rotated,
        Style::Noisy,
        Style::LowResolution,
        Style::Photographed,
        Style::Scan600,
        Style::Scan144,
        Style::WebImage,
        Style::ImagePdf,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Style::Clean => "clean",
            Style::Rotated => "rotated",
            Style::Noisy => "noisy",
            Style::LowResolution => "low-resolution",
            Style::Photographed => "photographed",
            Style::Scan600 => "600dpi",
            Style::Scan144 => "144dpi",
            Style::WebImage => "web-image",
            Style::ImagePdf => "image-pdf",
        }
    }
}

/// The page as an uploaded file in the given style: PNG for scans, JPEG for noisy pages, photos
/// and web images, a PDF for the PDF scan.
pub fn styled(page: &GrayImage, style: Style, seed: u64) -> Vec<u8> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5EED);
    match style {
        Style::Clean => encode(&DynamicImage::ImageLuma8(page.clone()), ImageFormat::Png),
        Style::Rotated => {
            let degrees: f32 =
                rng.random_range(1.5..4.0) * if rng.random_bool(0.5) { 1.0 } else { -1.0 };
            let rotated = rotate_about_center(
                page,
                degrees.to_radians(),
                Interpolation::Bilinear,
                Luma([255]),
            );
            encode(&DynamicImage::ImageLuma8(rotated), ImageFormat::Png)
        }
        Style::Noisy => {
            let noisy = imageproc::noise::gaussian_noise(page, 0.0, 28.0, rng.random());
            let speckled = imageproc::noise::salt_and_pepper_noise(&noisy, 0.01, rng.random());
            jpeg(&DynamicImage::ImageLuma8(speckled), 70)
        }
        Style::LowResolution => {
            // About 100 DPI: a small phone scan sent through a messenger.
            let small = imageops::resize(page, PAGE.0 / 3, PAGE.1 / 3, FilterType::Triangle);
            encode(&DynamicImage::ImageLuma8(small), ImageFormat::Png)
        }
        Style::Photographed => jpeg(&DynamicImage::ImageRgb8(photograph(page, &mut rng)), 85),
        Style::Scan600 => {
            // A scanner's optics soften what the doubled resolution adds.
            let large = imageops::resize(page, PAGE.0 * 2, PAGE.1 * 2, FilterType::Triangle);
            encode(&DynamicImage::ImageLuma8(large), ImageFormat::Png)
        }
        Style::Scan144 => {
            let small = imageops::resize(
                page,
                PAGE.0 * 12 / 25,
                PAGE.1 * 12 / 25,
                FilterType::Triangle,
            );
            encode(&DynamicImage::ImageLuma8(small), ImageFormat::Png)
        }
        Style::WebImage => {
            let small = imageops::resize(page, 446, 636, FilterType::Triangle);
            jpeg(&DynamicImage::ImageLuma8(small), 80)
        }
        Style::ImagePdf => {
            let (w, h) = (PAGE.0 * 2 / 3, PAGE.1 * 2 / 3);
            let scan = imageops::resize(page, w, h, FilterType::Triangle);
            pdf::scan_pdf(&jpeg(&DynamicImage::ImageLuma8(scan), 85), w, h)
        }
    }
}

/// The page lying on a desk, shot from slightly off-centre by a phone: a perspective tilt, a
/// tinted background, light falling off across the page, a little blur and sensor noise.
fn photograph(page: &GrayImage, rng: &mut StdRng) -> RgbImage {
    let (w, h) = (2448.0f32, 3264.0f32);
    let (pw, ph) = (PAGE.0 as f32, PAGE.1 as f32);
    let jitter = |rng: &mut StdRng| rng.random_range(-50.0..50.0f32);
    let corners_from = [(0.0, 0.0), (pw, 0.0), (pw, ph), (0.0, ph)];
    let corners_to = [
        (140.0 + jitter(rng), 160.0 + jitter(rng)),
        (w - 150.0 + jitter(rng), 130.0 + jitter(rng)),
        (w - 110.0 + jitter(rng), h - 140.0 + jitter(rng)),
        (120.0 + jitter(rng), h - 170.0 + jitter(rng)),
    ];
    let projection =
        Projection::from_control_points(corners_from, corners_to).expect("a valid quadrilateral");
    let (cw, ch) = (w as u32, h as u32);
    let mut photo = GrayImage::new(cw, ch);
    warp_into(
        page,
        &projection,
        Interpolation::Bilinear,
        Luma([0]),
        &mut photo,
    );
    // Where the page landed, to lay it over the desk.
    let mut mask = GrayImage::new(cw, ch);
    warp_into(
        &GrayImage::from_pixel(PAGE.0, PAGE.1, Luma([255])),
        &projection,
        Interpolation::Bilinear,
        Luma([0]),
        &mut mask,
    );
    let desk = 95.0;
    let canvas = GrayImage::from_fn(cw, ch, |x, y| {
        let m = f32::from(mask.get_pixel(x, y)[0]) / 255.0;
        Luma([(f32::from(photo.get_pixel(x, y)[0]) * m + desk * (1.0 - m)) as u8])
    });
    let light_angle: f32 = rng.random_range(0.0..std::f32::consts::TAU);
    let (lx, ly) = (light_angle.cos(), light_angle.sin());
    let blurred = imageops::blur(&canvas, 1.1);
    let noisy = imageproc::noise::gaussian_noise(&blurred, 0.0, 5.0, rng.random());
    RgbImage::from_fn(cw, ch, |x, y| {
        let (u, v) = (x as f32 / w - 0.5, y as f32 / h - 0.5);
        let light = 0.82 + 0.18 * (u * lx + v * ly) * 2.0;
        let g = f32::from(noisy.get_pixel(x, y)[0]) * light;
        Rgb([
            (g * 1.0).min(255.0) as u8,
            (g * 0.96).min(255.0) as u8,
            (g * 0.88).min(255.0) as u8,
        ])
    })
}

pub fn encode(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).expect("encode");
    out.into_inner()
}

pub fn jpeg(image: &DynamicImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    // `encode_image` would widen greyscale to three channels; keep the image's own.
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode(
            image.as_bytes(),
            image.width(),
            image.height(),
            image.color().into(),
        )
        .expect("encode JPEG");
    out
}
