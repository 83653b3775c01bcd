"""One retrieval layer over SOPs, letters and dispositions (infrastructure: imports no domain app)."""
