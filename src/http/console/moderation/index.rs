use actix_web::{web, HttpRequest, HttpResponse};

use super::moderator;
use crate::auth::staff::Session;
use crate::http::console::page::{self, Chrome, ConsoleError, EmptyQuery, QueuePage};
use crate::moderation::Moderation;

pub async fn index(
    req: HttpRequest,
    session: Session,
    moderation: web::Data<Moderation>,
    query: web::Query<EmptyQuery>,
) -> Result<HttpResponse, ConsoleError> {
    moderator(&session)?;
    let (waiting, in_review) = moderation.backlog().await?;
    let chrome = Chrome::new(&req, Some(&session), "/console/moderation");
    let title = chrome.t.moderation;
    page::render(&QueuePage {
        chrome,
        title,
        claim_action: "/console/moderation/claim",
        waiting,
        in_review,
        empty: query.empty.is_some(),
    })
}
