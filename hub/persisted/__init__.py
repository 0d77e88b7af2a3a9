"""Persisted operations: the named documents in queries/ as an allow-list, callable by name or hash.

In production a caller without the AD_HOC_QUERIES capability may run only these; in development
anything goes, and the registered operations are still callable by name or hash.
"""
