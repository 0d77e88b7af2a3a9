"""Bounds on what one request may ask: document shape and cost, pages, bodies, rates, origins."""
