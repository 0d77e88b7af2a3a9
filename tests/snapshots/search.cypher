RETURN COLLECT { CALL db.index.fulltext.queryNodes('entity_text', $p1) YIELD node AS n1, score AS score2 WHERE any(label IN labels(n1) WHERE label IN $p0) WITH n1, score2 ORDER BY score2 DESC, n1.id ASC LIMIT $p2 RETURN {score: score2, node: {__labels: labels(n1), name: n1.name}} } AS result
// parameters: {"p0":["Pact","School"],"p1":"techniek or \\(pact","p2":5}
