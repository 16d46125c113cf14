use actix_web::{web, HttpRequest, HttpResponse};

use super::senior;
use crate::auth::staff::Session;
use crate::http::console::page::{self, Chrome, ConsoleError, EmptyQuery, QueuePage};
use crate::verification::review::Review;
use crate::verification::second_review;

pub async fn index(
    req: HttpRequest,
    session: Session,
    review: web::Data<Review>,
    query: web::Query<EmptyQuery>,
) -> Result<HttpResponse, ConsoleError> {
    senior(&session)?;
    let (waiting, in_review) = second_review::backlog(&review.db).await?;
    let chrome = Chrome::new(&req, Some(&session), "/console/second-reviews");
    let title = chrome.t.second_reviews;
    page::render(&QueuePage {
        chrome,
        title,
        claim_action: "/console/second-reviews/claim",
        waiting,
        in_review,
        empty: query.empty.is_some(),
    })
}
