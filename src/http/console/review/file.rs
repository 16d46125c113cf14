use actix_web::{web, HttpResponse};

use super::reviewer;
use crate::auth::staff::Session;
use crate::http::console::page::ConsoleError;
use crate::http::extract::path_id;
use crate::http::files::personal_file;
use crate::verification::intake::Intake;
use crate::verification::items;

/// The document for the page's image; audited like the API's download.
pub async fn file(session: Session, intake: web::Data<Intake>, path: web::Path<String>) -> Result<HttpResponse, ConsoleError> {
    let actor = reviewer(&session)?;
    let (file_type, bytes) = items::open_file(&intake, &actor, path_id(&path, "verification")?).await?;
    Ok(personal_file(file_type, "document", bytes))
}
