"""Admin views of the archive: the clerk's screens for letter capture, in the Wagtail admin.

Modules: access (who may do what), upload (the drop zone and its per-file endpoint), captures (the queue,
the status endpoint and retry), review (read, correct, confirm), letters (the register of incoming letters),
files (originals and derived files behind a permission check), codes (the classification code chooser).
Views only parse the request, check permission, call a service and render; the work is in archive.services.
"""
