"""What an operator watches: one access line per request (`access`), Prometheus metrics (`metrics`), and
the facts of the request being served that both are made of (`facts`)."""
