// Kept by hand in step with migrations/{sqlite,postgres}: only types both backends share.

diesel::table! {
    api_tokens (id) {
        id -> Text,
        name -> Text,
        role -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        created_by -> Text,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor -> Text,
        action -> Text,
        subject_type -> Text,
        subject_id -> Text,
        detail -> Text,
    }
}
diesel::table! {
    jobs (id) {
        id -> Text,
        kind -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        max_attempts -> Integer,
        run_after -> Timestamp,
        lease_owner -> Nullable<Text>,
        lease_expires_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    verifications (id) {
        id -> Text,
        provider_id -> Text,
        document_type -> Text,
        status -> Text,
        claimed -> Text,
        file_sha256 -> Text,
        file_type -> Text,
        file_size -> BigInt,
        idempotency_key -> Nullable<Text>,
        request_hash -> Text,
        submitted_by -> Text,
        precheck -> Nullable<Text>,
        risk_score -> Nullable<Integer>,
        business_number -> Nullable<Text>,
        dhash -> Nullable<BigInt>,
        dhash_band0 -> Nullable<Integer>,
        dhash_band1 -> Nullable<Integer>,
        dhash_band2 -> Nullable<Integer>,
        dhash_band3 -> Nullable<Integer>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(api_tokens, audit_log, jobs, verifications);
