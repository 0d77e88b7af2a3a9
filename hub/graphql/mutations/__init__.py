"""Writes: create, update and delete every node kind and relationship type, plus domain conveniences.

Each mutation runs in one explicit write transaction that checks, writes and audits, all or nothing.
"""
