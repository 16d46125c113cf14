-- Staff accounts for the console: a username and an argon2 password hash, one role each (the
-- same roles as service tokens, without `platform`). Failed logins lock the account for a while.
CREATE TABLE staff_accounts (
    id TEXT PRIMARY KEY NOT NULL,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('reviewer', 'senior', 'ops', 'admin')),
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    created_by TEXT NOT NULL,
    disabled_at TIMESTAMP
);

-- Console sessions, kept server-side so logout and disabling an account end them at once, on
-- every instance. Only the SHA-256 of the cookie's secret is stored.
CREATE TABLE staff_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    staff_id TEXT NOT NULL REFERENCES staff_accounts (id),
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);
