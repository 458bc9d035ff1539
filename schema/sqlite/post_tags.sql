CREATE TABLE IF NOT EXISTS post_tags (
    post_id INT8 NOT NULL,
    tag TEXT NOT NULL,
    "position" INT4 NOT NULL,
    CONSTRAINT post_tags_pkey PRIMARY KEY (post_id, tag),
    CONSTRAINT post_tags_post_id_fkey FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE,
    CONSTRAINT post_tags_tag_fkey FOREIGN KEY (tag) REFERENCES tags (name) ON UPDATE CASCADE
);
CREATE INDEX IF NOT EXISTS post_tags_tag_idx ON post_tags (tag) WHERE position < 3;
