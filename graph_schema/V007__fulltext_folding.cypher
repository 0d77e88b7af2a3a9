// Full-text search folds accents and case: the `standard-folding` analyzer indexes 'Oriëntatie' as
// 'orientatie' (hub/graphql/compiler/lucene.py folds the search words the same way).

DROP INDEX entity_text IF EXISTS;
CREATE FULLTEXT INDEX entity_text IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.description]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
