"""Composing official letters (naskah dinas) in the tata naskah dinas format and rendering them to PDF.

Dependency direction: naskah_types and richtext and dates are pure; context reads the models into a
LetterContext; render turns a context into HTML and PDF (WeasyPrint) and knows nothing of the models.
"""
