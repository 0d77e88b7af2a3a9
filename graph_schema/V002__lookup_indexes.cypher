// Name lookups, the filters users ask most, provenance, and the dates of "as of" questions.

CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
CREATE INDEX entity_synthetic IF NOT EXISTS FOR (n:Entity) ON (n.synthetic);
CREATE INDEX organisation_name IF NOT EXISTS FOR (n:Organisation) ON (n.name);
CREATE INDEX company_sector IF NOT EXISTS FOR (n:Company) ON (n.sector);
CREATE INDEX school_level IF NOT EXISTS FOR (n:School) ON (n.level);
CREATE INDEX project_type_status IF NOT EXISTS FOR (n:Project) ON (n.projectType, n.status);
CREATE INDEX funding_flow_year IF NOT EXISTS FOR (n:FundingFlow) ON (n.year);
CREATE INDEX funding_flow_status IF NOT EXISTS FOR (n:FundingFlow) ON (n.status);
CREATE INDEX observation_period IF NOT EXISTS FOR (n:Observation) ON (n.periodStart, n.periodEnd);
CREATE INDEX member_of_since IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.since);
CREATE INDEX participates_in_since IF NOT EXISTS FOR ()-[r:PARTICIPATES_IN]-() ON (r.since);
