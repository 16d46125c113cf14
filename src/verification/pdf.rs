//! PDFs through poppler's command-line tools (Debian's poppler-utils): text-based PDFs, as the
//! national tax portal exports them, give their text directly; scanned ones are rasterised and
//! read by OCR. The tools run as child processes with a time limit and a memory cap, on a private
//! copy of the file, so a hostile PDF can cost a few seconds of one process and nothing more.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use image::GrayImage;

use crate::error::AppError;

/// Pages a submitted PDF may have: certificates are one or two pages.
pub const MAX_PAGES: u32 = 10;
/// Text shorter than this (non-space characters) means the PDF is a scan, not a text document.
const MIN_TEXT_CHARS: usize = 20;
const TIME_LIMIT: Duration = Duration::from_secs(20);
const MEMORY_LIMIT_BYTES: u64 = 1 << 30;

pub struct PdfInfo {
    pub pages: u32,
}

/// Refuses PDFs that cannot be processed: unreadable, encrypted, too many pages, or a first page
/// that does not rasterise.
pub fn inspect(bytes: &[u8]) -> Result<PdfInfo, AppError> {
    let dir = private_copy(bytes)?;
    let pages = page_count_in(dir.path())?;
    if pages == 0 {
        return Err(AppError::bad_request(
            "unreadable_pdf",
            "the PDF has no pages",
        ));
    }
    if pages > MAX_PAGES {
        return Err(AppError::bad_request(
            "too_many_pages",
            format!("the PDF has {pages} pages; at most {MAX_PAGES} are accepted"),
        ));
    }
    rasterise_in(dir.path(), 64).map_err(|why| {
        AppError::bad_request(
            "unrasterisable_pdf",
            format!("the PDF's first page could not be rendered: {why}"),
        )
    })?;
    Ok(PdfInfo { pages })
}

/// How many pages the PDF has.
pub fn page_count(bytes: &[u8]) -> Result<u32, AppError> {
    page_count_in(private_copy(bytes)?.path())
}

fn page_count_in(dir: &Path) -> Result<u32, AppError> {
    let info = run("pdfinfo", &["in.pdf".as_ref()], dir).map_err(|why| {
        AppError::bad_request(
            "unreadable_pdf",
            format!("the PDF could not be opened: {why}"),
        )
    })?;
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
    };
    if field("Encrypted:").is_some_and(|v| v.starts_with("yes")) {
        return Err(AppError::bad_request(
            "encrypted_pdf",
            "the PDF is password-protected; send it without a password",
        ));
    }
    Ok(field("Pages:").and_then(|v| v.parse().ok()).unwrap_or(0))
}

/// The PDF's text, page by page in layout order, or `None` when it carries (almost) none, as a
/// scan does.
pub fn text(bytes: &[u8]) -> Result<Option<String>, String> {
    let dir = private_copy(bytes).map_err(|e| e.message)?;
    let last_page = MAX_PAGES.to_string();
    run(
        "pdftotext",
        &[
            "-layout".as_ref(),
            "-enc".as_ref(),
            "UTF-8".as_ref(),
            "-l".as_ref(),
            last_page.as_ref(),
            "in.pdf".as_ref(),
            "out.txt".as_ref(),
        ],
        dir.path(),
    )?;
    let text = std::fs::read_to_string(dir.path().join("out.txt"))
        .map_err(|e| format!("reading pdftotext output: {e}"))?;
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    Ok((chars >= MIN_TEXT_CHARS).then_some(text))
}

/// The first page as a grey image whose longer side is `long_side` pixels, however large the
/// page claims to be.
pub fn rasterise_first_page(bytes: &[u8], long_side: u32) -> Result<GrayImage, String> {
    let dir = private_copy(bytes).map_err(|e| e.message)?;
    rasterise_in(dir.path(), long_side)
}

fn rasterise_in(dir: &Path, long_side: u32) -> Result<GrayImage, String> {
    render(dir, 1, long_side, true)?;
    let page =
        image::open(dir.join("page.png")).map_err(|e| format!("reading the rendered page: {e}"))?;
    Ok(page.into_luma8())
}

/// Page `page` (from 1) in colour as PNG, its longer side `long_side` pixels: what the console
/// shows a reviewer.
pub fn page_png(bytes: &[u8], page: u32, long_side: u32) -> Result<Vec<u8>, String> {
    let dir = private_copy(bytes).map_err(|e| e.message)?;
    render(dir.path(), page, long_side, false)?;
    std::fs::read(dir.path().join("page.png"))
        .map_err(|e| format!("reading the rendered page: {e}"))
}

/// Renders one page of `in.pdf` to `page.png`.
fn render(dir: &Path, page: u32, long_side: u32, gray: bool) -> Result<(), String> {
    let (page, size) = (page.to_string(), long_side.to_string());
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "-png".as_ref(),
        "-singlefile".as_ref(),
        "-f".as_ref(),
        page.as_ref(),
        "-l".as_ref(),
        page.as_ref(),
    ];
    if gray {
        args.push("-gray".as_ref());
    }
    args.extend::<[&std::ffi::OsStr; 4]>([
        "-scale-to".as_ref(),
        size.as_ref(),
        "in.pdf".as_ref(),
        "page".as_ref(),
    ]);
    run("pdftoppm", &args, dir).map(|_| ())
}

fn private_copy(bytes: &[u8]) -> Result<tempfile::TempDir, AppError> {
    let dir = tempfile::tempdir().map_err(AppError::internal)?;
    let mut file = std::fs::File::create(dir.path().join("in.pdf")).map_err(AppError::internal)?;
    file.write_all(bytes).map_err(AppError::internal)?;
    Ok(dir)
}

/// Runs a poppler tool in `dir`; its standard output on success, a short reason otherwise.
fn run(program: &str, args: &[&std::ffi::OsStr], dir: &Path) -> Result<String, String> {
    let stdout = dir.join(format!("{program}.stdout"));
    let stderr = dir.join(format!("{program}.stderr"));
    let mut command = Command::new(program);
    command
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout).map_err(|e| e.to_string())?)
        .stderr(std::fs::File::create(&stderr).map_err(|e| e.to_string())?);
    limit_memory(&mut command);
    let mut child = command
        .spawn()
        .map_err(|e| format!("{program} could not start (is poppler-utils installed?): {e}"))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "{program} took longer than {} s",
                TIME_LIMIT.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    if !status.success() {
        let why = std::fs::read_to_string(&stderr).unwrap_or_default();
        let why = why
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message")
            .chars()
            .take(200)
            .collect::<String>();
        return Err(format!("{program} failed ({status}): {why}"));
    }
    std::fs::read_to_string(&stdout).map_err(|e| e.to_string())
}

fn limit_memory(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: the closure runs in the forked child before exec and only calls setrlimit, which is
    // async-signal-safe.
    unsafe {
        command.pre_exec(|| {
            nix::sys::resource::setrlimit(
                nix::sys::resource::Resource::RLIMIT_AS,
                MEMORY_LIMIT_BYTES,
                MEMORY_LIMIT_BYTES,
            )
            .map_err(std::io::Error::from)
        });
    }
}
