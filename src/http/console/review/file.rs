use actix_web::{web, HttpResponse};

use super::reviewer;
use crate::auth::staff::Session;
use crate::http::console::page::ConsoleError;
use crate::http::extract::path_id;
use crate::http::files::personal_file;
use crate::verification::intake::Intake;
use crate::verification::items;
use crate::verification::upload::FileType;

/// Page `n` of a PDF document as an image; audited like the file.
pub async fn page(
    session: Session,
    intake: web::Data<Intake>,
    path: web::Path<(String, u32)>,
) -> Result<HttpResponse, ConsoleError> {
    let actor = reviewer(&session)?;
    let (id, n) = path.into_inner();
    let png = items::open_page(&intake, &actor, path_id(&id, "verification")?, n).await?;
    Ok(personal_file(FileType::Png, "page", png))
}

/// The document for the page's image; audited like the API's download.
pub async fn file(
    session: Session,
    intake: web::Data<Intake>,
    path: web::Path<String>,
) -> Result<HttpResponse, ConsoleError> {
    let actor = reviewer(&session)?;
    let (file_type, bytes) =
        items::open_file(&intake, &actor, path_id(&path, "verification")?).await?;
    Ok(personal_file(file_type, "document", bytes))
}
