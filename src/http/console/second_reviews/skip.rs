use actix_web::{web, HttpRequest, HttpResponse};

use super::senior;
use crate::auth::staff::Session;
use crate::http::console::page::{check_post, see_other, ConsoleError, CsrfForm};
use crate::http::extract::path_id;
use crate::verification::review::Review;
use crate::verification::second_review;

/// Hands the second review back and returns to the queue page.
pub async fn skip(
    req: HttpRequest,
    session: Session,
    review: web::Data<Review>,
    path: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, ConsoleError> {
    let actor = senior(&session)?;
    check_post(&req, &session, &form.csrf)?;
    second_review::release(&review.db, &actor, path_id(&path, "second review")?).await?;
    Ok(see_other("/console/second-reviews"))
}
