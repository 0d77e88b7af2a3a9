"""Who is asking: API keys and JWT bearer tokens, mapped to roles and their capabilities."""
