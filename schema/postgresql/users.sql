CREATE TABLE IF NOT EXISTS users (
    id BIGSERIAL,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    joined_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_email_key UNIQUE (email)
);
