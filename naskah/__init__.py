"""Naskah: the composition root (settings, URLs, WSGI) of the document and archive system."""
