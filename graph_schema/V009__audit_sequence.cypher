// The change feed's order: every audit entry numbered by one counter (hub/audit/entry.py), taken in the
// writing transaction, so the numbers follow commit order whichever hub process wrote. Entries written
// before this migration are numbered in the order of their time and id; they carry no record of what the
// read rule needs, so the feed shows them to readers of everything only.

CREATE CONSTRAINT hub_sequence_name IF NOT EXISTS FOR (s:__HubSequence) REQUIRE s.name IS UNIQUE;
CREATE CONSTRAINT hub_audit_sequence IF NOT EXISTS FOR (a:__HubAudit) REQUIRE a.sequence IS UNIQUE;
MERGE (seq:__HubSequence {name: '__HubAudit'}) SET seq.value = coalesce(seq.value, 0)
WITH seq
MATCH (a:__HubAudit) WHERE a.sequence IS NULL
WITH seq, a ORDER BY a.at, a.id
WITH seq, collect(a) AS unnumbered
SET seq.value = seq.value + size(unnumbered)
WITH seq.value - size(unnumbered) AS last, unnumbered
UNWIND range(0, size(unnumbered) - 1) AS i
WITH last + 1 + i AS sequence, unnumbered[i] AS a
SET a.sequence = sequence;
