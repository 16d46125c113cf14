//! Real Tesseract on a rendered Korean document (NanumGothic from Debian's fonts-nanum).

use ab_glyph::{FontVec, PxScale};
use checkpoint::ocr::OcrEngine;
use image::{GrayImage, Luma};

const FONT: &str = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf";

fn render(lines: &[&str]) -> GrayImage {
    let font = FontVec::try_from_vec(
        std::fs::read(FONT).expect("fonts-nanum is installed by scripts/install-deps.sh"),
    )
    .unwrap();
    let mut page = GrayImage::from_pixel(1400, 120 + 90 * lines.len() as u32, Luma([255]));
    for (i, line) in lines.iter().enumerate() {
        imageproc::drawing::draw_text_mut(
            &mut page,
            Luma([0]),
            80,
            60 + 90 * i as i32,
            PxScale::from(48.0),
            &font,
            line,
        );
    }
    page
}

#[test]
fn reads_a_rendered_business_registration_certificate() {
    let page = render(&[
        "사 업 자 등 록 증",
        "등록번호 : 124-81-00998",
        "법인명(단체명) : 주식회사 체크포인트",
        "대 표 자 : 홍길동",
    ]);
    let mut engine = OcrEngine::new(None).expect("Tesseract with kor+eng");
    let result = engine.read(&page, 300).unwrap();
    assert!(
        result.text.contains("124-81-00998"),
        "text was:\n{}",
        result.text
    );
    assert!(result.text.contains("홍길동"), "text was:\n{}", result.text);
    let number = result
        .words
        .iter()
        .find(|w| w.text.contains("124-81-00998"))
        .unwrap();
    assert!(number.confidence > 50.0, "{number:?}");
    // The box is where the second line was drawn.
    assert!((150..=260).contains(&number.top), "{number:?}");
    assert!(result.mean_confidence() > 50.0);

    let fields = checkpoint::verification::fields::extract_registration(&result.lines());
    assert_eq!(fields.business_number.as_deref(), Some("124-81-00998"));
    // Tesseract often splits Hangul words ("체 크 포인트"); the claim comparison ignores spacing.
    let name: String = fields
        .business_name
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    assert_eq!(name, "주식회사체크포인트", "lines: {:?}", result.lines());
    assert_eq!(fields.representative.as_deref(), Some("홍길동"));
    assert!(fields.corporate_layout);

    // The engine is reusable for the next page on the same thread.
    let blank = engine
        .read(&GrayImage::from_pixel(600, 400, Luma([255])), 300)
        .unwrap();
    assert!(blank.words.is_empty(), "{:?}", blank.words);
}

/// A page scanned 3° askew is read deskewed; each word's box, mapped back and turned by the skew
/// found (as the console draws it), lies over the word in the image the reviewer sees.
#[test]
fn word_boxes_land_on_the_words_of_a_skewed_page() {
    use checkpoint::ocr::LazyEngine;
    use checkpoint::verification::model::DocumentType;
    use checkpoint::verification::precheck;
    use checkpoint::verification::upload::{FileType, UploadLimits};
    use imageproc::geometric_transformations::{rotate_about_center, Interpolation};

    let lines = [
        "사 업 자 등 록 증",
        "등록번호 : 124-81-00998",
        "법인명(단체명) : 주식회사 체크포인트",
        "대 표 자 : 홍길동",
        "사업장 소재지 : 서울특별시 강남구 테헤란로 123",
    ];
    let upright = render(&lines);
    let mut engine = LazyEngine::new(None);
    let find = |words: &[checkpoint::ocr::Word], text: &str| {
        words
            .iter()
            .find(|w| w.text.contains(text))
            .cloned()
            .unwrap_or_else(|| panic!("{text} in {words:?}"))
    };
    let read_upright = engine.get().unwrap().read(&upright, 300).unwrap();
    let degrees = 3.0f32;
    let skewed = rotate_about_center(
        &upright,
        degrees.to_radians(),
        Interpolation::Bilinear,
        Luma([255]),
    );
    let png = {
        let mut bytes = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageLuma8(skewed)
            .write_to(&mut bytes, image::ImageFormat::Png)
            .unwrap();
        bytes.into_inner()
    };
    let analysis = precheck::analyse(
        &png,
        FileType::Png,
        DocumentType::BusinessRegistration,
        &UploadLimits::default(),
        &mut engine,
    )
    .unwrap();
    let ocr = analysis.ocr.expect("read by OCR");
    assert!(
        (ocr.skew_degrees - degrees).abs() < 0.3,
        "skew found: {}",
        ocr.skew_degrees
    );
    let (cx, cy) = (upright.width() as f32 / 2.0, upright.height() as f32 / 2.0);
    for text in ["124-81-00998", "테헤란로"] {
        let before = find(&read_upright.words, text);
        let after = find(&ocr.words, text);
        // Where the word's centre went when the page was turned.
        let (x, y) = (
            before.left as f32 + before.width as f32 / 2.0 - cx,
            before.top as f32 + before.height as f32 / 2.0 - cy,
        );
        let t = degrees.to_radians();
        let expected = (
            cx + x * t.cos() - y * t.sin(),
            cy + x * t.sin() + y * t.cos(),
        );
        let found = (
            after.left as f32 + after.width as f32 / 2.0,
            after.top as f32 + after.height as f32 / 2.0,
        );
        // Across, the box's ends move with how the word's last letter was cut; down, a box left
        // unturned would be off by the skew (sin 3° of the distance from the centre).
        let across = (before.width as f32 * 0.1).max(8.0);
        assert!(
            (found.0 - expected.0).abs() < across && (found.1 - expected.1).abs() < 6.0,
            "{text}: centre {found:?}, expected {expected:?}"
        );
        assert!(
            (after.width as f32 - before.width as f32).abs() < before.width as f32 * 0.2,
            "{text}: width {} vs {}",
            after.width,
            before.width
        );
    }
}
