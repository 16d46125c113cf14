use actix_web::{web, HttpRequest, HttpResponse};

use super::{claim_and_show, reviewer};
use crate::auth::staff::Session;
use crate::http::console::page::{check_post, ConsoleError, CsrfForm};
use crate::http::extract::path_id;
use crate::verification::review::{QueueFilter, Review};

/// Hands the item back to the queue and claims another one.
pub async fn skip(
    req: HttpRequest,
    session: Session,
    review: web::Data<Review>,
    path: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, ConsoleError> {
    let actor = reviewer(&session)?;
    check_post(&req, &session, &form.csrf)?;
    let id = path_id(&path, "verification")?;
    review.release(&actor, id.clone()).await?;
    Ok(claim_and_show(
        &review,
        &actor,
        QueueFilter {
            skip: Some(id),
            ..QueueFilter::default()
        },
    )
    .await?)
}
