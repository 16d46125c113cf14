//! Files users send with appeals and review takedown requests: checked as documents are (type by
//! content, size, a full decode within the limits), stored durably before their rows are
//! committed, and opened only by staff, each opening audited.

use std::sync::Arc;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::audit::{self, Actor};
use crate::db::appeals::{self as store, AttachmentRow};
use crate::db::{self, types::Id, Db};
use crate::error::AppError;
use crate::storage::{ContentHash, Storage};
use crate::verification::upload::{self, FileType, UploadLimits};

pub const MAX_FILES: usize = 10;

/// What an attachment row points to.
#[derive(Debug, Clone, Copy)]
pub enum Owner {
    Appeal,
    Report,
}

impl Owner {
    pub fn as_str(self) -> &'static str {
        match self {
            Owner::Appeal => "appeal",
            Owner::Report => "report",
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AttachmentView {
    /// 1-based, in the order sent.
    pub position: i32,
    /// jpeg, png, webp, tiff or pdf
    pub file_type: String,
    pub size: i64,
}

impl From<AttachmentRow> for AttachmentView {
    fn from(row: AttachmentRow) -> Self {
        Self {
            position: row.position,
            file_type: row.file_type,
            size: row.file_size,
        }
    }
}

/// Files checked for type and size, not yet decoded or stored.
pub struct Checked(Vec<(Vec<u8>, FileType)>);

/// Files stored durably, ready to be pointed to.
pub struct Stored(Vec<(ContentHash, FileType, i64)>);

/// Refuses too many files and any empty, oversized or unaccepted one; cheap, so it runs before
/// anything is looked up.
pub fn check(files: Vec<Vec<u8>>, limits: &UploadLimits) -> Result<Checked, AppError> {
    if files.len() > MAX_FILES {
        return Err(AppError::bad_request(
            "too_many_files",
            format!("at most {MAX_FILES} files may be sent"),
        ));
    }
    let checked = files
        .into_iter()
        .map(|file| upload::check_file(&file, limits).map(|t| (file, t)))
        .collect::<Result<_, _>>()?;
    Ok(Checked(checked))
}

impl Checked {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Proves each file readable and stores it.
    pub async fn store(
        self,
        storage: &Arc<dyn Storage>,
        limits: UploadLimits,
    ) -> Result<Stored, AppError> {
        let mut stored = Vec::with_capacity(self.0.len());
        for (file, file_type) in self.0 {
            let size = file.len() as i64;
            stored.push((
                upload::validate_and_store(storage.as_ref(), file, file_type, limits).await?,
                file_type,
                size,
            ));
        }
        Ok(Stored(stored))
    }
}

impl Stored {
    /// The rows that point the owner to its files, in the order they were sent.
    pub fn rows(&self, owner: Owner, owner_id: &Id, now: NaiveDateTime) -> Vec<AttachmentRow> {
        self.0
            .iter()
            .zip(1..)
            .map(|((hash, file_type, size), position)| AttachmentRow {
                id: Id::new(),
                owner_type: owner.as_str().to_owned(),
                owner_id: owner_id.clone(),
                position,
                file_sha256: hash.as_str().to_owned(),
                file_type: file_type.as_str().to_owned(),
                file_size: *size,
                created_at: now,
            })
            .collect()
    }
}

/// One attachment's bytes for staff; the opening is audited as `<owner>.attachment_viewed`.
pub async fn open(
    db: &Db,
    storage: &Arc<dyn Storage>,
    actor: &Actor,
    owner: Owner,
    owner_id: Id,
    position: i32,
) -> Result<(FileType, Vec<u8>), AppError> {
    let actor = actor.clone();
    let row = db
        .run(move |conn| {
            db::write_transaction(conn, |conn| {
                let row = store::attachment(conn, owner.as_str(), &owner_id, position)?
                    .ok_or_else(|| {
                        AppError::not_found(format!(
                            "no attachment at that position of that {}",
                            owner.as_str()
                        ))
                    })?;
                let action = format!("{}.attachment_viewed", owner.as_str());
                audit::record(
                    conn,
                    &actor,
                    &action,
                    owner.as_str(),
                    owner_id.as_str(),
                    serde_json::json!({ "position": position }),
                )?;
                Ok(row)
            })
        })
        .await?;
    let file_type = FileType::parse(&row.file_type)
        .ok_or_else(|| AppError::internal("stored file type is unknown"))?;
    let hash = ContentHash::parse(&row.file_sha256)
        .ok_or_else(|| AppError::internal("stored hash is malformed"))?;
    Ok((file_type, storage.get(&hash).await?))
}
