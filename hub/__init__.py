"""A headless GraphQL data hub over a Neo4j graph of stakeholders."""

__version__ = "0.1.0"
