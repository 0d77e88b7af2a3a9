"""The GraphQL API: types derived from the model, the selection-to-Cypher compiler, and the HTTP endpoint."""
