CREATE TABLE IF NOT EXISTS accounts (
    id UUID NOT NULL,
    balance INT8 NOT NULL,
    CONSTRAINT accounts_pkey PRIMARY KEY (id)
);
