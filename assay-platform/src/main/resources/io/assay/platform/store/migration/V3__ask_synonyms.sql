-- Synonyms for asking in plain English: per dataset, a phrase users say ("revenue") and the SQL expression over the
-- dataset's columns it stands for ("sum(total_amount)"). Portable SQL: it runs on embedded H2 and on PostgreSQL.
CREATE TABLE ask_synonyms (
    dataset    VARCHAR(255)  NOT NULL,
    phrase     VARCHAR(200)  NOT NULL,
    expression VARCHAR(2000) NOT NULL,
    updated_by VARCHAR(64)   NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (dataset, phrase)
);
