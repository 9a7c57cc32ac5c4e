"""Accounts: the custom User with its role. Its own app because users and
roles are a concept every other app leans on, and login hardening (lockout,
MFA, sessions) will live here."""
