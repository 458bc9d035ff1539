CREATE TABLE IF NOT EXISTS accounts (
    id UUID NOT NULL DEFAULT gen_random_uuid(),
    balance BIGINT NOT NULL,
    PRIMARY KEY (id)
);
