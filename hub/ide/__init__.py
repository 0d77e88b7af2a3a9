"""GraphiQL, served by the hub in development from files npm publishes, installed beforehand
(`hub graphiql install`, which `make` runs): nothing is fetched from elsewhere when the page loads."""
