//! Staff accounts and console sessions. Passwords are stored as argon2id hashes; a session is a
//! random cookie secret stored as its SHA-256 (like service tokens) with its own CSRF token.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use rand::RngCore;

use super::{tokens, Principal, PrincipalKind, Role};
use crate::audit::{self, Actor};
use crate::db::staff::{SessionRow, StaffRow};
use crate::db::{self, types::Id, DbConnection};
use crate::error::AppError;

/// A working day and some: staff sign in once per shift.
pub const SESSION_LIFETIME: Duration = Duration::hours(12);
const LOCK_AFTER_FAILURES: i32 = 5;
const LOCK_DURATION: Duration = Duration::minutes(15);
const MIN_PASSWORD_CHARS: usize = 12;
/// Longer passwords are refused before hashing, so a huge one cannot tie up a worker.
const MAX_PASSWORD_BYTES: usize = 256;
const SESSION_PREFIX: &str = "cps_";

/// A signed-in staff member, as each console request sees them.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: Id,
    pub principal: Principal,
    /// Sent back in every form and `X-CSRF-Token` header; compared with this.
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

pub struct NewSession {
    pub session: Session,
    /// The cookie's value; only its hash is stored.
    pub secret: String,
}

fn random_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

pub fn validate_username(username: &str) -> Result<&str, AppError> {
    let username = username.trim();
    let ok = (2..=64).contains(&username.len())
        && username.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        });
    if !ok {
        return Err(AppError::bad_request(
            "invalid_username",
            "a username is 2 to 64 of a-z, 0-9, '.', '_' and '-'",
        ));
    }
    Ok(username)
}

fn validate_password(password: &str) -> Result<(), AppError> {
    if password.chars().count() < MIN_PASSWORD_CHARS || password.len() > MAX_PASSWORD_BYTES {
        return Err(AppError::bad_request(
            "weak_password",
            format!("a password is at least {MIN_PASSWORD_CHARS} characters (and at most {MAX_PASSWORD_BYTES} bytes)"),
        ));
    }
    Ok(())
}

pub fn hash_password(password: &str) -> Result<String, AppError> {
    validate_password(password)?;
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(AppError::internal)?;
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(AppError::internal)?
        .to_string())
}

fn password_matches(password: &str, stored: &str) -> bool {
    password.len() <= MAX_PASSWORD_BYTES
        && PasswordHash::new(stored).is_ok_and(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
}

/// Checked against when the username is unknown, so a wrong username takes as long as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        hash_password("decoy password, never a real one").expect("hashing a constant works")
    })
}

pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    username: &str,
    display_name: &str,
    role: Role,
    password: &str,
) -> Result<StaffRow, AppError> {
    let username = validate_username(username)?;
    if role == Role::Platform {
        return Err(AppError::bad_request(
            "invalid_role",
            "staff accounts are reviewer, senior, ops or admin; platform is for service tokens",
        ));
    }
    let display_name = tokens::validate_name(display_name)?;
    let row = StaffRow {
        id: Id::new(),
        username: username.to_owned(),
        display_name: display_name.to_owned(),
        role,
        password_hash: hash_password(password)?,
        failed_logins: 0,
        locked_until: None,
        created_at: Utc::now().naive_utc(),
        created_by: actor.id.clone(),
        disabled_at: None,
    };
    db::write_transaction(conn, |conn| {
        if db::staff::find_by_username(conn, &row.username)?.is_some() {
            return Err(AppError::conflict(
                "username_taken",
                format!("there is already a staff account {:?}", row.username),
            ));
        }
        db::staff::insert(conn, &row)?;
        audit::record(
            conn,
            actor,
            "staff.create",
            "staff",
            row.id.as_str(),
            serde_json::json!({"username": row.username, "role": row.role}),
        )
    })?;
    Ok(row)
}

fn find(conn: &mut DbConnection, username: &str) -> Result<StaffRow, AppError> {
    db::staff::find_by_username(conn, username)?
        .ok_or_else(|| AppError::not_found(format!("no staff account {username:?}")))
}

pub fn set_password(
    conn: &mut DbConnection,
    actor: &Actor,
    username: &str,
    password: &str,
) -> Result<(), AppError> {
    let hash = hash_password(password)?;
    db::write_transaction(conn, |conn| {
        let row = find(conn, username)?;
        db::staff::set_password(conn, &row.id, &hash)?;
        // A new password signs out everywhere the old one was used.
        db::staff::end_sessions_of(conn, &row.id, Utc::now().naive_utc())?;
        audit::record(
            conn,
            actor,
            "staff.password",
            "staff",
            row.id.as_str(),
            serde_json::json!({}),
        )
    })
}

pub fn disable(conn: &mut DbConnection, actor: &Actor, username: &str) -> Result<(), AppError> {
    db::write_transaction(conn, |conn| {
        let row = find(conn, username)?;
        let now = Utc::now().naive_utc();
        if !db::staff::disable(conn, &row.id, now)? {
            return Err(AppError::conflict(
                "already_disabled",
                "the account is already disabled",
            ));
        }
        db::staff::end_sessions_of(conn, &row.id, now)?;
        audit::record(
            conn,
            actor,
            "staff.disable",
            "staff",
            row.id.as_str(),
            serde_json::json!({}),
        )
    })
}

fn principal(row: &StaffRow) -> Principal {
    Principal {
        id: row.id.clone(),
        kind: PrincipalKind::Staff,
        name: row.display_name.clone(),
        role: row.role,
    }
}

fn invalid_credentials() -> AppError {
    AppError::unauthorized("the username or password is wrong")
}

fn locked(until: NaiveDateTime) -> AppError {
    AppError::forbidden(format!(
        "too many failed sign-ins; the account is locked until {} UTC",
        until.format("%H:%M")
    ))
}

/// Checks the password and opens a session. Failures are counted (and audited); after
/// `LOCK_AFTER_FAILURES` in a row the account refuses sign-ins for `LOCK_DURATION`.
pub fn login(
    conn: &mut DbConnection,
    username: &str,
    password: &str,
) -> Result<NewSession, AppError> {
    let now = Utc::now().naive_utc();
    // A name no account can have (one with U+0000 would not even reach PostgreSQL) is unknown.
    let known = match validate_username(username) {
        Ok(username) => db::staff::find_by_username(conn, username)?,
        Err(_) => None,
    };
    let Some(row) = known.filter(|r| r.disabled_at.is_none()) else {
        password_matches(password, decoy_hash());
        return Err(invalid_credentials());
    };
    if let Some(until) = row.locked_until.filter(|until| *until > now) {
        return Err(locked(until));
    }
    let actor = Actor::from(&principal(&row));
    if !password_matches(password, &row.password_hash) {
        db::write_transaction(conn, |conn| {
            db::staff::record_failure(conn, &row.id, LOCK_AFTER_FAILURES, now + LOCK_DURATION)?;
            audit::record(
                conn,
                &actor,
                "staff.login_failed",
                "staff",
                row.id.as_str(),
                serde_json::json!({}),
            )
        })?;
        return Err(invalid_credentials());
    }
    let secret = random_secret(SESSION_PREFIX);
    let session = SessionRow {
        id: Id::new(),
        token_hash: tokens::hash(&secret),
        staff_id: row.id.clone(),
        csrf_token: random_secret(""),
        created_at: now,
        expires_at: now + SESSION_LIFETIME,
        ended_at: None,
    };
    db::write_transaction(conn, |conn| {
        db::staff::clear_failures(conn, &row.id)?;
        db::staff::insert_session(conn, &session)?;
        audit::record(
            conn,
            &actor,
            "staff.login",
            "staff",
            row.id.as_str(),
            serde_json::json!({"session": session.id}),
        )
    })?;
    Ok(NewSession {
        session: to_session(session, &row),
        secret,
    })
}

fn to_session(session: SessionRow, row: &StaffRow) -> Session {
    Session {
        id: session.id,
        principal: principal(row),
        csrf_token: session.csrf_token,
        expires_at: session.expires_at.and_utc(),
    }
}

/// The session a cookie names, if it is live.
pub fn resolve(conn: &mut DbConnection, secret: &str) -> Result<Option<Session>, AppError> {
    if !secret.starts_with(SESSION_PREFIX) || secret.len() > 100 {
        return Ok(None);
    }
    let found = db::staff::find_live_session(conn, &tokens::hash(secret), Utc::now().naive_utc())?;
    Ok(found.map(|(session, row)| to_session(session, &row)))
}

pub fn logout(conn: &mut DbConnection, session: &Session) -> Result<(), AppError> {
    db::write_transaction(conn, |conn| {
        db::staff::end_session(conn, &session.id, Utc::now().naive_utc())?;
        audit::record(
            conn,
            &Actor::from(&session.principal),
            "staff.logout",
            "staff",
            session.principal.id.as_str(),
            serde_json::json!({"session": session.id}),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(password_matches("correct horse battery", &hash));
        assert!(!password_matches("correct horse batterY", &hash));
        assert!(!password_matches("correct horse battery", "not a hash"));
        assert_ne!(
            hash,
            hash_password("correct horse battery").unwrap(),
            "salted"
        );
    }

    #[test]
    fn short_and_huge_passwords_are_refused() {
        assert_eq!(hash_password("short").unwrap_err().code, "weak_password");
        assert_eq!(
            hash_password(&"x".repeat(300)).unwrap_err().code,
            "weak_password"
        );
    }

    #[test]
    fn usernames_are_plain_lowercase() {
        assert_eq!(validate_username(" kim.jiyoon ").unwrap(), "kim.jiyoon");
        for bad in ["", "a", "Kim", "kim jiyoon", "김지윤", "x'; --"] {
            assert!(validate_username(bad).is_err(), "{bad:?}");
        }
    }
}
