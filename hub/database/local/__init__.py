"""The local Neo4j the hub starts itself when no NEO4J_URI is set (see `server`)."""
