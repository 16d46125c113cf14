use actix_web::{web, HttpRequest, HttpResponse};

use super::claim_and_show;
use crate::auth::staff::Session;
use crate::http::console::page::{check_post, ConsoleError, CsrfForm};
use crate::moderation::Moderation;

pub async fn claim(
    req: HttpRequest,
    session: Session,
    moderation: web::Data<Moderation>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, ConsoleError> {
    check_post(&req, &session, &form.csrf)?;
    Ok(claim_and_show(&moderation, &session).await?)
}
