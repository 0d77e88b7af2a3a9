"""The GraphQL API: types derived from the model, the selection-to-Cypher compiler, and the HTTP endpoint.

Everything here derives from the model, so importing the package seals it (`hub.model.registry.seal`).
"""

from hub.model.registry import seal

seal()
