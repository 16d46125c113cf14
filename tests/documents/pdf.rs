//! Minimal PDFs for the intake tests: a text PDF (as the tax portal exports: real text in an
//! embedded Korean font, extractable by pdftotext) and a scan (one JPEG on a page, no text).

use ab_glyph::{Font, FontRef, GlyphId};

/// A4 in points.
const PAGE: (f32, f32) = (595.0, 842.0);

/// Numbered objects, then the cross-reference table that PDF readers start from.
struct Writer {
    out: Vec<u8>,
    offsets: Vec<usize>,
}

impl Writer {
    fn new() -> Self {
        Self {
            out: b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec(),
            offsets: Vec::new(),
        }
    }

    /// Appends object number `offsets.len() + 1`.
    fn object(&mut self, dictionary: &str, stream: Option<&[u8]>) {
        self.offsets.push(self.out.len());
        let n = self.offsets.len();
        self.out
            .extend_from_slice(format!("{n} 0 obj\n{dictionary}").as_bytes());
        if let Some(data) = stream {
            self.out.extend_from_slice(b"\nstream\n");
            self.out.extend_from_slice(data);
            self.out.extend_from_slice(b"\nendstream");
        }
        self.out.extend_from_slice(b"\nendobj\n");
    }

    fn finish(mut self) -> Vec<u8> {
        let xref = self.out.len();
        let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", self.offsets.len() + 1);
        for offset in &self.offsets {
            table.push_str(&format!("{offset:010} 00000 n \n"));
        }
        table.push_str(&format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            self.offsets.len() + 1
        ));
        self.out.extend_from_slice(table.as_bytes());
        self.out
    }
}

/// One A4 page of text lines in NanumGothic (embedded whole, with a ToUnicode map so the text
/// can be extracted).
pub fn text_pdf(lines: &[String]) -> Vec<u8> {
    let font_bytes = std::fs::read(super::FONT).expect("fonts-nanum is installed");
    let font = FontRef::try_from_slice(&font_bytes).expect("NanumGothic parses");
    let units = font.units_per_em().unwrap_or(1000.0);
    let mut used: Vec<(GlyphId, char)> = Vec::new();
    let mut content = String::from("BT\n/F1 12 Tf\n");
    for (i, line) in lines.iter().enumerate() {
        let hex: String = line
            .chars()
            .map(|c| {
                let id = font.glyph_id(c);
                if !used.iter().any(|(g, _)| *g == id) {
                    used.push((id, c));
                }
                format!("{:04X}", id.0)
            })
            .collect();
        content.push_str(&format!(
            "1 0 0 1 60 {} Tm <{hex}> Tj\n",
            PAGE.1 - 80.0 - 22.0 * i as f32
        ));
    }
    content.push_str("ET");
    let widths: String = used
        .iter()
        .map(|(g, _)| {
            format!(
                "{} [{}]",
                g.0,
                (font.h_advance_unscaled(*g) / units * 1000.0).round()
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def \
         /CMapName /Adobe-Identity-UCS def /CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    for chunk in used.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (g, c) in chunk {
            let utf16: String = c
                .encode_utf16(&mut [0; 2])
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            cmap.push_str(&format!("<{:04X}> <{utf16}>\n", g.0));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap CMapName currentdict /CMap defineresource pop end end");

    let mut w = Writer::new();
    w.object("<< /Type /Catalog /Pages 2 0 R >>", None);
    w.object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>", None);
    w.object(&format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {} {}] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>", PAGE.0, PAGE.1), None);
    w.object(
        &format!("<< /Length {} >>", content.len()),
        Some(content.as_bytes()),
    );
    w.object("<< /Type /Font /Subtype /Type0 /BaseFont /NanumGothic /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 9 0 R >>", None);
    w.object(&format!("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NanumGothic /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /CIDToGIDMap /Identity /DW 1000 /W [{widths}] >>"), None);
    w.object("<< /Type /FontDescriptor /FontName /NanumGothic /Flags 4 /FontBBox [-100 -250 1100 900] /ItalicAngle 0 /Ascent 900 /Descent -250 /CapHeight 700 /StemV 80 /FontFile2 8 0 R >>", None);
    w.object(
        &format!(
            "<< /Length {} /Length1 {} >>",
            font_bytes.len(),
            font_bytes.len()
        ),
        Some(&font_bytes),
    );
    w.object(
        &format!("<< /Length {} >>", cmap.len()),
        Some(cmap.as_bytes()),
    );
    w.finish()
}

/// One A4 page showing a greyscale JPEG, as a scanner's "scan to PDF" makes.
pub fn scan_pdf(jpeg: &[u8], width: u32, height: u32) -> Vec<u8> {
    scan_pdf_pages(&[(jpeg, width, height)])
}

/// One A4 page per greyscale JPEG.
pub fn scan_pdf_pages(pages: &[(&[u8], u32, u32)]) -> Vec<u8> {
    let content = format!("q {} 0 0 {} 0 0 cm /Im1 Do Q", PAGE.0, PAGE.1);
    let mut w = Writer::new();
    // Objects 1 and 2, then three per page: the page, its content and its image.
    let kids: Vec<String> = (0..pages.len())
        .map(|n| format!("{} 0 R", 3 + 3 * n))
        .collect();
    w.object("<< /Type /Catalog /Pages 2 0 R >>", None);
    w.object(
        &format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        ),
        None,
    );
    for (n, (jpeg, width, height)) in pages.iter().enumerate() {
        let (contents, image) = (4 + 3 * n, 5 + 3 * n);
        w.object(
            &format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {} {}] /Resources << /XObject << /Im1 {image} 0 R >> >> /Contents {contents} 0 R >>", PAGE.0, PAGE.1),
            None,
        );
        w.object(
            &format!("<< /Length {} >>", content.len()),
            Some(content.as_bytes()),
        );
        w.object(
            &format!("<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>", jpeg.len()),
            Some(jpeg),
        );
    }
    w.finish()
}
