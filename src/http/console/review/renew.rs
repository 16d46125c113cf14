use actix_web::{web, HttpRequest, HttpResponse};

use super::reviewer;
use crate::auth::staff::Session;
use crate::http::console::page::{check_script_post, ConsoleError};
use crate::http::extract::path_id;
use crate::verification::review::Review;

/// Called by the item page's script while it is open: extends the lease, answers JSON.
pub async fn renew(req: HttpRequest, session: Result<Session, ConsoleError>, review: web::Data<Review>, path: web::Path<String>) -> Result<HttpResponse, ConsoleError> {
    let session = session.map_err(ConsoleError::for_script)?;
    let run = async {
        let actor = reviewer(&session)?;
        check_script_post(&req, &session)?;
        review.renew(&actor, path_id(&path, "verification")?).await
    };
    let claim = run.await.map_err(|e| ConsoleError::from(e).for_script())?;
    Ok(HttpResponse::Ok().json(claim))
}
