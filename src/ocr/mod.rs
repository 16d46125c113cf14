//! Tesseract OCR through leptess. An engine is `Send` but not `Sync`: each worker thread owns
//! one, single-threaded: Tesseract's own OpenMP threads would fight the workers for the cores
//! (see `limit_openmp_threads`).

use image::GrayImage;
use leptess::{LepTess, Variable};
use serde::{Deserialize, Serialize};

/// Makes sure OpenMP (which Tesseract uses) runs one thread per engine. libgomp reads
/// `OMP_THREAD_LIMIT` when it is loaded, before `main`, so setting it later does nothing: when it
/// is unset, this starts the program again with it set. Call it first thing in `main`; it
/// returns only when the limit was already set (or the restart failed, which is logged).
pub fn limit_openmp_threads() {
    use std::os::unix::process::CommandExt;
    if std::env::var_os("OMP_THREAD_LIMIT").is_some() {
        return;
    }
    let restart = std::env::current_exe().map(|exe| {
        std::process::Command::new(exe)
            .args(std::env::args_os().skip(1))
            .env("OMP_THREAD_LIMIT", "1")
            .exec()
    });
    eprintln!("warning: could not restart with OMP_THREAD_LIMIT=1 ({restart:?}); OCR may be slow under load");
}

/// Korean and English together: documents mix Hangul labels with Latin names and digits.
pub const LANGUAGES: &str = "kor+eng";
/// "A single uniform block of text": reads spaced labels such as `상 호`, which the default
/// automatic segmentation (3) breaks apart.
pub const PAGE_SEGMENTATION_MODE: &str = "6";

#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    #[error("Tesseract could not start with {LANGUAGES} (are tesseract-ocr-kor and -eng installed?): {0}")]
    Init(String),
    #[error("Tesseract could not take the image: {0}")]
    Image(String),
    #[error("Tesseract returned unreadable output: {0}")]
    Output(String),
}

/// One recognised word with its box in image pixels, for drawing over the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Word {
    pub text: String,
    /// 0–100, Tesseract's confidence in this word.
    pub confidence: f32,
    pub left: u32,
    pub top: u32,
    pub width: u32,
    pub height: u32,
    /// Which line of the page the word is on (block, paragraph, line), in reading order.
    pub line: (u32, u32, u32),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OcrPage {
    pub text: String,
    pub words: Vec<Word>,
}

impl OcrPage {
    /// The words' mean confidence, or 0 for a page with none.
    pub fn mean_confidence(&self) -> f32 {
        if self.words.is_empty() {
            return 0.0;
        }
        self.words.iter().map(|w| w.confidence).sum::<f32>() / self.words.len() as f32
    }

    /// The page as lines of words joined by single spaces, in reading order.
    pub fn lines(&self) -> Vec<String> {
        join_lines(&self.words)
    }
}

fn join_lines(words: &[Word]) -> Vec<String> {
    let mut lines: Vec<((u32, u32, u32), String)> = Vec::new();
    for word in words {
        match lines.last_mut() {
            Some((key, text)) if *key == word.line => {
                text.push(' ');
                text.push_str(&word.text);
            }
            _ => lines.push((word.line, word.text.clone())),
        }
    }
    lines.into_iter().map(|(_, text)| text).collect()
}

pub struct OcrEngine {
    tess: LepTess,
}

impl OcrEngine {
    /// `data_path`: a tessdata folder, or `None` for the system's.
    pub fn new(data_path: Option<&str>) -> Result<Self, OcrError> {
        let mut tess =
            LepTess::new(data_path, LANGUAGES).map_err(|e| OcrError::Init(e.to_string()))?;
        tess.set_variable(Variable::TesseditPagesegMode, PAGE_SEGMENTATION_MODE)
            .map_err(|e| OcrError::Init(e.to_string()))?;
        // Tesseract prints diagnostics ("Image too small to scale!!") to stderr for every speck
        // it gives up on; they say nothing the confidences do not.
        tess.set_variable(Variable::DebugFile, "/dev/null")
            .map_err(|e| OcrError::Init(e.to_string()))?;
        Ok(Self { tess })
    }

    /// Reads a prepared (grey, upright, ~300 DPI) page.
    pub fn read(&mut self, page: &GrayImage, dpi: i32) -> Result<OcrPage, OcrError> {
        self.tess
            .set_image_from_mem(&pgm(page))
            .map_err(|e| OcrError::Image(e.to_string()))?;
        self.tess.set_source_resolution(dpi);
        let tsv = self
            .tess
            .get_tsv_text(0)
            .map_err(|e| OcrError::Output(e.to_string()))?;
        let words = parse_tsv(&tsv);
        let text = join_lines(&words).join("\n");
        Ok(OcrPage { text, words })
    }
}

/// An engine made on first use, so work that needs no OCR (a PDF with text) never starts one.
pub struct LazyEngine {
    data_path: Option<String>,
    engine: Option<OcrEngine>,
}

impl LazyEngine {
    pub fn new(data_path: Option<String>) -> Self {
        Self {
            data_path,
            engine: None,
        }
    }

    pub fn get(&mut self) -> Result<&mut OcrEngine, OcrError> {
        if self.engine.is_none() {
            self.engine = Some(OcrEngine::new(self.data_path.as_deref())?);
        }
        Ok(self.engine.as_mut().expect("made just above"))
    }
}

/// Binary PGM: a few header bytes and the raw pixels, the cheapest format Leptonica reads.
fn pgm(page: &GrayImage) -> Vec<u8> {
    let mut out = format!("P5\n{} {}\n255\n", page.width(), page.height()).into_bytes();
    out.extend_from_slice(page.as_raw());
    out
}

/// Tesseract's TSV: level, page, block, paragraph, line, word, left, top, width, height,
/// confidence, text. Level 5 rows are words.
fn parse_tsv(tsv: &str) -> Vec<Word> {
    tsv.lines()
        .filter_map(|row| {
            let cols: Vec<&str> = row.split('\t').collect();
            if cols.len() < 12 || cols[0] != "5" {
                return None;
            }
            let n = |i: usize| cols[i].parse::<u32>().ok();
            let text = cols[11].trim();
            if text.is_empty() {
                return None;
            }
            Some(Word {
                text: text.to_owned(),
                confidence: cols[10].parse::<f32>().ok()?.max(0.0),
                left: n(6)?,
                top: n(7)?,
                width: n(8)?,
                height: n(9)?,
                line: (n(2)?, n(3)?, n(4)?),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_words_and_lines() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t800\t600\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t10\t20\t80\t30\t95.5\t등록번호\n\
                   5\t1\t1\t1\t1\t2\t100\t20\t10\t30\t90\t:\n\
                   5\t1\t1\t1\t2\t1\t10\t60\t200\t30\t88\t124-81-00998\n\
                   5\t1\t1\t1\t2\t2\t10\t60\t200\t30\t-1\t \n";
        let page = OcrPage {
            text: String::new(),
            words: parse_tsv(tsv),
        };
        assert_eq!(page.words.len(), 3);
        assert_eq!(
            page.words[0],
            Word {
                text: "등록번호".into(),
                confidence: 95.5,
                left: 10,
                top: 20,
                width: 80,
                height: 30,
                line: (1, 1, 1)
            }
        );
        assert_eq!(
            page.lines(),
            vec!["등록번호 :".to_owned(), "124-81-00998".to_owned()]
        );
        assert!((page.mean_confidence() - (95.5 + 90.0 + 88.0) / 3.0).abs() < 1e-4);
    }
}
