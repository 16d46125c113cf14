//! The OCR pre-check: read the submitted document, extract its fields, and flag what a reviewer
//! should look at first. `analyse` is the pure part (file in, findings out); `job` runs it for
//! queued items and records the result.

pub mod checks;
pub mod doc_type;
mod job;
pub mod preprocess;

pub use job::{payload, PrecheckJob, JOB_KIND};

use std::time::Instant;

use chrono::{DateTime, Utc};
use image::GrayImage;
use serde::{Deserialize, Serialize};

use super::fields::{self, PermitFields, RegistrationFields};
use super::image_checks;
use super::model::DocumentType;
use super::pdf;
use super::upload::{self, FileType, UploadLimits};
use crate::error::AppError;
use crate::ocr::{LazyEngine, Word};
use checks::Flag;
use doc_type::TypeEvidence;

/// Where the text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Image,
    /// A PDF with a text layer (as the tax portal exports): no OCR needed.
    PdfText,
    /// A PDF holding a scan: its first page rasterised and read by OCR.
    PdfScan,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageFacts {
    pub width: u32,
    pub height: u32,
    /// Variance of the Laplacian at 1000 pixels wide.
    pub sharpness: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrFacts {
    pub mean_confidence: f32,
    /// The resolution the page was read at.
    pub dpi: i32,
    pub skew_degrees: f32,
    /// Words with boxes in the original image's pixels, for drawing over it.
    pub words: Vec<Word>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "layout", rename_all = "snake_case")]
pub enum Extracted {
    Registration(RegistrationFields),
    Permit(PermitFields),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    pub total_ms: f64,
    /// Time inside Tesseract; the rest is decoding, preprocessing and extraction.
    pub ocr_ms: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub source: Source,
    pub detected_type: Option<DocumentType>,
    /// What the page showed of each document type (absent from results stored before it).
    #[serde(default)]
    pub type_evidence: Vec<TypeEvidence>,
    pub fields: Extracted,
    pub image: Option<ImageFacts>,
    pub ocr: Option<OcrFacts>,
    /// The page's text, line by line.
    pub text: String,
    pub timings: Timings,
    /// A PDF's page count, for the viewer (the pre-check reads the first page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
}

/// What the pre-check stores on the item.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PrecheckResult {
    pub flags: Vec<Flag>,
    pub risk_score: i32,
    pub checked_at: DateTime<Utc>,
    /// Absent when the pre-check itself failed (flag `precheck_failed`).
    pub analysis: Option<Analysis>,
}

/// Long side the scans of PDFs are rendered at: A4 at 300 DPI.
const PDF_RENDER_LONG_SIDE: u32 = 3508;

/// Reads one document. `engine` is only used when there is something to OCR.
pub fn analyse(
    bytes: &[u8],
    file_type: FileType,
    declared: DocumentType,
    limits: &UploadLimits,
    engine: &mut LazyEngine,
) -> Result<Analysis, AppError> {
    let started = Instant::now();
    let pages = (file_type == FileType::Pdf)
        .then(|| pdf::page_count(bytes))
        .transpose()?;
    let page = match file_type {
        FileType::Pdf => {
            match pdf::text(bytes).map_err(|e| AppError::bad_request("unreadable_pdf", e))? {
                Some(text) => {
                    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
                    return Ok(Analysis {
                        pages,
                        ..finish(Source::PdfText, declared, lines, None, None, started, 0.0)
                    });
                }
                None => (
                    Source::PdfScan,
                    pdf::rasterise_first_page(bytes, PDF_RENDER_LONG_SIDE)
                        .map_err(|e| AppError::bad_request("unrasterisable_pdf", e))?,
                ),
            }
        }
        image => (
            Source::Image,
            upload::decode_image(bytes, image, limits)?.into_luma8(),
        ),
    };
    let (source, grey) = page;
    let facts = image_facts(&grey);
    let prepared = preprocess::prepare(&grey);
    let engine = engine.get().map_err(AppError::internal)?;
    let ocr_started = Instant::now();
    let read = engine
        .read(&prepared.image, prepared.dpi)
        .map_err(AppError::internal)?;
    let ocr_ms = ocr_started.elapsed().as_secs_f64() * 1000.0;
    let lines = read.lines();
    let ocr = OcrFacts {
        mean_confidence: read.mean_confidence(),
        dpi: prepared.dpi,
        skew_degrees: prepared.skew_degrees,
        words: read
            .words
            .into_iter()
            .map(|w| to_original(w, &prepared))
            .collect(),
    };
    Ok(Analysis {
        pages,
        ..finish(
            source,
            declared,
            lines,
            Some(facts),
            Some(ocr),
            started,
            ocr_ms,
        )
    })
}

fn finish(
    source: Source,
    declared: DocumentType,
    lines: Vec<String>,
    image: Option<ImageFacts>,
    ocr: Option<OcrFacts>,
    started: Instant,
    ocr_ms: f64,
) -> Analysis {
    let type_evidence = doc_type::read_type(&lines);
    let detected_type = doc_type::detected(&type_evidence);
    // Read the page as what it turned out to be; fall back on what was declared.
    let fields = match detected_type.unwrap_or(declared) {
        DocumentType::BusinessRegistration => {
            Extracted::Registration(fields::extract_registration(&lines))
        }
        DocumentType::BusinessReport | DocumentType::License => {
            Extracted::Permit(fields::extract_permit(&lines))
        }
    };
    let timings = Timings {
        total_ms: started.elapsed().as_secs_f64() * 1000.0,
        ocr_ms,
    };
    Analysis {
        source,
        detected_type,
        type_evidence,
        fields,
        image,
        ocr,
        text: lines.join("\n"),
        timings,
        pages: None,
    }
}

fn image_facts(grey: &GrayImage) -> ImageFacts {
    // Sharpness depends on scale, so it is measured at one width.
    let width = 1000;
    let height = (grey.height() as f64 * width as f64 / grey.width().max(1) as f64)
        .round()
        .max(1.0) as u32;
    let normalised = preprocess::resized(grey, width, height, fast_image_resize::FilterType::Box);
    ImageFacts {
        width: grey.width(),
        height: grey.height(),
        sharpness: image_checks::laplacian_variance(&normalised),
    }
}

fn to_original(word: Word, prepared: &preprocess::Prepared) -> Word {
    let (cx, cy) = prepared.to_original(
        word.left as f32 + word.width as f32 / 2.0,
        word.top as f32 + word.height as f32 / 2.0,
    );
    let (w, h) = (
        word.width as f32 / prepared.scale,
        word.height as f32 / prepared.scale,
    );
    Word {
        left: (cx - w / 2.0).max(0.0).round() as u32,
        top: (cy - h / 2.0).max(0.0).round() as u32,
        width: w.round() as u32,
        height: h.round() as u32,
        ..word
    }
}
