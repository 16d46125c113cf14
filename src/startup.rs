//! Builds the HTTP server from settings (the composition root). Tests build it on port 0.

use std::net::TcpListener;
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServerHandle, Service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::ErrorHandlers;
use actix_web::{web, App, HttpMessage, HttpServer};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RequestId, RootSpanBuilder, TracingLogger};

use std::sync::Arc;

use crate::auth::cache::TokenCache;
use crate::config::{Settings, StorageBackend};
use crate::db::Db;
use crate::http;
use crate::jobs::outbox::Webhook;
use crate::jobs::{Runner, RunnerOptions};
use crate::moderation::appeal_link::AppealLinks;
use crate::moderation::appeals::Appeals;
use crate::moderation::{AllowedWriter, Moderation};
use crate::policy::active::{self, ActivePolicy};
use crate::storage::{object::S3Location, LocalStorage, ObjectStorage, Storage};
use crate::verification::intake::Intake;
use crate::verification::precheck::{checks::Thresholds, PrecheckJob};
use crate::verification::review::Review;
use crate::verification::upload::UploadLimits;
use crate::verification::{provider, sweep};

/// The default request span plus `principal`, which the auth extractor fills in, so every log
/// line of a request says who made it; one access line is written when the request ends.
struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        tracing_actix_web::root_span!(request, principal = tracing::field::Empty)
    }

    fn on_request_end<B: MessageBody>(
        span: Span,
        outcome: &Result<ServiceResponse<B>, actix_web::Error>,
    ) {
        DefaultRootSpanBuilder::on_request_end(span.clone(), outcome);
        span.in_scope(|| tracing::info!("request finished"));
    }
}

pub struct Application {
    port: u16,
    server: Server,
    db: Db,
    runners: Vec<Runner>,
    /// Periodic tasks: the orphan-file sweep, the lapsing-licence check and the policy poll.
    tasks: Vec<tokio::task::JoinHandle<()>>,
    allowed_scans: Arc<AllowedWriter>,
}

impl Application {
    /// Connects, migrates, binds and builds the server; `run_until_stopped` starts serving.
    pub fn build(settings: &Settings) -> anyhow::Result<Self> {
        let db = Db::connect(&settings.database_url, settings.db_pool_size)?;
        let applied = db.migrate()?;
        tracing::info!(backend = ?db.backend(), applied = applied.len(), "database migrated");
        let storage = storage(settings)?;
        let limits = UploadLimits {
            max_bytes: settings.max_upload_bytes,
            max_width: settings.max_image_pixels,
            max_height: settings.max_image_pixels,
            max_alloc: settings.max_decode_bytes,
        };
        // Must run inside the runtime that will serve: storage I/O for the workers runs on it.
        let io = tokio::runtime::Handle::current();
        let precheck = PrecheckJob {
            storage: storage.clone(),
            io: io.clone(),
            limits,
            thresholds: Thresholds::default(),
            tessdata: settings.tessdata_dir.clone(),
        };
        let job_options = RunnerOptions {
            workers: settings.precheck_worker_count(),
            lease: Duration::from_secs(settings.job_lease_secs.max(3)),
            poll_interval: Duration::from_millis(settings.job_poll_interval_ms.max(10)),
            base_backoff: Duration::from_secs(5),
        };
        let mut runners = vec![Runner::start(
            db.clone(),
            Arc::new(precheck),
            job_options.clone(),
        )];
        let appeal_links = (!settings.appeal_link_secret.is_empty()).then(|| {
            Arc::new(AppealLinks::new(
                settings.appeal_link_secret.clone().into_bytes(),
                &settings.public_url,
                chrono::Duration::days(i64::from(settings.appeal_deadline_days)),
            ))
        });
        if let Some(webhook) = webhook(settings, appeal_links.clone())? {
            let options = RunnerOptions {
                workers: settings.notification_workers.max(1),
                base_backoff: Duration::from_millis(settings.notification_backoff_ms.max(1)),
                ..job_options
            };
            runners.push(Runner::start(db.clone(), Arc::new(webhook), options));
        }
        let notification_attempts = settings.notification_max_attempts.max(1);
        let policy_file = Some(settings.policy_file.trim())
            .filter(|f| !f.is_empty())
            .map(Into::into);
        let policy = Arc::new(ActivePolicy::start(
            &mut *db.get()?,
            policy_file,
            settings.policy_approvals,
        )?);
        let allowed_scans = AllowedWriter::start(db.clone(), settings.scan_buffer);
        let tasks = vec![
            io.spawn(active::run_periodically(
                db.clone(),
                policy.clone(),
                Duration::from_millis(settings.policy_poll_interval_ms.max(10)),
            )),
            io.spawn(sweep::run_periodically(
                db.clone(),
                storage.clone(),
                Duration::from_secs(settings.sweep_interval_secs.max(1)),
                Duration::from_secs(settings.sweep_min_age_secs),
            )),
            io.spawn(provider::run_periodically(
                db.clone(),
                Duration::from_secs(settings.license_check_interval_secs.max(1)),
                settings.license_renewal_lead_days,
                notification_attempts,
            )),
        ];
        let review = web::Data::new(Review {
            db: db.clone(),
            lease: Duration::from_secs(settings.review_lease_secs.max(1)),
            second_review_rate: settings.second_review_rate.clamp(0.0, 1.0),
            notification_attempts,
        });
        let moderation = web::Data::new(Moderation {
            db: db.clone(),
            policy,
            allowed: allowed_scans.clone(),
            notification_attempts,
            lease: Duration::from_secs(settings.review_lease_secs.max(1)),
            storage: storage.clone(),
            limits,
        });
        let appeals = web::Data::new(Appeals {
            db: db.clone(),
            storage: storage.clone(),
            limits,
            deadline: chrono::Duration::days(i64::from(settings.appeal_deadline_days)),
            lease: Duration::from_secs(settings.review_lease_secs.max(1)),
            notification_attempts,
        });
        let intake = web::Data::new(Intake {
            db: db.clone(),
            storage,
            limits,
            precheck_max_attempts: settings.precheck_max_attempts.max(1),
        });

        let listener = TcpListener::bind((settings.host.as_str(), settings.port))?;
        let port = listener.local_addr()?.port();
        let metrics = http::metrics::middleware(&db, allowed_scans.clone(), settings.sla_targets())
            .map_err(|e| anyhow::anyhow!("metrics: {e}"))?;
        let db_data = web::Data::new(db.clone());
        let token_cache = web::Data::new(TokenCache::new(Duration::from_secs(
            settings.auth_cache_secs,
        )));
        let json_limit = settings.json_limit_bytes;
        let sla_targets = web::Data::new(settings.sla_targets());
        let console = web::Data::new(http::console::ConsoleSettings {
            secure_cookie: settings.console_secure_cookie,
            idle_secs: settings.console_idle_secs,
            leave_grace_secs: settings.console_leave_grace_secs,
            appeal_links,
        });

        // Only the first registration counts; every server in the process writes the same body.
        actix_http::h1::set_error_body(http::error::parser_error_body);
        let server = HttpServer::new(move || {
            App::new()
                .app_data(db_data.clone())
                .app_data(token_cache.clone())
                .app_data(intake.clone())
                .app_data(review.clone())
                .app_data(moderation.clone())
                .app_data(appeals.clone())
                .app_data(console.clone())
                .app_data(sla_targets.clone())
                .app_data(
                    web::JsonConfig::default()
                        .limit(json_limit)
                        .error_handler(http::error::json_error),
                )
                .app_data(web::PathConfig::default().error_handler(http::error::path_error))
                .app_data(web::QueryConfig::default().error_handler(http::error::query_error))
                .configure(http::routes)
                .wrap_fn(|req, srv| {
                    let routed = match http::extract::check_path(req.path()) {
                        Ok(()) => Ok(srv.call(req)),
                        Err(error) => Err(req.error_response(error)),
                    };
                    async move {
                        match routed {
                            Ok(response) => Ok(response.await?.map_into_boxed_body()),
                            Err(refused) => Ok(refused),
                        }
                    }
                })
                .wrap(ErrorHandlers::new().default_handler(http::error::ensure_json_body))
                .wrap(metrics.clone())
                .wrap_fn(|req, srv| {
                    let request_id = req.extensions().get::<RequestId>().map(|id| id.to_string());
                    let response = srv.call(req);
                    async move {
                        let mut response = response.await?;
                        if let Some(value) =
                            request_id.and_then(|id| HeaderValue::from_str(&id).ok())
                        {
                            response
                                .headers_mut()
                                .insert(HeaderName::from_static("x-request-id"), value);
                        }
                        Ok(response)
                    }
                })
                .wrap(TracingLogger::<RequestSpan>::new())
        })
        .listen(listener)?
        .workers(settings.worker_count())
        // In-flight requests get this long to finish after SIGTERM/SIGINT; new ones are refused.
        .shutdown_timeout(settings.shutdown_timeout_secs)
        .client_request_timeout(Duration::from_secs(30))
        .run();
        Ok(Self {
            port,
            server,
            db,
            runners,
            tasks,
            allowed_scans,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until SIGTERM/SIGINT, then lets each OCR worker finish the job in hand.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        for task in &self.tasks {
            task.abort();
        }
        let runners = self.runners;
        let allowed_scans = self.allowed_scans;
        tokio::task::spawn_blocking(move || {
            allowed_scans.stop();
            runners.into_iter().for_each(Runner::stop)
        })
        .await
        .map_err(std::io::Error::other)?;
        served
    }
}

fn webhook(
    settings: &Settings,
    links: Option<Arc<AppealLinks>>,
) -> anyhow::Result<Option<Webhook>> {
    let Some(url) = settings.webhook_url.clone().filter(|u| !u.is_empty()) else {
        return Ok(None);
    };
    let secret = settings
        .webhook_secret
        .clone()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| anyhow::anyhow!("webhook_url needs webhook_secret"))?;
    Ok(Some(Webhook::new(
        url,
        secret.into_bytes(),
        Duration::from_secs(settings.webhook_timeout_secs.max(1)),
        links,
    )?))
}

fn storage(settings: &Settings) -> anyhow::Result<Arc<dyn Storage>> {
    Ok(match settings.storage_backend {
        StorageBackend::Local => Arc::new(LocalStorage::new(&settings.files_dir)?),
        StorageBackend::S3 => {
            let bucket = settings
                .s3_bucket
                .clone()
                .ok_or_else(|| anyhow::anyhow!("storage_backend = s3 needs s3_bucket"))?;
            Arc::new(ObjectStorage::s3(&S3Location {
                bucket,
                region: settings.s3_region.clone(),
                endpoint: settings.s3_endpoint.clone(),
                allow_http: settings.s3_allow_http,
                prefix: settings.s3_prefix.clone(),
            })?)
        }
    })
}
