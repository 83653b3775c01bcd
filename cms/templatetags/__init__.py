"""Template tags of the catalogue (the SOP flowchart)."""
