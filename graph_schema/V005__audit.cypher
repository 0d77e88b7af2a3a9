// The audit trail of writes and the idempotency keys of creates.

CREATE CONSTRAINT hub_audit_id IF NOT EXISTS FOR (a:__HubAudit) REQUIRE a.id IS UNIQUE;
CREATE INDEX hub_audit_at IF NOT EXISTS FOR (a:__HubAudit) ON (a.at);
CREATE INDEX hub_audit_actor IF NOT EXISTS FOR (a:__HubAudit) ON (a.actor);
CREATE INDEX hub_audit_entity IF NOT EXISTS FOR (a:__HubAudit) ON (a.entityId);
CREATE CONSTRAINT hub_idempotency_key IF NOT EXISTS FOR (k:__HubIdempotency) REQUIRE k.key IS UNIQUE;
