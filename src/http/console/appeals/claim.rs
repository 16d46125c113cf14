use actix_web::{web, HttpRequest, HttpResponse};

use super::{claim_and_show, senior};
use crate::auth::staff::Session;
use crate::http::console::page::{check_post, ConsoleError, CsrfForm};
use crate::moderation::appeals::Appeals;

pub async fn claim(
    req: HttpRequest,
    session: Session,
    appeals: web::Data<Appeals>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, ConsoleError> {
    let actor = senior(&session)?;
    check_post(&req, &session, &form.csrf)?;
    Ok(claim_and_show(&appeals, &actor).await?)
}
