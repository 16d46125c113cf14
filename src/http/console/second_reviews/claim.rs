use actix_web::{web, HttpRequest, HttpResponse};

use super::{claim_and_show, senior};
use crate::auth::staff::Session;
use crate::http::console::page::{check_post, ConsoleError, CsrfForm};
use crate::verification::review::Review;

pub async fn claim(
    req: HttpRequest,
    session: Session,
    review: web::Data<Review>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, ConsoleError> {
    let actor = senior(&session)?;
    check_post(&req, &session, &form.csrf)?;
    Ok(claim_and_show(&review, &actor).await?)
}
