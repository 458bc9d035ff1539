CREATE TABLE IF NOT EXISTS posts (
    id INT8 NOT NULL DEFAULT unique_rowid(),
    author_id INT8 NOT NULL,
    slug STRING NOT NULL,
    title STRING NOT NULL,
    body STRING NOT NULL,
    status STRING NOT NULL DEFAULT 'draft',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT posts_pkey PRIMARY KEY (id),
    CONSTRAINT posts_author_id_slug_key UNIQUE (author_id, slug),
    CONSTRAINT posts_author_id_fkey FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS posts_author_id_created_at_idx ON posts (author_id, created_at DESC) STORING (title);
