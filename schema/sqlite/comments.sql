CREATE TABLE IF NOT EXISTS comments (
    id UUID NOT NULL,
    post_id INT8 NOT NULL,
    author_id INT8,
    reply_to UUID,
    body TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now') || '000+00:00'),
    CONSTRAINT comments_pkey PRIMARY KEY (id),
    CONSTRAINT comments_post_id_fkey FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE,
    CONSTRAINT comments_author_id_fkey FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT comments_reply_to_fkey FOREIGN KEY (reply_to) REFERENCES comments (id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS comments_post_id_created_at_idx ON comments (post_id, created_at);
