use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use crate::auth::staff::Session;
use crate::auth::Role;
use crate::http::console::page::{self, Chrome, ConsoleError};
use crate::moderation::Moderation;
use crate::policy::active::{ActiveSummary, PolicyHistory};

#[derive(Template)]
#[template(path = "console/policy.html")]
struct PolicyPage {
    chrome: Chrome,
    active: ActiveSummary,
    history: PolicyHistory,
}

/// The active policy and every version and activation (ops only).
pub async fn show(req: HttpRequest, session: Session, moderation: web::Data<Moderation>) -> Result<HttpResponse, ConsoleError> {
    session.principal.require(&[Role::Ops])?;
    let policy = moderation.policy.clone();
    let active = policy.current().summary();
    let history = moderation.db.run(move |conn| policy.history(conn)).await?;
    page::render(&PolicyPage { chrome: Chrome::new(&req, Some(&session), "/console/policy"), active, history })
}
