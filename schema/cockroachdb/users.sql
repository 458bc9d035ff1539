CREATE TABLE IF NOT EXISTS users (
    id INT8 NOT NULL DEFAULT unique_rowid(),
    email STRING NOT NULL,
    name STRING NOT NULL,
    joined_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_email_key UNIQUE (email)
);
