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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Clean,
    Rotated,
    Noisy,
    LowResolution,
    Photographed,
}

impl Style {
    pub const ALL: [Style; 5] = [
        Style::Clean,
        Style::Rotated,
        Style::Noisy,
        Style::LowResolution,
        Style::Photographed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Style::Clean => "clean",
            Style::Rotated => "rotated",
            Style::Noisy => "noisy",
            Style::LowResolution => "low-resolution",
            Style::Photographed => "photographed",
        }
    }
}

/// The page as an uploaded file in the given style: PNG for scans, JPEG for noisy and photos.
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
