"""Coordination: agencies, users and roles, cases, freeze requests, asset ledger, audit log.

Every service function takes the acting `Principal`, checks the need-to-know policy in
`access`, runs as one transaction and leaves an audit entry whether it succeeds or is refused.
"""
