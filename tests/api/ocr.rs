//! Real Tesseract on a rendered Korean document (NanumGothic from Debian's fonts-nanum).

use ab_glyph::{FontVec, PxScale};
use checkpoint::ocr::OcrEngine;
use image::{GrayImage, Luma};

const FONT: &str = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf";

fn render(lines: &[&str]) -> GrayImage {
    let font = FontVec::try_from_vec(std::fs::read(FONT).expect("fonts-nanum is installed by scripts/install-deps.sh")).unwrap();
    let mut page = GrayImage::from_pixel(1400, 120 + 90 * lines.len() as u32, Luma([255]));
    for (i, line) in lines.iter().enumerate() {
        imageproc::drawing::draw_text_mut(&mut page, Luma([0]), 80, 60 + 90 * i as i32, PxScale::from(48.0), &font, line);
    }
    page
}

#[test]
fn reads_a_rendered_business_registration_certificate() {
    let page = render(&["사 업 자 등 록 증", "등록번호 : 124-81-00998", "법인명(단체명) : 주식회사 체크포인트", "대 표 자 : 홍길동"]);
    let mut engine = OcrEngine::new(None).expect("Tesseract with kor+eng");
    let result = engine.read(&page, 300).unwrap();
    assert!(result.text.contains("124-81-00998"), "text was:\n{}", result.text);
    assert!(result.text.contains("홍길동"), "text was:\n{}", result.text);
    let number = result.words.iter().find(|w| w.text.contains("124-81-00998")).unwrap();
    assert!(number.confidence > 50.0, "{number:?}");
    // The box is where the second line was drawn.
    assert!((150..=260).contains(&number.top), "{number:?}");
    assert!(result.mean_confidence() > 50.0);

    let fields = checkpoint::verification::fields::extract_registration(&result.lines());
    assert_eq!(fields.business_number.as_deref(), Some("124-81-00998"));
    // Tesseract often splits Hangul words ("체 크 포인트"); the claim comparison ignores spacing.
    let name: String = fields.business_name.unwrap_or_default().split_whitespace().collect();
    assert_eq!(name, "주식회사체크포인트", "lines: {:?}", result.lines());
    assert_eq!(fields.representative.as_deref(), Some("홍길동"));
    assert!(fields.corporate_layout);

    // The engine is reusable for the next page on the same thread.
    let blank = engine.read(&GrayImage::from_pixel(600, 400, Luma([255])), 300).unwrap();
    assert!(blank.words.is_empty(), "{:?}", blank.words);
}
