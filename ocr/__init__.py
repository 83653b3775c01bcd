"""File-type detection, OCR and text extraction: a leaf that imports no other Naskah app."""
