use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::reviewer;
use crate::auth::staff::Session;
use crate::http::console::page::{self, Chrome, ConsoleError, EmptyQuery};
use crate::http::console::time::Kst;
use crate::verification::review::{QueueFilter, QueueOverview, Review};

#[derive(Template)]
#[template(path = "console/review_index.html")]
struct QueuePage {
    chrome: Chrome,
    overview: QueueOverview,
    empty: bool,
}

/// The queue at a glance and the button (and key) that claims the next item.
pub async fn index(
    req: HttpRequest,
    session: Session,
    review: web::Data<Review>,
    query: web::Query<EmptyQuery>,
) -> Result<HttpResponse, ConsoleError> {
    reviewer(&session)?;
    let overview = review.overview(QueueFilter::default(), 20).await?;
    page::render(&QueuePage {
        chrome: Chrome::new(&req, Some(&session), "/console/review"),
        overview,
        empty: query.empty.is_some(),
    })
}
