//! Multipart forms with files (document submissions, appeals, takedown requests): short text
//! fields, each at most once, and up to a number of files, each refused as soon as it passes the
//! size limit while it streams in, so an oversized upload is never held in memory whole.

use std::collections::HashMap;

use actix_multipart::{Field, Multipart, MultipartError};
use actix_web::http::header;
use actix_web::HttpRequest;
use futures_util::TryStreamExt;

use crate::error::AppError;

/// Text fields are short; anything longer is not an id, a type or a claim.
const MAX_TEXT_FIELD: usize = 16 * 1024;
/// Room for the multipart framing and text fields around the files.
const FORM_OVERHEAD: usize = 64 * 1024;

/// What a form may hold.
pub struct FormSpec {
    pub texts: &'static [&'static str],
    /// The name every file part has.
    pub file_field: &'static str,
    pub max_files: usize,
    pub max_file_bytes: usize,
    /// Longest text field in bytes (statements run longer than ids).
    pub max_text_bytes: usize,
}

/// A form as read: text fields by name and the files in the order sent.
#[derive(Debug, Default)]
pub struct FormData {
    texts: HashMap<&'static str, String>,
    pub files: Vec<Vec<u8>>,
}

impl FormData {
    pub fn take(&mut self, name: &str) -> Option<String> {
        self.texts.remove(name)
    }
}

impl FormSpec {
    pub const fn new(
        texts: &'static [&'static str],
        file_field: &'static str,
        max_files: usize,
        max_file_bytes: usize,
    ) -> Self {
        Self {
            texts,
            file_field,
            max_files,
            max_file_bytes,
            max_text_bytes: MAX_TEXT_FIELD,
        }
    }

    /// Reads the form, refusing a declared oversized body before reading any of it.
    pub async fn read(&self, req: &HttpRequest, mut form: Multipart) -> Result<FormData, AppError> {
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
        let most = self.max_file_bytes * self.max_files
            + self.max_text_bytes * self.texts.len()
            + FORM_OVERHEAD;
        if declared.is_some_and(|n| n > most) {
            return Err(self.too_large());
        }
        let mut data = FormData::default();
        while let Some(field) = form.try_next().await.map_err(form_error)? {
            let name = field.name().unwrap_or_default().to_owned();
            if name == self.file_field {
                if data.files.len() == self.max_files {
                    return Err(match self.max_files {
                        1 => duplicate(&name),
                        n => AppError::bad_request(
                            "too_many_files",
                            format!("at most {n} files may be sent"),
                        ),
                    });
                }
                let bytes = read_capped(field, self.max_file_bytes)
                    .await?
                    .ok_or_else(|| self.too_large())?;
                data.files.push(bytes);
                continue;
            }
            let Some(&known) = self.texts.iter().find(|t| **t == name) else {
                return Err(AppError::bad_request(
                    "unknown_field",
                    format!("unexpected form field {name:?}"),
                ));
            };
            let bytes = read_capped(field, self.max_text_bytes)
                .await?
                .ok_or_else(|| {
                    AppError::bad_request(
                        "field_too_long",
                        format!(
                            "the field `{name}` is longer than {} bytes",
                            self.max_text_bytes
                        ),
                    )
                })?;
            let text = String::from_utf8(bytes).map_err(|_| {
                AppError::bad_request(
                    "invalid_field",
                    format!("the field `{name}` is not UTF-8 text"),
                )
            })?;
            if data.texts.insert(known, text).is_some() {
                return Err(duplicate(&name));
            }
        }
        Ok(data)
    }

    fn too_large(&self) -> AppError {
        AppError::payload_too_large(format!(
            "each file may be at most {} bytes",
            self.max_file_bytes
        ))
    }
}

fn duplicate(name: &str) -> AppError {
    AppError::bad_request(
        "duplicate_field",
        format!("the field `{name}` was sent twice"),
    )
}

/// The field's bytes, or `None` as soon as they pass `cap` (the rest is not read).
async fn read_capped(mut field: Field, cap: usize) -> Result<Option<Vec<u8>>, AppError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.try_next().await.map_err(form_error)? {
        if bytes.len() + chunk.len() > cap {
            return Ok(None);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Some(bytes))
}

fn form_error(err: MultipartError) -> AppError {
    match err {
        MultipartError::ContentTypeMissing
        | MultipartError::ContentTypeParse
        | MultipartError::ContentTypeIncompatible => {
            AppError::unsupported_media_type("send the form as multipart/form-data")
        }
        other => AppError::bad_request(
            "invalid_form",
            format!("the multipart body could not be read: {other}"),
        ),
    }
}
