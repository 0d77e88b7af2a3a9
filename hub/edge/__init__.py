"""What faces the clients before the app does: the HTTP server's set-up, the proxies it trusts, and the
limits on slow or too many connections."""
