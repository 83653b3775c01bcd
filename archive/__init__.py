"""Records: letters, registers, dispositions, filing and retention."""
