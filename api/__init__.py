"""The versioned REST API (/api/v1/): an interface layer over the services and selectors of every app.

Dependency direction: api imports cms, archive, search; nothing imports api. Endpoints stay thin: they check the
screen's permission with the same predicates the admin screens use, find records through the selectors that apply
the access rule (archive.selectors.access), and call the services; they decide no rule of their own.
"""
