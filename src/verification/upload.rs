//! Checks an uploaded document before anything else touches it: its real type by magic bytes
//! (never by its name), its size, and, for images, dimensions and decoder memory capped before
//! decoding (decompression bombs), a full decode (truncation, corruption) and EXIF orientation.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

use super::pdf;
use crate::error::AppError;
use crate::storage::{ContentHash, Storage};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Jpeg,
    Png,
    Webp,
    Tiff,
    Pdf,
}

impl FileType {
    /// The type the bytes really are, or `None` for anything not accepted.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        match bytes {
            [0xFF, 0xD8, 0xFF, ..] => Some(Self::Jpeg),
            [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some(Self::Png),
            [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Some(Self::Webp),
            [b'I', b'I', 0x2A, 0x00, ..] | [b'M', b'M', 0x00, 0x2A, ..] => Some(Self::Tiff),
            [b'%', b'P', b'D', b'F', b'-', ..] => Some(Self::Pdf),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Jpeg => "jpeg",
            Self::Png => "png",
            Self::Webp => "webp",
            Self::Tiff => "tiff",
            Self::Pdf => "pdf",
        }
    }

    /// The type recorded for a stored file.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Jpeg, Self::Png, Self::Webp, Self::Tiff, Self::Pdf]
            .into_iter()
            .find(|t| t.as_str() == text)
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
            Self::Tiff => "image/tiff",
            Self::Pdf => "application/pdf",
        }
    }

    fn image_format(self) -> Option<image::ImageFormat> {
        match self {
            Self::Jpeg => Some(image::ImageFormat::Jpeg),
            Self::Png => Some(image::ImageFormat::Png),
            Self::Webp => Some(image::ImageFormat::WebP),
            Self::Tiff => Some(image::ImageFormat::Tiff),
            Self::Pdf => None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct UploadLimits {
    pub max_bytes: usize,
    pub max_width: u32,
    pub max_height: u32,
    /// Most memory a decoder may allocate, in bytes.
    pub max_alloc: u64,
}

impl Default for UploadLimits {
    fn default() -> Self {
        Self {
            max_bytes: 15 * 1024 * 1024,
            max_width: 10_000,
            max_height: 10_000,
            max_alloc: 512 * 1024 * 1024,
        }
    }
}

/// Refuses empty, oversized and unaccepted files; returns the real type.
pub fn check_file(bytes: &[u8], limits: &UploadLimits) -> Result<FileType, AppError> {
    if bytes.is_empty() {
        return Err(AppError::bad_request(
            "empty_file",
            "the uploaded file is empty",
        ));
    }
    if bytes.len() > limits.max_bytes {
        return Err(AppError::payload_too_large(format!(
            "files may be at most {} bytes",
            limits.max_bytes
        )));
    }
    FileType::sniff(bytes).ok_or_else(|| {
        AppError::unsupported_media_type(
            "the file is not a JPEG, PNG, WebP, TIFF or PDF (judged by its content, not its name)",
        )
    })
}

/// Proves the file can be read before it is accepted: images decode within the limits, PDFs open
/// and their first page rasterises.
pub fn validate_content(
    bytes: &[u8],
    file_type: FileType,
    limits: &UploadLimits,
) -> Result<(), AppError> {
    match file_type {
        FileType::Pdf => pdf::inspect(bytes).map(|_| ()),
        image => decode_image(bytes, image, limits).map(|_| ()),
    }
}

/// Proves a file that passed [`check_file`] readable (off the async threads: decoding is slow),
/// then stores it durably and returns its name.
pub async fn validate_and_store(
    storage: &dyn Storage,
    bytes: Vec<u8>,
    file_type: FileType,
    limits: UploadLimits,
) -> Result<ContentHash, AppError> {
    let bytes = std::sync::Arc::new(bytes);
    let checked = bytes.clone();
    tokio::task::spawn_blocking(move || validate_content(&checked, file_type, &limits))
        .await
        .map_err(AppError::internal)??;
    storage.put(&bytes).await
}

/// Decodes an image within the limits and turns it upright per its EXIF orientation.
pub fn decode_image(
    bytes: &[u8],
    file_type: FileType,
    limits: &UploadLimits,
) -> Result<DynamicImage, AppError> {
    let format = file_type
        .image_format()
        .ok_or_else(|| AppError::bad_request("not_an_image", "this file type is not an image"))?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut decoder_limits = Limits::default();
    decoder_limits.max_image_width = Some(limits.max_width);
    decoder_limits.max_image_height = Some(limits.max_height);
    decoder_limits.max_alloc = Some(limits.max_alloc);
    reader.limits(decoder_limits);
    if file_type == FileType::Jpeg && !jpeg_reaches_end_of_image(bytes) {
        return Err(AppError::bad_request(
            "corrupt_image",
            "the JPEG is truncated: its image data stops before the end marker",
        ));
    }
    let mut decoder = reader.into_decoder().map_err(image_error)?;
    // The limits reach the decoder's own buffers, not the output image: check that here.
    if decoder.total_bytes() > limits.max_alloc {
        return Err(AppError::bad_request(
            "image_too_large",
            format!(
                "decoding the image would take {} bytes; the limit is {}",
                decoder.total_bytes(),
                limits.max_alloc
            ),
        ));
    }
    let orientation = decoder.orientation().map_err(image_error)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(image_error)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// The JPEG decoder fills a cut-off scan with grey instead of failing, so walk the markers: skip
/// each header segment by its length, then the entropy-coded data (where 0xFF is followed by 0x00
/// or a restart marker) until the end-of-image marker. A file that ends first is truncated.
fn jpeg_reaches_end_of_image(bytes: &[u8]) -> bool {
    let mut i = 2;
    while i + 1 < bytes.len() {
        if bytes[i] != 0xFF {
            return false;
        }
        let marker = bytes[i + 1];
        match marker {
            0xD9 => return true,
            0xFF => i += 1,
            0x01 | 0xD0..=0xD7 => i += 2,
            _ => {
                let Some(length) = bytes
                    .get(i + 2..i + 4)
                    .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
                else {
                    return false;
                };
                i += 2 + length;
                if marker == 0xDA {
                    // Entropy-coded data runs to the next marker that is not a stuffed byte or restart.
                    while i + 1 < bytes.len()
                        && (bytes[i] != 0xFF || matches!(bytes[i + 1], 0x00 | 0xD0..=0xD7))
                    {
                        i += 1;
                    }
                }
            }
        }
    }
    false
}

fn image_error(err: image::ImageError) -> AppError {
    match err {
        image::ImageError::Limits(e) => AppError::bad_request(
            "image_too_large",
            format!("the image is larger than allowed ({e}); send a smaller scan or photo"),
        ),
        image::ImageError::Unsupported(e) => AppError::bad_request(
            "unsupported_image",
            format!("this image variant is not supported: {e}"),
        ),
        other => AppError::bad_request(
            "corrupt_image",
            format!("the image could not be read (truncated or corrupt): {other}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{GrayImage, ImageFormat, Luma};

    fn encoded(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
        let img = GrayImage::from_fn(width, height, |x, y| Luma([((x * 7 + y * 3) % 256) as u8]));
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageLuma8(img)
            .write_to(&mut out, format)
            .unwrap();
        out.into_inner()
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &byte in data {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// A valid small PNG whose header claims 20000×20000 pixels.
    fn png_bomb() -> Vec<u8> {
        let mut png = encoded(8, 8, ImageFormat::Png);
        // IHDR data starts at byte 16 (8 signature + 4 length + 4 type); its CRC follows 13 bytes.
        png[16..20].copy_from_slice(&20_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&20_000u32.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        png
    }

    /// A JPEG carrying an EXIF orientation tag (6: rotate 90° clockwise to view).
    fn jpeg_with_orientation(width: u32, height: u32, orientation: u16) -> Vec<u8> {
        let jpeg = encoded(width, height, ImageFormat::Jpeg);
        let mut tiff = b"II*\0\x08\0\0\0\x01\0".to_vec();
        tiff.extend_from_slice(&[0x12, 0x01, 0x03, 0x00, 0x01, 0, 0, 0]);
        tiff.extend_from_slice(&orientation.to_le_bytes());
        tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend_from_slice(&tiff);
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
        out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(&app1);
        out.extend_from_slice(&jpeg[2..]);
        out
    }

    #[test]
    fn sniffs_by_content_not_name() {
        let limits = UploadLimits::default();
        assert_eq!(
            check_file(&encoded(4, 4, ImageFormat::Png), &limits).unwrap(),
            FileType::Png
        );
        assert_eq!(
            check_file(&encoded(4, 4, ImageFormat::Jpeg), &limits).unwrap(),
            FileType::Jpeg
        );
        assert_eq!(
            check_file(&encoded(4, 4, ImageFormat::WebP), &limits).unwrap(),
            FileType::Webp
        );
        assert_eq!(
            check_file(&encoded(4, 4, ImageFormat::Tiff), &limits).unwrap(),
            FileType::Tiff
        );
        assert_eq!(
            check_file(b"%PDF-1.7\n...", &limits).unwrap(),
            FileType::Pdf
        );
        let html = b"<!DOCTYPE html><html><script>alert(1)</script></html>";
        assert_eq!(
            check_file(html, &limits).unwrap_err().code,
            "unsupported_media_type"
        );
        assert_eq!(check_file(b"", &limits).unwrap_err().code, "empty_file");
        let small = UploadLimits {
            max_bytes: 10,
            ..limits
        };
        assert_eq!(
            check_file(&encoded(4, 4, ImageFormat::Png), &small)
                .unwrap_err()
                .code,
            "payload_too_large"
        );
    }

    #[test]
    fn every_accepted_image_type_decodes() {
        let limits = UploadLimits::default();
        for format in [
            ImageFormat::Png,
            ImageFormat::Jpeg,
            ImageFormat::WebP,
            ImageFormat::Tiff,
        ] {
            let bytes = encoded(30, 20, format);
            let image =
                decode_image(&bytes, check_file(&bytes, &limits).unwrap(), &limits).unwrap();
            assert_eq!((image.width(), image.height()), (30, 20), "{format:?}");
        }
    }

    #[test]
    fn decompression_bomb_is_refused_before_decoding() {
        let limits = UploadLimits::default();
        let bomb = png_bomb();
        assert!(bomb.len() < 1000);
        let err = decode_image(&bomb, check_file(&bomb, &limits).unwrap(), &limits).unwrap_err();
        assert_eq!(err.code, "image_too_large");
        // Within the pixel limits but over the memory budget: also refused.
        let tight = UploadLimits {
            max_alloc: 1024,
            ..limits
        };
        let bytes = encoded(100, 100, ImageFormat::Png);
        assert_eq!(
            decode_image(&bytes, FileType::Png, &tight)
                .unwrap_err()
                .code,
            "image_too_large"
        );
    }

    #[test]
    fn truncated_and_corrupt_images_are_refused() {
        let limits = UploadLimits::default();
        for format in [ImageFormat::Png, ImageFormat::Jpeg] {
            let bytes = encoded(64, 64, format);
            let truncated = &bytes[..bytes.len() / 2];
            let err = decode_image(truncated, check_file(truncated, &limits).unwrap(), &limits)
                .unwrap_err();
            assert_eq!(err.code, "corrupt_image", "{format:?}");
        }
        let mut garbage = vec![0xFF, 0xD8, 0xFF];
        garbage.extend(std::iter::repeat_n(0x42, 500));
        assert_eq!(
            decode_image(&garbage, FileType::Jpeg, &limits)
                .unwrap_err()
                .code,
            "corrupt_image"
        );
    }

    #[test]
    fn exif_orientation_is_honoured() {
        let limits = UploadLimits::default();
        let rotated = jpeg_with_orientation(40, 20, 6);
        let image = decode_image(&rotated, FileType::Jpeg, &limits).unwrap();
        assert_eq!((image.width(), image.height()), (20, 40));
        let upright = jpeg_with_orientation(40, 20, 1);
        let image = decode_image(&upright, FileType::Jpeg, &limits).unwrap();
        assert_eq!((image.width(), image.height()), (40, 20));
    }
}
