"""Insight for team leads and funders: the team lead's home page, period
reports with their indicators, exports that hold no names, targets and
stories.

An app of its own because it reads every app below it (contacts, matches,
the access log) and is read by none of them but privacy, whose erasure
also clears the stories written here. Its rules: each indicator is defined
once, in ``reports.indicators``; what a user may report on, in
``reports.scopes``."""
