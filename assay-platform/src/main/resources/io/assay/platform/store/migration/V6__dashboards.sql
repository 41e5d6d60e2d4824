-- Dashboards: a grid of cards (saved charts, markdown text, KPIs) and filters bound to the charts' query parameters, both
-- as JSON; owned and shared as saved charts are. Public links: signed (HMAC with a key derived from the server's secret),
-- expiring and revocable; only their id is kept here, the token is shown once. Portable SQL: H2 and PostgreSQL.
CREATE TABLE dashboards (
    id           VARCHAR(32)     NOT NULL PRIMARY KEY,
    owner        VARCHAR(64)     NOT NULL,
    name         VARCHAR(200)    NOT NULL,
    description  VARCHAR(2000),
    cards_json   VARCHAR(1000000) NOT NULL,
    filters_json VARCHAR(20000)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX dashboards_owner ON dashboards (owner);

-- As saved_chart_grants: grantee is a user's id, '*' for everyone, or 'role:<role>'.
CREATE TABLE dashboard_grants (
    dashboard_id VARCHAR(32) NOT NULL,
    grantee      VARCHAR(80) NOT NULL,
    access       VARCHAR(8)  NOT NULL,
    granted_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (dashboard_id, grantee)
);
CREATE INDEX dashboard_grants_grantee ON dashboard_grants (grantee);

CREATE TABLE dashboard_links (
    id           VARCHAR(32) NOT NULL PRIMARY KEY,
    dashboard_id VARCHAR(32) NOT NULL,
    created_by   VARCHAR(64) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX dashboard_links_dashboard ON dashboard_links (dashboard_id);
