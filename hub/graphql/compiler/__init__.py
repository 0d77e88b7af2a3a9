"""The compiler: a GraphQL selection -> a query plan -> one Cypher statement -> the shaped response.

Each layer is a module that can be tested alone: `selection` (what was asked), `plan` and `planner`
(what to fetch), `cypher` (how to fetch it in one statement), `shape` (the rows as GraphQL values).
"""
