use actix_web::{web, HttpRequest, HttpResponse};

use super::senior;
use crate::auth::staff::Session;
use crate::http::console::page::{self, Chrome, ConsoleError, EmptyQuery, QueuePage};
use crate::moderation::appeals::Appeals;

pub async fn index(
    req: HttpRequest,
    session: Session,
    appeals: web::Data<Appeals>,
    query: web::Query<EmptyQuery>,
) -> Result<HttpResponse, ConsoleError> {
    senior(&session)?;
    let (waiting, in_review) = appeals.backlog().await?;
    let chrome = Chrome::new(&req, Some(&session), "/console/appeals");
    let title = chrome.t.appeals;
    page::render(&QueuePage {
        chrome,
        title,
        claim_action: "/console/appeals/claim",
        waiting,
        in_review,
        empty: query.empty.is_some(),
    })
}
